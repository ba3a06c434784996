import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

// scrypt is memory-hard: N=2^15, r=8 needs 32 MiB per hash, which makes offline guessing costly.
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const
const KEY_LENGTH = 32
const MAX_MEMORY = 64 * 1024 * 1024

function scryptAsync(password: string, salt: Buffer, options: ScryptOptions) {
	return new Promise<Buffer>((resolve, reject) => {
		scrypt(password, salt, KEY_LENGTH, { ...options, maxmem: MAX_MEMORY }, (error, key) =>
			error ? reject(error) : resolve(key),
		)
	})
}

/** Returns `scrypt$N$r$p$salt$key` (salt and key base64). */
export async function hashPassword(password: string, salt: Buffer = randomBytes(16)) {
	const key = await scryptAsync(password, salt, PARAMS)
	return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$')
}

export async function verifyPassword(password: string, storedHash: string) {
	const [scheme, n, r, p, salt, key] = storedHash.split('$')
	if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false
	const expected = Buffer.from(key, 'base64')
	const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), {
		N: Number(n),
		r: Number(r),
		p: Number(p),
	})
	return actual.length === expected.length && timingSafeEqual(actual, expected)
}
