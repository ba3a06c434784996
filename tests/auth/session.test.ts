import { beforeAll, describe, expect, test } from 'vitest'
import { getOptionalUser } from '#app/auth/permissions.server.ts'
import { SESSION_COOKIE } from '#app/auth/session.server.ts'
import { createTestOrg, createTestPerson, signedInRequest } from '#tests/factories.ts'

beforeAll(async () => {
	await createTestOrg()
})

const withCookies = (request: Request, ...extra: string[]) => {
	const headers = new Headers(request.headers)
	headers.set('Cookie', [...extra, headers.get('Cookie')].join('; '))
	return new Request(request.url, { headers })
}

describe('the session cookie', () => {
	test('is a host-only cookie named for the scheme the app is served over', () => {
		// The test environment serves over http (the default APP_ORIGIN); over https the name carries the __Host- prefix.
		expect(SESSION_COOKIE).toBe('fr_session')
	})

	test('a second session cookie, as a page on another port or sub-domain could plant, signs the request out instead of being used', async () => {
		const victim = await createTestPerson()
		const attacker = await createTestPerson()
		const real = await signedInRequest(victim.id, 'http://localhost/learn')
		expect((await getOptionalUser(real))?.id).toBe(victim.id)

		const planted = (await signedInRequest(attacker.id, 'http://localhost/learn')).headers.get('Cookie')!
		expect((await getOptionalUser(withCookies(real, planted)))?.id).toBeUndefined()
		expect(await getOptionalUser(withCookies(real, `${SESSION_COOKIE}=forged`))).toBeNull()
		expect((await getOptionalUser(withCookies(real, 'theme=dark')))?.id).toBe(victim.id)
	})
})
