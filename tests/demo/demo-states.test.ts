import { beforeAll, describe, expect, test } from 'vitest'
import { awardHistories } from '#app/certification/award-histories.server.ts'
import { certificationOverview } from '#app/certification/overview.server.ts'
import { requiredCertificationCodes } from '#app/certification/requirements.server.ts'
import { certificationStatusAt, type CertificationStatus } from '#app/certification/status.ts'
import { myTrainingPlan } from '#app/learning/my-training.server.ts'
import { isActiveAt } from '#app/people/people.server.ts'
import { openRetrainingFor } from '#app/retraining/retraining.server.ts'
import { type Db } from '#app/utils/db.server.ts'
import { seededDatabase } from '#tests/db-utils.ts'

const now = new Date('2026-11-26T09:00:00Z')
const DAY_MS = 86_400_000
const days = (n: number) => new Date(now.getTime() + n * DAY_MS)
const ALL = ['SEC-ACCESS', 'SEC-BACKUP', 'SEC-FOUNDATION', 'SEC-HARDENING', 'SEC-MALWARE', 'SEC-MALWARE-RESPONSE', 'SEC-NETWORK', 'SEC-PATCH', 'SEC-SIS']

let db: Db

beforeAll(async () => {
	db = await seededDatabase(now)
})

const personId = async (employeeId: string) => (await db.person.findUniqueOrThrow({ where: { employeeId }, select: { id: true } })).id

/** The status function itself, fed from the database: what every page must agree with. */
async function statusAt(employeeId: string, code: string, at = now) {
	const certification = await db.certification.findUniqueOrThrow({ where: { code }, select: { recertificationWindowDays: true } })
	return certificationStatusAt({ awards: await awardHistories(await personId(employeeId), code, db), windowDays: certification.recertificationWindowDays }, at)
}

const overviewOf = async (employeeId: string) => certificationOverview({ personId: await personId(employeeId), at: now }, db)
const lineOf = async (employeeId: string, code: string) => (await overviewOf(employeeId)).find((line) => line.code === code)

describe('named demo reps at the seeding time', () => {
	test('SR-1001 holds every certification, valid for at least 180 more days', async () => {
		const lines = await overviewOf('SR-1001')
		expect(lines.map((l) => l.code).sort()).toEqual(ALL)
		expect(lines.map((l) => l.status)).toEqual(Array(ALL.length).fill('valid'))
		const earliest = Math.min(...lines.map((l) => l.expiresAt!.getTime()))
		expect(earliest).toBeGreaterThanOrEqual(days(180).getTime())
		for (const code of ALL) expect((await statusAt('SR-1001', code)).status).toBe('valid')
	})

	test('SR-1002: foundations expiring in exactly 10 days, patching valid for 200', async () => {
		expect(await lineOf('SR-1002', 'SEC-FOUNDATION')).toMatchObject({ status: 'expiring', expiresAt: days(10) })
		expect(await statusAt('SR-1002', 'SEC-FOUNDATION')).toMatchObject({ status: 'expiring', expiresAt: days(10) })
		expect(await lineOf('SR-1002', 'SEC-PATCH')).toMatchObject({ status: 'valid', expiresAt: days(200) })
		expect(await statusAt('SR-1002', 'SEC-PATCH')).toMatchObject({ status: 'valid', expiresAt: days(200) })
	})

	test('SR-1003: foundations expired 5 days ago, patching valid', async () => {
		expect(await lineOf('SR-1003', 'SEC-FOUNDATION')).toMatchObject({ status: 'expired', expiresAt: days(-5) })
		expect(await statusAt('SR-1003', 'SEC-FOUNDATION')).toMatchObject({ status: 'expired', expiresAt: days(-5) })
		// Still valid a moment before it expired.
		expect((await statusAt('SR-1003', 'SEC-FOUNDATION', new Date(days(-5).getTime() - 1))).status).not.toBe('expired')
		expect(await lineOf('SR-1003', 'SEC-PATCH')).toMatchObject({ status: 'valid' })
		expect((await statusAt('SR-1003', 'SEC-PATCH')).status).toBe('valid')
	})

	test('SR-1004: foundations revoked with the reason recorded, patching valid', async () => {
		const foundation = await lineOf('SR-1004', 'SEC-FOUNDATION')
		expect(foundation).toMatchObject({ status: 'revoked' })
		expect((await statusAt('SR-1004', 'SEC-FOUNDATION')).status).toBe('revoked')
		const changes = await db.awardStatusChange.findMany({ where: { awardId: foundation!.awardId! }, select: { kind: true, reason: true, at: true } })
		expect(changes).toHaveLength(1)
		expect(changes[0]!.kind).toBe('revoked')
		expect(changes[0]!.reason.trim()).not.toBe('')
		expect(changes[0]!.at.getTime()).toBeLessThanOrEqual(now.getTime())
		// Revoked well within its dates: it is the revocation, not expiry, that stops it.
		expect(foundation!.expiresAt!.getTime()).toBeGreaterThan(now.getTime())
		expect(await lineOf('SR-1004', 'SEC-PATCH')).toMatchObject({ status: 'valid' })
	})

	test('SR-1005: no certification yet, with training under way', async () => {
		const id = await personId('SR-1005')
		expect(await db.certificationAward.count({ where: { personId: id } })).toBe(0)
		const lines = await overviewOf('SR-1005')
		expect(lines.map((l) => l.code)).toContain('SEC-FOUNDATION')
		expect(lines.every((l) => l.status === 'missing')).toBe(true)
		expect(await db.moduleCompletion.count({ where: { personId: id } })).toBeGreaterThan(0)
		expect(await db.moduleProgress.count({ where: { personId: id } })).toBeGreaterThan(0)
		const plan = await myTrainingPlan({ personId: id, at: now }, db)
		expect(plan.modules.some((m) => m.state === 'in-progress')).toBe(true)
		expect(plan.modules.some((m) => m.moduleId === 'pre-visit-risk-assessment' && m.readingDone)).toBe(true)
	})

	test('SR-1005 finished the removable-media course in three minutes: the completion waits for review and counts for nothing yet', async () => {
		const id = await personId('SR-1005')
		const attempt = await db.scormAttempt.findFirstOrThrow({ where: { personId: id, moduleId: 'removable-media-check' } })
		expect(attempt).toMatchObject({ review: 'needed', completionStatus: 'completed', satisfiedAt: new Date(days(-1).getTime() + 3 * 60_000) })
		expect(await db.moduleCompletion.count({ where: { personId: id, moduleId: 'removable-media-check' } })).toBe(0)
		expect(await db.auditEvent.count({ where: { action: 'scorm.completion_held', subjectId: attempt.id } })).toBe(1)
	})

	test('SR-1006 has left, though foundations and patching are still within their dates', async () => {
		const person = await db.person.findUniqueOrThrow({ where: { employeeId: 'SR-1006' }, select: { leftAt: true } })
		expect(person.leftAt).not.toBeNull()
		expect(person.leftAt!.getTime()).toBeLessThan(now.getTime())
		expect(isActiveAt(person, now)).toBe(false)
		for (const code of ['SEC-FOUNDATION', 'SEC-PATCH']) {
			expect(await lineOf('SR-1006', code)).toMatchObject({ status: 'valid' })
			expect((await statusAt('SR-1006', code)).status).toBe('valid')
		}
	})
})

describe('SR-1007', () => {
	test('foundations suspended a day ago pending an investigation, with the reason; patching valid', async () => {
		const foundation = await lineOf('SR-1007', 'SEC-FOUNDATION')
		expect(foundation).toMatchObject({ status: 'suspended', expiresAt: days(240) })
		expect(await statusAt('SR-1007', 'SEC-FOUNDATION')).toMatchObject({ status: 'suspended', withdrawnSince: days(-1) })
		const change = await db.awardStatusChange.findFirstOrThrow({ where: { awardId: foundation!.awardId! } })
		expect(change).toMatchObject({ kind: 'suspended', reason: expect.stringContaining('Pending investigation') })
		expect(await lineOf('SR-1007', 'SEC-PATCH')).toMatchObject({ status: 'valid' })
	})
})

describe('SR-1008 and the assessor AS-3001', () => {
	test('SEC-ACCESS training done five days ago, a first practical not yet competent: the certification awaits a practical', async () => {
		expect(await lineOf('SR-1008', 'SEC-ACCESS')).toMatchObject({ status: 'missing', required: true })
		expect(await lineOf('SR-1008', 'SEC-FOUNDATION')).toMatchObject({ status: 'valid' })
		const id = await personId('SR-1008')
		expect(await db.pendingPractical.findUniqueOrThrow({ where: { personId_certificationCode: { personId: id, certificationCode: 'SEC-ACCESS' } } })).toMatchObject({
			trainingCompletedAt: new Date(days(-5).getTime() + 20 * 60_000),
		})
		const [assessment] = await db.practicalAssessment.findMany({ where: { personId: id }, select: { outcome: true, performedOn: true, assessor: { select: { employeeId: true } } } })
		expect(assessment).toEqual({ outcome: 'not-yet-competent', performedOn: days(-2), assessor: { employeeId: 'AS-3001' } })
		const assessor = await db.person.findUniqueOrThrow({ where: { employeeId: 'AS-3001' }, select: { email: true, roles: { select: { role: true } } } })
		expect(assessor).toEqual({ email: 'assessor@example.com', roles: [{ role: 'assessor' }] })
	})
})

describe('SR-1009', () => {
	test('SEC-PATCH valid, but retraining on a material change to Patch application is overdue', async () => {
		expect(await lineOf('SR-1009', 'SEC-PATCH')).toMatchObject({ status: 'valid', expiresAt: days(400) })
		const owed = await openRetrainingFor({ personId: await personId('SR-1009'), at: now }, db)
		expect(owed).toEqual([expect.objectContaining({ certificationCode: 'SEC-PATCH', moduleId: 'patch-application', dueSince: days(-100).toISOString(), deadline: days(-10).toISOString(), overdue: true })])
		expect(await db.notification.count({ where: { personId: await personId('SR-1009'), kind: 'retraining_due' } })).toBe(1)
	})
})

describe('the rest of the workforce', () => {
	test('every rep must hold SEC-FOUNDATION', async () => {
		const reps = await db.person.findMany({ where: { roles: { some: { role: 'rep' } } }, select: { id: true } })
		expect(reps).toHaveLength(300)
		for (const rep of reps) expect(await requiredCertificationCodes(rep.id, db)).toContain('SEC-FOUNDATION')
	})

	test('show a realistic spread of SEC-FOUNDATION states', async () => {
		const reps = await db.person.findMany({ where: { employeeId: { gt: 'SR-1009' }, roles: { some: { role: 'rep' } } }, select: { id: true } })
		expect(reps).toHaveLength(291)
		const counts: Record<CertificationStatus, number> = { valid: 0, expiring: 0, expired: 0, suspended: 0, revoked: 0, missing: 0 }
		for (const rep of reps) {
			const line = (await certificationOverview({ personId: rep.id, at: now }, db)).find((l) => l.code === 'SEC-FOUNDATION')
			expect(line?.required).toBe(true)
			counts[line!.status] += 1
		}
		const largest = Math.max(counts.expiring, counts.expired, counts.revoked, counts.missing)
		expect(counts.valid).toBeGreaterThan(largest)
		for (const status of ['expiring', 'expired', 'missing'] as const) expect(counts[status]).toBeGreaterThanOrEqual(5)
	})
})

describe('My training agrees with the status function', () => {
	test('SR-1002 sees the same status and dates for every certification', async () => {
		const plan = await myTrainingPlan({ personId: await personId('SR-1002'), at: now }, db)
		expect(plan.certifications.map((c) => c.code)).toEqual(expect.arrayContaining(['SEC-FOUNDATION', 'SEC-PATCH']))
		for (const line of plan.certifications) {
			const expected = await statusAt('SR-1002', line.code)
			expect({ code: line.code, status: line.status, awardId: line.awardId, expiresAt: line.expiresAt, windowOpensAt: line.windowOpensAt }).toEqual({
				code: line.code,
				status: expected.status,
				awardId: expected.award?.id ?? null,
				expiresAt: expected.expiresAt,
				windowOpensAt: expected.windowOpensAt,
			})
		}
		expect(plan.certifications.find((c) => c.code === 'SEC-FOUNDATION')).toMatchObject({ status: 'expiring', expiresAt: days(10) })
	})

	test('what is due comes first, most pressing first, and the modules follow that order', async () => {
		const plan = await myTrainingPlan({ personId: await personId('SR-1003'), at: now }, db)
		// SR-1003: SEC-FOUNDATION expired 5 days ago; the rest of what is required is either missing or held.
		const [first, ...rest] = plan.due
		expect(first).toMatchObject({ code: 'SEC-FOUNDATION', urgency: 'overdue', expiresAt: days(-5) })
		expect(rest.every((c) => c.urgency === 'overdue' || c.urgency === 'due-soon')).toBe(true)
		const overdue = plan.due.filter((c) => c.urgency === 'overdue')
		expect(plan.due.slice(0, overdue.length)).toEqual(overdue)
		const foundationModules = first!.moduleIds
		const pending = plan.modules.filter((m) => m.state !== 'done')
		expect(foundationModules).toContain(pending[0]!.moduleId)
		expect(plan.next).toMatchObject({ moduleId: pending[0]!.moduleId })
		// A rep with everything valid has nothing due.
		expect((await myTrainingPlan({ personId: await personId('SR-1001'), at: now }, db)).due).toEqual([])
	})
})
