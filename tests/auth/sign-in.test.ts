import { beforeAll, describe, expect, test } from 'vitest'
import { rehearseSignIn, signIn } from '#app/auth/sign-in.server.ts'
import { lockoutMs, SIGN_IN_THROTTLE } from '#app/auth/sign-in-throttle.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { action as loginAction } from '#app/routes/_auth+/login.tsx'
import { action as auditPageAction, loader as auditPageLoader } from '#app/routes/admin+/audit.tsx'
import { createTestOrg, createTestPerson, signedInRequest, TEST_PASSWORD } from '#tests/factories.ts'

beforeAll(createTestOrg)

function loginRequest(fields: Record<string, string>, url = 'http://localhost/login') {
	return new Request(url, { method: 'POST', body: new URLSearchParams(fields) })
}

async function eventsFor(email: string) {
	return prisma.auditEvent.findMany({ where: { subjectId: email }, orderBy: { seq: 'asc' }, select: { action: true, actorType: true, details: true } })
}

describe('rehearseSignIn (run at start-up)', () => {
	test('runs a sign-in\'s statements and leaves nothing behind', async () => {
		const before = { throttles: await prisma.signInThrottle.count(), sessions: await prisma.session.count(), events: await prisma.auditEvent.count() }
		await rehearseSignIn(new Date())
		expect({ throttles: await prisma.signInThrottle.count(), sessions: await prisma.session.count(), events: await prisma.auditEvent.count() }).toEqual(before)
	})

	test('a database failure is not mistaken for the rehearsal\'s own rollback', async () => {
		const failing = { $transaction: () => Promise.reject(new Error('disk I/O error')) } as unknown as typeof prisma
		await expect(rehearseSignIn(new Date(), failing)).rejects.toThrow('disk I/O error')
	})
})

describe('signIn', () => {
	test('the right password signs in, creates a session and audits it', async () => {
		const rep = await createTestPerson()
		const at = new Date()
		const result = await signIn({ email: rep.email, password: TEST_PASSWORD, ip: '10.0.0.1', at })
		expect(result).toMatchObject({ status: 'signed-in', personId: rep.id, roles: ['rep'] })
		const sessions = await prisma.session.findMany({ where: { personId: rep.id } })
		expect(sessions).toHaveLength(1)
		expect(await eventsFor(rep.email)).toEqual([{ action: 'auth.signed_in', actorType: 'person', details: '{"ip":"10.0.0.1"}' }])
	})

	test('a wrong password is refused and audited as a failure', async () => {
		const rep = await createTestPerson()
		const result = await signIn({ email: rep.email, password: 'not it', ip: null, at: new Date() })
		expect(result).toEqual({ status: 'invalid' })
		expect(await prisma.session.count({ where: { personId: rep.id } })).toBe(0)
		expect(await eventsFor(rep.email)).toEqual([
			{ action: 'auth.sign_in_failed', actorType: 'anonymous', details: '{"ip":null,"reason":"wrong password"}' },
		])
	})

	test('an unknown account gets the same answer as a wrong password', async () => {
		const result = await signIn({ email: 'nobody@example.com', password: TEST_PASSWORD, ip: null, at: new Date() })
		expect(result).toEqual({ status: 'invalid' })
		expect((await eventsFor('nobody@example.com')).map((e) => e.action)).toEqual(['auth.sign_in_failed'])
	})

	test('a person who left cannot sign in', async () => {
		const leaver = await createTestPerson({ leftAt: new Date(Date.now() - 1000) })
		expect(await signIn({ email: leaver.email, password: TEST_PASSWORD, ip: null, at: new Date() })).toEqual({ status: 'invalid' })
	})

	test('repeated failures throttle the account, even for the right password, until the window passes', async () => {
		const rep = await createTestPerson()
		const start = new Date('2026-11-26T10:00:00Z')
		for (let i = 0; i < SIGN_IN_THROTTLE.perAccountAndAddress; i++) {
			const at = new Date(start.getTime() + i * 1000)
			expect(await signIn({ email: rep.email, password: 'guess', ip: null, at })).toEqual({ status: 'invalid' })
		}
		const blocked = await signIn({ email: rep.email, password: TEST_PASSWORD, ip: null, at: new Date(start.getTime() + 60_000) })
		const lastFailure = start.getTime() + (SIGN_IN_THROTTLE.perAccountAndAddress - 1) * 1000
		expect(blocked).toEqual({ status: 'throttled', retryAt: new Date(lastFailure + SIGN_IN_THROTTLE.windowMs) })
		expect((await eventsFor(rep.email)).at(-1)?.action).toBe('auth.sign_in_throttled')

		const later = new Date(start.getTime() + SIGN_IN_THROTTLE.windowMs + 5_000)
		expect(await signIn({ email: rep.email, password: TEST_PASSWORD, ip: null, at: later })).toMatchObject({ status: 'signed-in' })
	})

	test('a successful sign-in clears earlier failures from the count', async () => {
		const rep = await createTestPerson()
		const start = new Date('2026-11-26T12:00:00Z')
		const at = (seconds: number) => new Date(start.getTime() + seconds * 1000)
		for (let i = 0; i < SIGN_IN_THROTTLE.perAccountAndAddress - 1; i++) await signIn({ email: rep.email, password: 'x', ip: null, at: at(i) })
		expect(await signIn({ email: rep.email, password: TEST_PASSWORD, ip: null, at: at(10) })).toMatchObject({ status: 'signed-in' })
		expect(await signIn({ email: rep.email, password: 'x', ip: null, at: at(11) })).toEqual({ status: 'invalid' })
		expect(await signIn({ email: rep.email, password: TEST_PASSWORD, ip: null, at: at(12) })).toMatchObject({ status: 'signed-in' })
	})
})

describe('throttling that cannot be raced or turned against the account owner', () => {
	const statuses = (results: Array<{ status: string }>) => results.map((r) => r.status).reduce<Record<string, number>>((counts, status) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {})

	test('twenty wrong passwords sent at once: only the first five are checked, and one refusal is audited', async () => {
		const rep = await createTestPerson()
		const at = new Date('2026-11-27T09:00:00Z')
		const results = await Promise.all(Array.from({ length: 20 }, () => signIn({ email: rep.email, password: 'guess', ip: '203.0.113.20', at })))
		expect(statuses(results)).toEqual({ invalid: SIGN_IN_THROTTLE.perAccountAndAddress, throttled: 20 - SIGN_IN_THROTTLE.perAccountAndAddress })
		const actions = (await eventsFor(rep.email)).map((e) => e.action)
		expect(actions.filter((a) => a === 'auth.sign_in_failed')).toHaveLength(SIGN_IN_THROTTLE.perAccountAndAddress)
		expect(actions.filter((a) => a === 'auth.sign_in_throttled')).toHaveLength(1)
	})

	test("an attacker's failures lock out the attacker's address, not the owner", async () => {
		const rep = await createTestPerson()
		const at = new Date('2026-11-27T10:00:00Z')
		for (let i = 0; i < SIGN_IN_THROTTLE.perAccountAndAddress + 3; i++) await signIn({ email: rep.email, password: 'guess', ip: '198.51.100.66', at })
		expect(await signIn({ email: rep.email, password: TEST_PASSWORD, ip: '198.51.100.66', at })).toMatchObject({ status: 'throttled' })
		expect(await signIn({ email: rep.email, password: TEST_PASSWORD, ip: '192.0.2.10', at })).toMatchObject({ status: 'signed-in' })
	})

	test('lockouts in a row from one address grow, and a success resets them', async () => {
		const rep = await createTestPerson()
		const ip = '198.51.100.70'
		let at = new Date('2026-11-27T14:00:00Z')
		const fail = () => signIn({ email: rep.email, password: 'guess', ip, at })
		/** Fails until locked out, even the right password refused; moves the clock to the lockout's end and returns its length. */
		const lockout = async () => {
			for (let i = 0; i < SIGN_IN_THROTTLE.perAccountAndAddress; i++) expect(await fail()).toEqual({ status: 'invalid' })
			const refused = await signIn({ email: rep.email, password: TEST_PASSWORD, ip, at })
			if (refused.status !== 'throttled') throw new Error(`expected a lockout, got ${refused.status}`)
			const length = refused.retryAt.getTime() - at.getTime()
			at = refused.retryAt
			return length
		}
		const lengths = []
		for (let round = 0; round < 4; round++) lengths.push(await lockout())
		expect(lengths).toEqual([1, 2, 4, 8].map((n) => n * SIGN_IN_THROTTLE.windowMs))
		expect(lockoutMs(20)).toBe(SIGN_IN_THROTTLE.maxLockoutMs)
		// When the lockout ends the owner gets in, and the next lockout is the shortest again.
		expect(await signIn({ email: rep.email, password: TEST_PASSWORD, ip, at })).toMatchObject({ status: 'signed-in' })
		expect(await lockout()).toBe(SIGN_IN_THROTTLE.windowMs)
	})

	test('failures from many addresses slow the account to one try per interval, and its owner still gets in', async () => {
		const rep = await createTestPerson()
		const at = new Date('2026-11-27T11:00:00Z')
		const later = (ms: number) => new Date(at.getTime() + ms)
		for (let i = 0; i < SIGN_IN_THROTTLE.perAccount; i++) await signIn({ email: rep.email, password: 'guess', ip: `10.9.${Math.floor(i / 200)}.${i % 200}`, at: later(i) })
		const slowed = await signIn({ email: rep.email, password: TEST_PASSWORD, ip: '192.0.2.11', at: later(1_000) })
		expect(slowed).toEqual({ status: 'throttled', retryAt: later(SIGN_IN_THROTTLE.perAccount - 1 + SIGN_IN_THROTTLE.slowedIntervalMs) })
		expect(await signIn({ email: rep.email, password: TEST_PASSWORD, ip: '192.0.2.11', at: later(SIGN_IN_THROTTLE.perAccount + SIGN_IN_THROTTLE.slowedIntervalMs) })).toMatchObject({ status: 'signed-in' })
	})

	test('one address trying many accounts is stopped at the per-address limit', async () => {
		const at = new Date('2026-11-27T12:00:00Z')
		const people = await Promise.all(Array.from({ length: SIGN_IN_THROTTLE.perAddress + 1 }, () => createTestPerson()))
		const results = []
		for (const person of people) results.push(await signIn({ email: person.email, password: 'Spring2026!', ip: '203.0.113.30', at }))
		expect(statuses(results)).toEqual({ invalid: SIGN_IN_THROTTLE.perAddress, throttled: 1 })
	})

	test('made-up accounts from one address leave one audit row per window, counted on the throttle', async () => {
		const at = new Date('2026-11-27T13:00:00Z')
		for (let i = 0; i < 12; i++) expect(await signIn({ email: `ghost-${i}@example.com`, password: 'x', ip: '203.0.113.40', at })).toEqual({ status: 'invalid' })
		const rows = await prisma.auditEvent.count({ where: { action: 'auth.sign_in_failed', subjectId: { startsWith: 'ghost-' } } })
		expect(rows).toBe(1)
		expect(await prisma.signInThrottle.findUniqueOrThrow({ where: { key: 'address:203.0.113.40' } })).toMatchObject({ unknownAccountFailures: 12 })
	})
})

describe('admins see the limits in force and can lift one, with a reason', () => {
	test('a rep locked out from one address is listed; lifting it is audited and lets them try again', async () => {
		const rep = await createTestPerson()
		const admin = await createTestPerson({ roles: ['admin'], orgUnitCode: 'BL' })
		const at = new Date()
		for (let i = 0; i <= SIGN_IN_THROTTLE.perAccountAndAddress; i++) await signIn({ email: rep.email, password: 'mistyped', ip: '192.0.2.77', at })
		expect(await signIn({ email: rep.email, password: TEST_PASSWORD, ip: '192.0.2.77', at })).toMatchObject({ status: 'throttled' })
		const key = `account-address:${rep.email}|192.0.2.77`
		const page = (await auditPageLoader({ request: await signedInRequest(admin.id, 'http://localhost/admin/audit'), params: {}, context: {} })) as { throttles: Array<{ key: string; attempts: number; refusals: number }> }
		expect(page.throttles).toContainEqual(expect.objectContaining({ key, attempts: SIGN_IN_THROTTLE.perAccountAndAddress, refusals: 2 }))

		const lift = async (reason: string) =>
			auditPageAction({ request: await signedInRequest(admin.id, 'http://localhost/admin/audit', { method: 'POST', body: new URLSearchParams({ intent: 'clear-throttle', key, reason }) }), params: {}, context: {} })
		expect(await lift('ok')).toMatchObject({ data: { error: 'Say why in at least 10 characters.' }, init: { status: 400 } })
		expect(await lift('Called the help desk: mistyped after a password change.')).toEqual({ error: null, cleared: key })
		expect(await prisma.auditEvent.count({ where: { action: 'auth.throttle_cleared', subjectId: key, actorId: admin.id } })).toBe(1)
		expect(await signIn({ email: rep.email, password: TEST_PASSWORD, ip: '192.0.2.77', at })).toMatchObject({ status: 'signed-in' })
	})
})

describe('the /login action', () => {
	test('signs in with email and password, sets an httpOnly SameSite=Lax cookie and redirects home', async () => {
		const rep = await createTestPerson()
		const response = (await loginAction({ request: loginRequest({ email: rep.email.toUpperCase(), password: TEST_PASSWORD }), params: {}, context: {} }).catch((r: unknown) => r)) as Response
		expect(response.status).toBe(302)
		expect(response.headers.get('Location')).toBe('/learn')
		const cookie = response.headers.get('Set-Cookie') ?? ''
		expect(cookie).toMatch(/^fr_session=/)
		expect(cookie).toMatch(/HttpOnly/)
		expect(cookie).toMatch(/SameSite=Lax/)
		expect(cookie).not.toMatch(/Secure/)
	})

	test('marks the cookie Secure when served over HTTPS', async () => {
		const rep = await createTestPerson()
		const request = loginRequest({ email: rep.email, password: TEST_PASSWORD }, 'https://fieldready.example/login')
		const response = (await loginAction({ request, params: {}, context: {} }).catch((r: unknown) => r)) as Response
		expect(response.headers.get('Set-Cookie')).toMatch(/Secure/)
	})

	test('returns to a same-site page but never to another site', async () => {
		const manager = await createTestPerson({ roles: ['manager'], managedUnitCodes: ['BL-EMEA'] })
		const run = (redirectTo: string) =>
			loginAction({ request: loginRequest({ email: manager.email, password: TEST_PASSWORD, redirectTo }), params: {}, context: {} }).catch(
				(r: unknown) => r as Response,
			)
		expect(((await run('/manage/people')) as Response).headers.get('Location')).toBe('/manage/people')
		expect(((await run('//evil.example/')) as Response).headers.get('Location')).toBe('/manage/readiness')
	})

	test('answers a malformed form with field errors and no session', async () => {
		const result = (await loginAction({ request: loginRequest({ email: 'not-an-email', password: '' }), params: {}, context: {} })) as {
			init: { status: number }
			data: { result: { error: Record<string, string[]> } }
		}
		expect(result.init.status).toBe(400)
		// In plain words, as a person reads them, not the validation library's.
		expect(result.data.result.error).toEqual({ email: ['Enter an email address such as name@example.com.'], password: ['Enter your password.'] })
		const empty = (await loginAction({ request: loginRequest({ email: '', password: '' }), params: {}, context: {} })) as typeof result
		expect(empty.data.result.error).toEqual({ email: ['Enter an email address.'], password: ['Enter your password.'] })
	})

	test('answers a wrong password with one message that does not reveal whether the account exists', async () => {
		const rep = await createTestPerson()
		const wrong = (await loginAction({ request: loginRequest({ email: rep.email, password: 'nope' }), params: {}, context: {} })) as {
			init: { status: number }
			data: { result: { error: Record<string, string[]> } }
		}
		const unknown = (await loginAction({ request: loginRequest({ email: 'ghost@example.com', password: 'nope' }), params: {}, context: {} })) as typeof wrong
		expect(wrong.init.status).toBe(400)
		expect(wrong.data.result.error['']).toEqual(['Email or password is incorrect.'])
		expect(unknown.data.result.error['']).toEqual(wrong.data.result.error[''])
	})

	test('answers 429 with Retry-After once the account is throttled', async () => {
		const rep = await createTestPerson()
		for (let i = 0; i < SIGN_IN_THROTTLE.perAccountAndAddress; i++) {
			await loginAction({ request: loginRequest({ email: rep.email, password: 'guess' }), params: {}, context: {} })
		}
		const result = (await loginAction({ request: loginRequest({ email: rep.email, password: TEST_PASSWORD }), params: {}, context: {} })) as {
			init: { status: number; headers: Record<string, string> }
		}
		expect(result.init.status).toBe(429)
		expect(Number(result.init.headers['Retry-After'])).toBeGreaterThan(0)
	})
})
