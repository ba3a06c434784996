import { beforeAll, describe, expect, test } from 'vitest'
import { action as personPageAction } from '#app/routes/manage+/people.$employeeId.tsx'
import { scormAttemptsForPerson } from '#app/scorm/scorm-attempt-report.server.ts'
import { scormPlayerView, startScormAttempt } from '#app/scorm/scorm-attempts.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { syncCatalog } from '#tests/catalog-utils.ts'
import { createTestOrg, createTestPerson, settle, signedInRequest } from '#tests/factories.ts'
import { catalogWithScorm, openSco, scormFixture } from './scorm-utils.ts'

const at = new Date('2026-05-04T10:00:00Z')
const later = (minutes: number) => new Date(at.getTime() + minutes * 60_000)

let manager: Awaited<ReturnType<typeof createTestPerson>>

beforeAll(async () => {
	await createTestOrg()
	const copy = catalogWithScorm([{ id: 'timed', packageFrom: scormFixture('minimal-12'), completion: 'Completed', minimumMinutes: 10 }], [{ code: 'CERT-T', modules: ['timed'] }])
	await syncCatalog(copy.dir, at)
	manager = await createTestPerson({ roles: ['manager'], orgUnitCode: 'BL-EMEA', managedUnitCodes: ['BL-EMEA'] })
})

/** A rep who starts the course at `at` and finishes it `minutes` later, by the server's clock. */
async function repFinishingAfter(minutes: number) {
	const rep = await createTestPerson()
	const attempt = await startScormAttempt({ personId: rep.id, moduleId: 'timed', at })
	const sco = await openSco({ personId: rep.id, attemptId: attempt.id, scoId: 'minimal-item', at })
	sco.initialize()
	// The course claims a long session; the server believes its own clock.
	sco.set('cmi.core.session_time', '01:30:00')
	await sco.send(sco.finish(), later(minutes))
	return { rep, attempt }
}

const completionsOf = (personId: string) => prisma.moduleCompletion.findMany({ where: { personId }, select: { moduleId: true, completedAt: true } })
const awardsOf = (personId: string) => prisma.certificationAward.findMany({ where: { personId }, select: { certificationCode: true, issuedAt: true } })
const auditOf = (action: string, subjectId: string) => prisma.auditEvent.findMany({ where: { action, subjectId } })

async function review({ reviewerId, employeeId, attemptId, decision, reason }: { reviewerId: string; employeeId: string; attemptId: string; decision: string; reason: string }) {
	const body = new URLSearchParams({ intent: 'review-completion', attemptId, decision, reason })
	const request = await signedInRequest(reviewerId, `http://localhost/manage/people/${employeeId}`, { method: 'POST', body })
	const result = await settle(() => personPageAction({ request, params: { employeeId }, context: {} }))
	if (result instanceof Response) return { status: result.status, errors: [], reviewed: undefined }
	const { data, init } = result as { data: { result: { error?: Record<string, string[]> }; reviewed?: unknown }; init: { status?: number } | null }
	return { status: init?.status ?? 200, errors: Object.values(data.result.error ?? {}).flat(), reviewed: data.reviewed }
}

describe('a SCORM completion faster than the minimum plausible time', () => {
	test('does not count: no module completion, no certificate; it is held for review and audited with the time taken', async () => {
		const { rep, attempt } = await repFinishingAfter(3)
		expect(await completionsOf(rep.id)).toEqual([])
		expect(await awardsOf(rep.id)).toEqual([])
		expect(await prisma.scormAttempt.findUniqueOrThrow({ where: { id: attempt.id } })).toMatchObject({ satisfiedAt: later(3), review: 'needed', completionStatus: 'completed' })
		expect(await auditOf('scorm.attempt_started', attempt.id)).toEqual([expect.objectContaining({ actorId: rep.id, at })])
		const [held] = await auditOf('scorm.completion_held', attempt.id)
		expect(JSON.parse(held!.details)).toMatchObject({ moduleId: 'timed', minutesTaken: 3, minimumMinutes: 10 })

		const view = await scormPlayerView({ personId: rep.id, moduleId: 'timed' })
		expect(view.attempt).toMatchObject({ review: 'needed' })
		expect(view.timing).toEqual({ minutesTaken: 3, minimumMinutes: 10 })
		const [row] = await scormAttemptsForPerson(rep.id)
		expect(row!.review).toMatchObject({ state: 'needed', minutesTaken: 3, minimumMinutes: 10, by: null })
	})

	test('at the minimum or later, it counts at once', async () => {
		const { rep, attempt } = await repFinishingAfter(10)
		expect(await completionsOf(rep.id)).toEqual([{ moduleId: 'timed', completedAt: later(10) }])
		expect(await awardsOf(rep.id)).toEqual([{ certificationCode: 'CERT-T', issuedAt: later(10) }])
		expect(await prisma.scormAttempt.findUniqueOrThrow({ where: { id: attempt.id } })).toMatchObject({ review: null })
	})

	test('a manager accepts it with a reason: it counts from when it was finished, the certificate follows, and the decision is audited', async () => {
		const { rep, attempt } = await repFinishingAfter(4)
		const accepted = await review({ reviewerId: manager.id, employeeId: rep.employeeId, attemptId: attempt.id, decision: 'accepted', reason: 'Repeat of a course he took last month; answers reviewed.' })
		expect(accepted).toMatchObject({ status: 200, errors: [], reviewed: { decision: 'accepted', title: 'Course timed' } })
		expect(await completionsOf(rep.id)).toEqual([{ moduleId: 'timed', completedAt: later(4) }])
		expect((await awardsOf(rep.id)).map((a) => a.certificationCode)).toEqual(['CERT-T'])
		const [audit] = await auditOf('scorm.completion_accepted', attempt.id)
		expect(audit).toMatchObject({ actorType: 'person', actorId: manager.id })
		expect(JSON.parse(audit!.details)).toMatchObject({ personId: rep.id, moduleId: 'timed', reason: 'Repeat of a course he took last month; answers reviewed.' })
		expect(await prisma.scormAttempt.findUniqueOrThrow({ where: { id: attempt.id } })).toMatchObject({ review: 'accepted', reviewedById: manager.id })

		const again = await review({ reviewerId: manager.id, employeeId: rep.employeeId, attemptId: attempt.id, decision: 'rejected', reason: 'Changed my mind about this one.' })
		expect(again).toMatchObject({ status: 400, errors: ['This completion was already accepted.'] })
		expect(await completionsOf(rep.id)).toHaveLength(1)
	})

	test('a manager rejects it: nothing counts, the rep sees why and starts again, and a plausible second attempt counts', async () => {
		const { rep, attempt } = await repFinishingAfter(2)
		const rejected = await review({ reviewerId: manager.id, employeeId: rep.employeeId, attemptId: attempt.id, decision: 'rejected', reason: 'Two minutes for a ten-minute course: take it properly.' })
		expect(rejected).toMatchObject({ status: 200, reviewed: { decision: 'rejected' } })
		expect(await completionsOf(rep.id)).toEqual([])
		expect(await auditOf('scorm.completion_rejected', attempt.id)).toHaveLength(1)
		expect((await scormPlayerView({ personId: rep.id, moduleId: 'timed' })).attempt).toMatchObject({ review: 'rejected', reviewReason: 'Two minutes for a ten-minute course: take it properly.' })

		const second = await startScormAttempt({ personId: rep.id, moduleId: 'timed', at: later(60) })
		expect(second.id).not.toBe(attempt.id)
		const sco = await openSco({ personId: rep.id, attemptId: second.id, scoId: 'minimal-item', at: later(60) })
		sco.initialize()
		await sco.send(sco.finish(), later(75))
		expect(await completionsOf(rep.id)).toEqual([{ moduleId: 'timed', completedAt: later(75) }])
	})

	test('nobody reviews their own completion, a reason is required, and another person’s attempt cannot be reached from this page', async () => {
		const ownManager = await createTestPerson({ roles: ['manager', 'rep'], orgUnitCode: 'BL-EMEA', managedUnitCodes: ['BL-EMEA'] })
		const attempt = await startScormAttempt({ personId: ownManager.id, moduleId: 'timed', at })
		const sco = await openSco({ personId: ownManager.id, attemptId: attempt.id, scoId: 'minimal-item', at })
		sco.initialize()
		await sco.send(sco.finish(), later(1))
		const self = await review({ reviewerId: ownManager.id, employeeId: ownManager.employeeId, attemptId: attempt.id, decision: 'accepted', reason: 'I really did read it all.' })
		expect(self).toMatchObject({ status: 400, errors: ['You cannot review your own course completion; your manager or an administrator decides on it.'] })

		const { rep, attempt: repAttempt } = await repFinishingAfter(1)
		const noReason = await review({ reviewerId: manager.id, employeeId: rep.employeeId, attemptId: repAttempt.id, decision: 'accepted', reason: 'ok' })
		expect(noReason).toMatchObject({ status: 400, errors: ['Say why in at least 10 characters.'] })
		const elsewhere = await review({ reviewerId: manager.id, employeeId: rep.employeeId, attemptId: attempt.id, decision: 'accepted', reason: 'Accepting through the wrong page.' })
		expect(elsewhere).toMatchObject({ status: 400, errors: ['This person has no such course attempt.'] })

		const outsider = await createTestPerson({ roles: ['manager'], orgUnitCode: 'BL-NA', managedUnitCodes: ['BL-NA'] })
		expect(await review({ reviewerId: outsider.id, employeeId: rep.employeeId, attemptId: repAttempt.id, decision: 'accepted', reason: 'Not my team but fine.' })).toMatchObject({ status: 404 })
		expect(await prisma.scormAttempt.findUniqueOrThrow({ where: { id: repAttempt.id } })).toMatchObject({ review: 'needed' })
		expect(await prisma.scormAttempt.findUniqueOrThrow({ where: { id: attempt.id } })).toMatchObject({ review: 'needed' })
	})
})
