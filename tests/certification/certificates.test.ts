import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { awardHistories } from '#app/certification/award-histories.server.ts'
import { newVerificationCode } from '#app/certification/awards.server.ts'
import { certificateById, verifyCertificate } from '#app/certification/certificates.server.ts'
import { certificationStatusAt } from '#app/certification/status.ts'
import { loader as certificateLoader } from '#app/routes/learn+/certificates.$awardId.tsx'
import { loader as verifyLoader } from '#app/routes/verify.$code.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { createTestOrg, createTestPerson, settle, signedInRequest } from '#tests/factories.ts'
import { getEnv } from '#app/utils/env.server.ts'

const base = 'http://localhost'
const DAY_MS = 86_400_000
// The routes read the clock at the edge; the tests pin it here.
const now = new Date('2026-11-26T09:00:00Z')
const days = (n: number) => new Date(now.getTime() + n * DAY_MS)

type Holder = Awaited<ReturnType<typeof createTestPerson>>
let holder: Holder
let admin: Holder
const awards = { valid: '', expiring: '', expired: '', revoked: '', superseded: '', renewal: '' }
const codes = { ...awards }

async function createAward(personId: string, certificationCode: string, issuedAt: Date, expiresAt: Date) {
	const award = await prisma.certificationAward.create({
		data: { personId, certificationCode, issuedAt, expiresAt, source: 'imported', evidence: '{}', evidenceNote: 'Classroom course', verificationCode: newVerificationCode() },
		select: { id: true, verificationCode: true },
	})
	return award
}

beforeAll(async () => {
	await createTestOrg()
	await prisma.certification.createMany({
		data: [
			{ code: 'SEC-FOUNDATION', name: 'Secure service foundations', description: 'Baseline', validityMonths: 12, recertificationWindowDays: 60, requiredForAllReps: true },
			{ code: 'SEC-PATCH', name: 'Patch application', description: 'Patches', validityMonths: 24, recertificationWindowDays: 90, requiredForAllReps: false },
			{ code: 'SEC-BACKUP', name: 'Backup and restore', description: 'Backups', validityMonths: 24, recertificationWindowDays: 90, requiredForAllReps: false },
			{ code: 'SEC-ACCESS', name: 'Access control', description: 'Access', validityMonths: 24, recertificationWindowDays: 90, requiredForAllReps: false },
			{ code: 'SEC-HARDENING', name: 'System hardening', description: 'Hardening', validityMonths: 24, recertificationWindowDays: 90, requiredForAllReps: false },
		],
	})
	holder = await createTestPerson({ orgUnitCode: 'BL-EMEA-T1' })
	admin = await createTestPerson({ roles: ['admin'], orgUnitCode: 'BL' })
	const made = {
		valid: await createAward(holder.id, 'SEC-FOUNDATION', days(-100), days(265)),
		expiring: await createAward(holder.id, 'SEC-PATCH', days(-720), days(10)),
		expired: await createAward(holder.id, 'SEC-BACKUP', days(-735), days(-5)),
		revoked: await createAward(holder.id, 'SEC-ACCESS', days(-300), days(400)),
		// An award renewed early: the renewal applies now.
		superseded: await createAward(holder.id, 'SEC-HARDENING', days(-710), days(20)),
		renewal: await createAward(holder.id, 'SEC-HARDENING', days(-3), days(750)),
	}
	await prisma.awardStatusChange.create({ data: { awardId: made.revoked.id, kind: 'revoked', reason: 'Unscanned USB drive on a customer HMI', actorId: admin.id, at: days(-2) } })
	for (const key of Object.keys(made) as Array<keyof typeof made>) {
		awards[key] = made[key].id
		codes[key] = made[key].verificationCode
	}
})

beforeEach(() => {
	vi.useFakeTimers({ now, toFake: ['Date'] })
})

afterEach(() => {
	vi.useRealTimers()
})

const verify = (code: string) => settle(() => verifyLoader({ request: new Request(`${base}/verify/${encodeURIComponent(code)}`), params: { code }, context: {} }))

describe('verifyCertificate', () => {
	test('answers null for unknown and malformed codes', async () => {
		expect(await verifyCertificate({ code: 'ZZZZZZZZZZZZ', at: now })).toBeNull()
		for (const code of ['', 'abc', 'ABCD-EFGH-JKLM', 'A'.repeat(33), `${codes.valid}'--`]) {
			expect(await verifyCertificate({ code, at: now })).toBeNull()
		}
	})

	test('gives the status at the instant asked, ignoring case and surrounding spaces', async () => {
		const at = (n: number) => verifyCertificate({ code: ` ${codes.expiring.toLowerCase()} `, at: days(n) })
		expect(await at(-100)).toMatchObject({ certificationCode: 'SEC-PATCH', status: 'valid', expiresAt: days(10) })
		expect(await at(0)).toMatchObject({ status: 'expiring' })
		expect(await at(10)).toMatchObject({ status: 'expired' })
		expect(await at(-800)).toMatchObject({ status: 'missing' })
	})
})

describe('/verify/$code', () => {
	test('an unknown code is a 404', async () => {
		const response = (await verify('ZZZZZZZZZZZZ')) as Response
		expect(response).toBeInstanceOf(Response)
		expect(response.status).toBe(404)
	})

	test('a malformed code is a 404', async () => {
		for (const code of ['', 'abc', 'not a code!', '../../etc/passwd']) {
			const response = (await verify(code)) as Response
			expect(response).toBeInstanceOf(Response)
			expect(response.status).toBe(404)
		}
	})

	test("shows the holder's name, the certification, its status now and its expiry", async () => {
		expect(await verify(codes.valid)).toEqual({
			kind: 'holder',
			holderName: holder.name,
			certificationName: 'Secure service foundations',
			certificationCode: 'SEC-FOUNDATION',
			status: 'valid',
			expiresAt: days(265).toISOString(),
			checkedAt: now.toISOString(),
			supersededByLaterAward: false,
		})
	})

	test('reveals no email and no employee ID', async () => {
		for (const code of Object.values(codes)) {
			const data = JSON.stringify(await verify(code))
			expect(data).toContain(holder.name)
			expect(data).not.toContain(holder.email)
			expect(data).not.toContain(holder.employeeId)
		}
	})

	test('says revoked, expired or expiring as the certificate is now', async () => {
		expect(await verify(codes.revoked)).toMatchObject({ certificationCode: 'SEC-ACCESS', status: 'revoked' })
		expect(await verify(codes.expired)).toMatchObject({ certificationCode: 'SEC-BACKUP', status: 'expired', expiresAt: days(-5).toISOString() })
		expect(await verify(codes.expiring)).toMatchObject({ certificationCode: 'SEC-PATCH', status: 'expiring', expiresAt: days(10).toISOString() })
	})

	test('a suspended certificate says suspended, not revoked', async () => {
		const other = await createTestPerson({ orgUnitCode: 'BL-EMEA-T1' })
		const award = await createAward(other.id, 'SEC-FOUNDATION', days(-30), days(300))
		await prisma.awardStatusChange.create({ data: { awardId: award.id, kind: 'suspended', reason: 'Pending investigation', actorId: admin.id, at: days(-1) } })
		expect(await verify(award.verificationCode)).toMatchObject({ kind: 'holder', status: 'suspended' })
		const page = (await settle(async () => certificateLoader({ request: await signedInRequest(other.id, `${base}/learn/certificates/${award.id}`), params: { awardId: award.id }, context: {} }))) as Awaited<ReturnType<typeof certificateLoader>>
		expect(page.certificate).toMatchObject({ status: 'suspended', withdrawnSince: days(-1).toISOString(), holder: { state: 'active', since: null } })
	})

	test("a leaver's certificate is not valid, says why and since when, and nothing else", async () => {
		const leaver = await createTestPerson({ orgUnitCode: 'BL-EMEA-T1' })
		const award = await createAward(leaver.id, 'SEC-FOUNDATION', days(-30), days(300))
		await prisma.person.update({ where: { id: leaver.id }, data: { leftAt: days(-2) } })
		expect(await verify(award.verificationCode)).toEqual({
			kind: 'left',
			holderName: leaver.name,
			certificationName: 'Secure service foundations',
			certificationCode: 'SEC-FOUNDATION',
			leftAt: days(-2).toISOString(),
			checkedAt: now.toISOString(),
		})
		// Before they left, the same certificate was valid.
		expect(await verifyCertificate({ code: award.verificationCode, at: days(-3) })).toMatchObject({ holder: { state: 'active' }, status: 'valid' })
		const manager = await createTestPerson({ roles: ['manager'], orgUnitCode: 'BL-EMEA', managedUnitCodes: ['BL-EMEA'] })
		const page = (await settle(async () => certificateLoader({ request: await signedInRequest(manager.id, `${base}/learn/certificates/${award.id}`), params: { awardId: award.id }, context: {} }))) as Awaited<ReturnType<typeof certificateLoader>>
		expect(page.certificate.holder).toEqual({ state: 'left', since: days(-2).toISOString() })
	})

	test('the code is case-insensitive', async () => {
		const exact = await verify(codes.revoked)
		expect(codes.revoked).toMatch(/^[A-Z0-9]{12}$/)
		expect(await verify(codes.revoked.toLowerCase())).toEqual(exact)
		expect(await verify(`${codes.revoked.slice(0, 6).toLowerCase()}${codes.revoked.slice(6)}`)).toEqual(exact)
	})
})

describe('certificateById', () => {
	test('is null for an unknown award', async () => {
		expect(await certificateById({ awardId: 'no-such-award', at: now })).toBeNull()
	})

	test("reports the award's own state, and whether a later award supersedes it", async () => {
		expect(await certificateById({ awardId: awards.superseded, at: now })).toMatchObject({ status: 'expiring', supersededByLaterAward: true, expiresAt: days(20) })
		expect(await certificateById({ awardId: awards.renewal, at: now })).toMatchObject({ status: 'valid', supersededByLaterAward: false, expiresAt: days(750) })
		// Before the renewal was issued, the earlier award was the one in force.
		expect(await certificateById({ awardId: awards.superseded, at: days(-80) })).toMatchObject({ status: 'valid', supersededByLaterAward: false })
	})
})

describe('/learn/certificates/$awardId', () => {
	const open = async (viewerId: string, awardId: string) =>
		settle(async () => certificateLoader({ request: await signedInRequest(viewerId, `${base}/learn/certificates/${awardId}`), params: { awardId }, context: {} }))

	test('the holder sees their certificate, with a link to check it', async () => {
		const page = (await open(holder.id, awards.valid)) as Awaited<ReturnType<typeof certificateLoader>>
		expect(page.certificate).toMatchObject({
			certificationCode: 'SEC-FOUNDATION',
			holderName: holder.name,
			employeeId: holder.employeeId,
			status: 'valid',
			issuedAt: days(-100).toISOString(),
			expiresAt: days(265).toISOString(),
			verificationCode: codes.valid,
			supersededByLaterAward: false,
			changes: [],
		})
		// The configured app origin (the test environment's default), not the Host the request came with.
		expect(page.verifyUrl).toBe(`${getEnv().APP_ORIGIN}/verify/${codes.valid}`)
		expect(getEnv().APP_ORIGIN).not.toBe(base)
	})

	test('a revoked certificate shows its history with the reason', async () => {
		const page = (await open(holder.id, awards.revoked)) as Awaited<ReturnType<typeof certificateLoader>>
		expect(page.certificate.status).toBe('revoked')
		expect(page.certificate.changes).toEqual([{ kind: 'revoked', reason: 'Unscanned USB drive on a customer HMI', at: days(-2).toISOString(), by: expect.stringMatching(/^Test Person/) }])
	})

	test('another rep gets a 404, as for a certificate that does not exist', async () => {
		const otherRep = await createTestPerson({ orgUnitCode: 'BL-EMEA-T1' })
		expect(((await open(otherRep.id, awards.valid)) as Response).status).toBe(404)
		expect(((await open(holder.id, 'no-such-award')) as Response).status).toBe(404)
	})

	test("a manager overseeing the holder's unit sees it; a manager of another region gets a 404", async () => {
		const regionManager = await createTestPerson({ roles: ['manager'], orgUnitCode: 'BL-EMEA', managedUnitCodes: ['BL-EMEA'] })
		const teamManager = await createTestPerson({ roles: ['manager'], orgUnitCode: 'BL-EMEA-T1', managedUnitCodes: ['BL-EMEA-T1'] })
		const otherManager = await createTestPerson({ roles: ['manager'], orgUnitCode: 'BL-NA', managedUnitCodes: ['BL-NA'] })
		for (const manager of [regionManager, teamManager, admin]) {
			const page = (await open(manager.id, awards.valid)) as Awaited<ReturnType<typeof certificateLoader>>
			expect(page.certificate.holderName).toBe(holder.name)
		}
		const refused = (await open(otherManager.id, awards.valid)) as Response
		expect(refused).toBeInstanceOf(Response)
		expect(refused.status).toBe(404)
	})

	test('an anonymous visitor is sent to sign in', async () => {
		const response = (await settle(() => certificateLoader({ request: new Request(`${base}/learn/certificates/${awards.valid}`), params: { awardId: awards.valid }, context: {} }))) as Response
		expect(response.status).toBe(302)
		expect(response.headers.get('Location')).toBe(`/login?redirectTo=${encodeURIComponent(`/learn/certificates/${awards.valid}`)}`)
	})

	test('shows the same status and dates as the status function for that award', async () => {
		const windows = new Map((await prisma.certification.findMany({ select: { code: true, recertificationWindowDays: true } })).map((c) => [c.code, c.recertificationWindowDays]))
		const seen = new Set<string>()
		for (const awardId of Object.values(awards)) {
			const page = (await open(holder.id, awardId)) as Awaited<ReturnType<typeof certificateLoader>>
			const code = page.certificate.certificationCode
			const history = (await awardHistories(holder.id, code)).filter((a) => a.id === awardId)
			const expected = certificationStatusAt({ awards: history, windowDays: windows.get(code)! }, now)
			expect(page.certificate).toMatchObject({ status: expected.status, expiresAt: expected.expiresAt!.toISOString(), windowOpensAt: expected.windowOpensAt!.toISOString() })
			seen.add(expected.status)
		}
		expect([...seen].sort()).toEqual(['expired', 'expiring', 'revoked', 'valid'])
	})
})
