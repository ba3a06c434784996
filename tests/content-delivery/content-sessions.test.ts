import { beforeAll, describe, expect, test } from 'vitest'
import { signOut } from '#app/auth/sign-in.server.ts'
import { CONTENT_SESSION_IDLE_MS, keepContentSessionAlive, openContentSession, resolveContentSession } from '#app/content-delivery/content-sessions.server.ts'
import { deactivatePerson } from '#app/people/people.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestOrg, createTestPerson } from '#tests/factories.ts'

const at = new Date('2026-12-03T09:00:00Z')
const after = (ms: number) => new Date(at.getTime() + ms)

beforeAll(async () => {
	await createTestOrg()
})

async function openFor({ appSessionHours = 12 } = {}) {
	const person = await createTestPerson()
	const appSession = await prisma.session.create({ data: { personId: person.id, expiresAt: after(appSessionHours * 3600_000), createdAt: at } })
	const attempt = await prisma.scormAttempt.create({
		data: { personId: person.id, moduleId: 'm', moduleVersionId: 'v', packageId: 'p'.repeat(64), completionRule: 'Completed', startedAt: at, updatedAt: at, completionStatus: 'not attempted', successStatus: 'unknown' },
	})
	const token = await openContentSession({ attemptId: attempt.id, appSessionId: appSession.id, at })
	return { person, appSession, attempt, token }
}

describe('content sessions: the capability in a content-origin URL', () => {
	test('opens exactly the attempt it was made for', async () => {
		const { attempt, person, token } = await openFor()
		expect(await resolveContentSession(token, after(60_000))).toEqual({ id: token.split('.')[0], attempt: { id: attempt.id, personId: person.id, purpose: 'learning', packageId: 'p'.repeat(64) } })
	})

	test('a forged, altered or malformed token opens nothing', async () => {
		const { token } = await openFor()
		const [id, signature] = token.split('.') as [string, string]
		const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`
		for (const forged of [`${id}.${flipped}`, `${'A'.repeat(22)}.${signature}`, id, '', '../../etc/passwd', `${id}.${signature}.x`]) {
			expect(await resolveContentSession(forged, after(1000))).toBe('unknown')
		}
	})

	test('lapses when idle, and a heartbeat keeps it open', async () => {
		const { token } = await openFor()
		const sessionId = token.split('.')[0]!
		expect(await resolveContentSession(token, after(CONTENT_SESSION_IDLE_MS - 1))).not.toBe('expired')
		expect(await resolveContentSession(token, after(CONTENT_SESSION_IDLE_MS))).toBe('expired')
		await keepContentSessionAlive({ sessionId, at: after(CONTENT_SESSION_IDLE_MS - 60_000) })
		expect(await resolveContentSession(token, after(2 * CONTENT_SESSION_IDLE_MS - 120_000))).not.toBe('expired')
	})

	test('ends with the app session: at its expiry, at sign-out, and when the person leaves', async () => {
		const short = await openFor({ appSessionHours: 0.25 })
		expect(await resolveContentSession(short.token, after(15 * 60_000))).toBe('expired')

		const signedOut = await openFor()
		expect(await resolveContentSession(signedOut.token, after(1000))).not.toBe('expired')
		await signOut({ sessionId: signedOut.appSession.id, at: after(1000) })
		expect(await resolveContentSession(signedOut.token, after(2000))).toBe('expired')

		const leaver = await openFor()
		await deactivatePerson({ personId: leaver.person.id, leftAt: after(1000), reason: 'left the company', actor: { type: 'system', id: 'test' }, at: after(1000) })
		expect(await resolveContentSession(leaver.token, after(2000))).toBe('expired')
	})
})
