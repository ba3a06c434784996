import { appendAuditEvent, type AuditActor } from '#app/audit/audit-log.server.ts'
import { prisma, type Db, type DbTransaction } from '#app/utils/db.server.ts'

/**
 * Sign-in limits, each in a fixed window per key:
 * - one account from one address: a few tries, then that address is locked out, each lockout in
 *   a row twice as long as the one before (15 minutes, 30, an hour… at most a day);
 * - one address across accounts: password spraying from one place stops;
 * - one account from every address: past a ceiling it is slowed to one try per interval, never
 *   locked, so nobody can keep its owner out by failing on purpose from elsewhere.
 */
export const SIGN_IN_THROTTLE = {
	windowMs: 15 * 60 * 1000,
	perAccountAndAddress: 5,
	perAddress: 30,
	perAccount: 50,
	slowedIntervalMs: 30 * 1000,
	maxLockoutMs: 24 * 60 * 60 * 1000,
	/** A day after a lockout ended with no new one, the next starts again from the shortest. */
	lockoutMemoryMs: 24 * 60 * 60 * 1000,
} as const

/** The nth lockout in a row (from 1). */
export const lockoutMs = (lockouts: number) => Math.min(SIGN_IN_THROTTLE.windowMs * 2 ** (lockouts - 1), SIGN_IN_THROTTLE.maxLockoutMs)

export type ThrottleScope = 'account-address' | 'address' | 'account'
export type ThrottleKeys = Record<ThrottleScope, string>

export function throttleKeys(email: string, ip: string | null): ThrottleKeys {
	const address = ip ?? 'unknown'
	return { 'account-address': `account-address:${email}|${address}`, address: `address:${address}`, account: `account:${email}` }
}

/** Thrown inside the counting transaction, so that a refused attempt moves no count. */
export class SignInRefused extends Error {
	constructor(
		readonly scope: ThrottleScope,
		readonly retryAt: Date,
	) {
		super(`sign-in refused by the ${scope} limit until ${retryAt.toISOString()}`)
	}
}

async function openWindow(tx: DbTransaction, key: string, at: Date) {
	// Not Prisma's upsert: on PostgreSQL two first attempts at once would both insert, and one fail.
	await tx.$executeRaw`INSERT INTO "SignInThrottle" ("key", "windowStart", "lastAt") VALUES (${key}, ${at}, ${at}) ON CONFLICT ("key") DO NOTHING`
	await tx.signInThrottle.updateMany({
		where: { key, windowStart: { lte: new Date(at.getTime() - SIGN_IN_THROTTLE.windowMs) } },
		data: { windowStart: at, attempts: 0, refusals: 0, unknownAccountFailures: 0 },
	})
	await tx.signInThrottle.updateMany({ where: { key, lockouts: { gt: 0 }, lockedUntil: { lte: new Date(at.getTime() - SIGN_IN_THROTTLE.lockoutMemoryMs) } }, data: { lockouts: 0 } })
	return tx.signInThrottle.findUniqueOrThrow({ where: { key }, select: { windowStart: true, lastAt: true, lockedUntil: true } })
}

/** The attempt that reaches the account-address limit starts the next lockout in the row. */
async function lockAtLimit(tx: DbTransaction, key: string, at: Date) {
	const { attempts, lockouts } = await tx.signInThrottle.findUniqueOrThrow({ where: { key }, select: { attempts: true, lockouts: true } })
	if (attempts < SIGN_IN_THROTTLE.perAccountAndAddress) return
	await tx.signInThrottle.update({ where: { key }, data: { lockouts: lockouts + 1, lockedUntil: new Date(at.getTime() + lockoutMs(lockouts + 1)) } })
}

/** One attempt under `limit` in the key's window, taken by one conditional update (atomic on any database). */
async function take(tx: DbTransaction, key: string, limit: number, at: Date) {
	const { count } = await tx.signInThrottle.updateMany({ where: { key, attempts: { lt: limit } }, data: { attempts: { increment: 1 }, lastAt: at } })
	return count === 1
}

const windowEnd = (row: { windowStart: Date }) => new Date(row.windowStart.getTime() + SIGN_IN_THROTTLE.windowMs)

/**
 * Counts a sign-in attempt against all three keys before the password is checked, or throws
 * `SignInRefused`: run it inside a transaction so that a refusal rolls every count back.
 */
export async function countSignInAttempt(tx: DbTransaction, keys: ThrottleKeys, at: Date) {
	const pair = await openWindow(tx, keys['account-address'], at)
	const address = await openWindow(tx, keys.address, at)
	const account = await openWindow(tx, keys.account, at)
	if (pair.lockedUntil && pair.lockedUntil > at) throw new SignInRefused('account-address', pair.lockedUntil)
	if (!(await take(tx, keys['account-address'], SIGN_IN_THROTTLE.perAccountAndAddress, at))) throw new SignInRefused('account-address', windowEnd(pair))
	await lockAtLimit(tx, keys['account-address'], at)
	if (!(await take(tx, keys.address, SIGN_IN_THROTTLE.perAddress, at))) throw new SignInRefused('address', windowEnd(address))
	if (await take(tx, keys.account, SIGN_IN_THROTTLE.perAccount, at)) return
	// Over the account's ceiling: slowed, not locked.
	const { count } = await tx.signInThrottle.updateMany({
		where: { key: keys.account, lastAt: { lte: new Date(at.getTime() - SIGN_IN_THROTTLE.slowedIntervalMs) } },
		data: { attempts: { increment: 1 }, lastAt: at },
	})
	if (count !== 1) throw new SignInRefused('account', new Date(account.lastAt.getTime() + SIGN_IN_THROTTLE.slowedIntervalMs))
}

/** Counts a refusal on its key; true for the first of the window (the one worth an audit row). */
export async function noteRefusal(tx: DbTransaction, key: string) {
	const { refusals } = await tx.signInThrottle.update({ where: { key }, data: { refusals: { increment: 1 } }, select: { refusals: true } })
	return refusals === 1
}

/** Counts a failure for an account that does not exist; true for the first from this address in the window. */
export async function noteUnknownAccountFailure(tx: DbTransaction, keys: ThrottleKeys) {
	const { unknownAccountFailures } = await tx.signInThrottle.update({ where: { key: keys.address }, data: { unknownAccountFailures: { increment: 1 } }, select: { unknownAccountFailures: true } })
	return unknownAccountFailures === 1
}

/** A successful sign-in gives its attempt back everywhere and clears its account-address count. */
export async function settleSuccessfulSignIn(tx: DbTransaction, keys: ThrottleKeys) {
	await tx.signInThrottle.updateMany({ where: { key: keys['account-address'] }, data: { attempts: 0, lockouts: 0, lockedUntil: null } })
	await tx.signInThrottle.updateMany({ where: { key: { in: [keys.address, keys.account] }, attempts: { gt: 0 } }, data: { attempts: { decrement: 1 } } })
}

const limitOf = (key: string) => (key.startsWith('account-address:') ? SIGN_IN_THROTTLE.perAccountAndAddress : key.startsWith('address:') ? SIGN_IN_THROTTLE.perAddress : SIGN_IN_THROTTLE.perAccount)

/** Keys whose current window has refused someone or reached its limit: what an admin may want to lift. */
export async function activeThrottles(at: Date, db: Db = prisma) {
	const rows = await db.signInThrottle.findMany({
		where: { OR: [{ lockedUntil: { gt: at } }, { windowStart: { gt: new Date(at.getTime() - SIGN_IN_THROTTLE.windowMs) }, OR: [{ refusals: { gt: 0 } }, { attempts: { gte: SIGN_IN_THROTTLE.perAccountAndAddress } }] }] },
		orderBy: { lastAt: 'desc' },
		take: 200,
	})
	return rows
		.filter((row) => (row.lockedUntil && row.lockedUntil > at) || row.refusals > 0 || row.attempts >= limitOf(row.key))
		.map((row) => {
			const windowEnd = new Date(row.windowStart.getTime() + SIGN_IN_THROTTLE.windowMs)
			const until = row.lockedUntil && row.lockedUntil > windowEnd ? row.lockedUntil : windowEnd
			return { key: row.key, attempts: row.attempts, limit: limitOf(row.key), refusals: row.refusals, lockouts: row.lockouts, until, lastAt: row.lastAt }
		})
}

/** An admin lifts a throttle (a rep locked out from the office address after mistyping): audited, with a reason. */
export async function clearThrottle({ key, reason, actor, at }: { key: string; reason: string; actor: AuditActor; at: Date }, db: Db = prisma) {
	return db.$transaction(async (tx) => {
		const { count } = await tx.signInThrottle.deleteMany({ where: { key } })
		if (count === 1) await appendAuditEvent(tx, { actor, action: 'auth.throttle_cleared', subject: { type: 'sign_in_throttle', id: key }, details: { reason }, at })
		return count === 1
	})
}
