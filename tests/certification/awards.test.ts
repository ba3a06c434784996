import { beforeAll, describe, expect, test } from 'vitest'
import { awardHistories } from '#app/certification/award-histories.server.ts'
import { awardOnProgress, changeAwardStatus, issueManualAward } from '#app/certification/awards.server.ts'
import { certificationStatusAt } from '#app/certification/status.ts'
import { completeModuleReading, recordSectionViewed } from '#app/learning/module-progress.server.ts'
import { getAttemptView, startQuizAttempt, submitQuizAttempt } from '#app/quiz/attempts.server.ts'
import { action as personAction } from '#app/routes/manage+/people.$employeeId.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { answersFor, syncCatalog } from '#tests/catalog-utils.ts'
import { createTestOrg, createTestPerson, settle, signedInRequest, testEvidenceFile } from '#tests/factories.ts'

beforeAll(async () => {
	await createTestOrg()
	await syncCatalog()
})

const DAY = 86_400_000
const base = 'http://localhost'

async function readModule(personId: string, moduleId: string, sections: number, at: Date) {
	for (let i = 0; i < sections; i++) await recordSectionViewed({ personId, moduleId, sectionIndex: i, at })
	await completeModuleReading({ personId, moduleId, at, onCompleted: awardOnProgress })
}

async function passQuiz(personId: string, at: Date) {
	const { attemptId } = await startQuizAttempt({ personId, quizId: 'alpha-quiz', at })
	await submitQuizAttempt({ attemptId, personId, answers: await answersFor(attemptId, { correct: true }), at: new Date(at.getTime() + 60_000), onPassed: awardOnProgress })
	return attemptId
}

/** Reads both modules of CERT-A and passes alpha's quiz, finishing at about `at`. */
async function earnCertA(personId: string, at: Date) {
	await readModule(personId, 'beta', 2, at)
	await readModule(personId, 'alpha', 2, at)
	await passQuiz(personId, at)
}

const awardsOf = (personId: string) => prisma.certificationAward.findMany({ where: { personId }, orderBy: { issuedAt: 'asc' } })

describe('earning a certification', () => {
	test('passing the last required quiz awards the certification once, with the versions that earned it', async () => {
		const rep = await createTestPerson()
		const at = new Date('2026-01-10T09:00:00Z')
		await readModule(rep.id, 'beta', 2, at)
		await readModule(rep.id, 'alpha', 2, at)
		expect(await awardsOf(rep.id)).toEqual([])
		const attemptId = await passQuiz(rep.id, at)
		const [award, ...others] = await awardsOf(rep.id)
		expect(others).toEqual([])
		// The result page says what the pass earned, with the certificate to open.
		expect(await getAttemptView({ attemptId, personId: rep.id })).toMatchObject({ state: 'passed', earned: [{ awardId: award!.id, code: 'CERT-A', name: expect.any(String), expiresAt: award!.expiresAt }] })
		expect(award).toMatchObject({ certificationCode: 'CERT-A', source: 'earned', issuedAt: new Date(at.getTime() + 60_000), expiresAt: new Date('2027-01-10T09:01:00Z') })
		const evidence = JSON.parse(award!.evidence) as Array<{ moduleId: string; moduleVersionId: string; quiz: { quizVersionId: string } | null }>
		expect(evidence.map((e) => e.moduleId).sort()).toEqual(['alpha', 'beta'])
		expect(evidence.find((e) => e.moduleId === 'alpha')?.quiz?.quizVersionId).toBeTruthy()
		expect(award!.verificationCode).toMatch(/^[A-Z2-9]{12}$/)
		expect(await prisma.auditEvent.count({ where: { action: 'certification.awarded', subjectId: award!.id } })).toBe(1)

		const again = await passQuiz(rep.id, new Date(at.getTime() + 2 * DAY))
		expect(await awardsOf(rep.id)).toHaveLength(1)
		expect(await getAttemptView({ attemptId: again, personId: rep.id })).toMatchObject({ state: 'passed', earned: [] })
	})

	test('renewing inside the window extends from the old expiry; training from the previous cycle does not count', async () => {
		const rep = await createTestPerson()
		const first = new Date('2026-01-01T00:00:00Z')
		await earnCertA(rep.id, first)
		const [original] = await awardsOf(rep.id)
		expect(original!.expiresAt).toEqual(new Date('2027-01-01T00:01:00Z'))

		// Inside the 30-day window: passing the quiz again is not enough, the reading must be redone too.
		const renewal = new Date('2026-12-15T00:00:00Z')
		await passQuiz(rep.id, renewal)
		expect(await awardsOf(rep.id)).toHaveLength(1)
		await earnCertA(rep.id, renewal)
		const [, renewed] = await awardsOf(rep.id)
		expect(renewed).toMatchObject({ renewsAwardId: original!.id, expiresAt: new Date('2028-01-01T00:01:00Z') })
		const histories = await awardHistories(rep.id, 'CERT-A')
		expect(certificationStatusAt({ awards: histories, windowDays: 30 }, new Date('2027-06-01T00:00:00Z')).status).toBe('valid')
	})

	test('a person who has left earns nothing', async () => {
		const leaver = await createTestPerson({ leftAt: new Date('2026-01-01T00:00:00Z') })
		await earnCertA(leaver.id, new Date('2026-02-01T00:00:00Z'))
		expect(await awardsOf(leaver.id)).toEqual([])
	})
})

describe('revocation, suspension and reinstatement', () => {
	test('revocation needs a reason; revoked then reinstated shows in the status function; all audited', async () => {
		const rep = await createTestPerson()
		const admin = await createTestPerson({ roles: ['admin'], orgUnitCode: 'BL' })
		const secondAdmin = await createTestPerson({ roles: ['admin'], orgUnitCode: 'BL' })
		const earnedAt = new Date('2026-03-01T00:00:00Z')
		await earnCertA(rep.id, earnedAt)
		const [award] = await awardsOf(rep.id)
		const actor = { type: 'person' as const, id: admin.id }
		await expect(changeAwardStatus({ awardId: award!.id, personId: rep.id, input: { kind: 'revoked', reason: ' ' }, actor, at: new Date('2026-04-01T00:00:00Z') })).rejects.toThrow(/reason/)
		await changeAwardStatus({ awardId: award!.id, personId: rep.id, input: { kind: 'revoked', reason: 'Security incident on site' }, actor, at: new Date('2026-04-01T00:00:00Z') })
		await expect(changeAwardStatus({ awardId: award!.id, personId: rep.id, input: { kind: 'suspended', reason: 'Again, twice' }, actor, at: new Date('2026-04-02T00:00:00Z') })).rejects.toThrow('This certification is revoked; it can only be reinstated.')
		// The revoker may not reverse their own revocation; another admin may.
		await changeAwardStatus({ awardId: award!.id, personId: rep.id, input: { kind: 'reinstated', reason: 'Investigation closed, retrained' }, actor: { type: 'person', id: secondAdmin.id }, at: new Date('2026-05-01T00:00:00Z') })
		const histories = await awardHistories(rep.id, 'CERT-A')
		const statusOn = (iso: string) => certificationStatusAt({ awards: histories, windowDays: 30 }, new Date(iso)).status
		expect([statusOn('2026-03-15T00:00:00Z'), statusOn('2026-04-15T00:00:00Z'), statusOn('2026-05-15T00:00:00Z')]).toEqual(['valid', 'revoked', 'valid'])
		expect(await prisma.auditEvent.findMany({ where: { subjectId: award!.id, action: { startsWith: 'certification.' } }, orderBy: { seq: 'asc' }, select: { action: true } })).toEqual([
			{ action: 'certification.awarded' },
			{ action: 'certification.revoked' },
			{ action: 'certification.reinstated' },
		])
	})

	test.each(['revoked', 'suspended'] as const)('a %s certification is not re-awarded automatically by new training', async (kind) => {
		const rep = await createTestPerson()
		const admin = await createTestPerson({ roles: ['admin'], orgUnitCode: 'BL' })
		await earnCertA(rep.id, new Date('2026-01-01T00:00:00Z'))
		const [award] = await awardsOf(rep.id)
		await changeAwardStatus({ awardId: award!.id, personId: rep.id, input: { kind, reason: 'Policy breach on site' }, actor: { type: 'person', id: admin.id }, at: new Date('2026-06-01T00:00:00Z') })
		await earnCertA(rep.id, new Date('2026-12-20T00:00:00Z'))
		expect(await awardsOf(rep.id)).toHaveLength(1)
	})

	test('through the person page: a manager revokes with a reason; a rep cannot; a missing reason is a 400', async () => {
		const rep = await createTestPerson({ orgUnitCode: 'BL-EMEA-T1' })
		const otherRep = await createTestPerson({ orgUnitCode: 'BL-EMEA-T1' })
		const manager = await createTestPerson({ roles: ['manager'], orgUnitCode: 'BL-EMEA', managedUnitCodes: ['BL-EMEA'] })
		await earnCertA(rep.id, new Date())
		const [award] = await awardsOf(rep.id)
		const post = async (personId: string, fields: Record<string, string>) =>
			settle(async () => personAction({ request: await signedInRequest(personId, `${base}/manage/people/${rep.employeeId}`, { method: 'POST', body: new URLSearchParams(fields) }), params: { employeeId: rep.employeeId }, context: {} }))

		expect(((await post(otherRep.id, { intent: 'change-status', awardId: award!.id, kind: 'revoked', reason: 'Not my call to make' })) as Response).status).toBe(403)
		expect(await post(manager.id, { intent: 'change-status', awardId: award!.id, kind: 'revoked', reason: '' })).toMatchObject({ init: { status: 400 } })
		expect(await prisma.awardStatusChange.count({ where: { awardId: award!.id } })).toBe(0)
		// The page is told what changed, for its success message.
		expect(await post(manager.id, { intent: 'change-status', awardId: award!.id, kind: 'revoked', reason: 'Customer complaint under review' })).toMatchObject({ data: { changed: { awardId: award!.id, kind: 'revoked' } } })
		expect(await prisma.awardStatusChange.findMany({ where: { awardId: award!.id }, select: { kind: true, reason: true, actorId: true } })).toEqual([{ kind: 'revoked', reason: 'Customer complaint under review', actorId: manager.id }])
		expect(((await post(manager.id, { intent: 'manual-award', certificationCode: 'CERT-A', completedOn: '2026-01-01', evidenceNote: 'Classroom course, 2 days' })) as Response).status).toBe(403)
	})
})

describe('manual awards of external training', () => {
	test('an admin records a classroom course with evidence; validity runs from the completion date', async () => {
		const rep = await createTestPerson()
		const admin = await createTestPerson({ roles: ['admin'], orgUnitCode: 'BL' })
		const at = new Date('2026-07-01T12:00:00Z')
		const actor = { type: 'person' as const, id: admin.id }
		await expect(issueManualAward({ input: { employeeId: rep.employeeId, certificationCode: 'CERT-A', evidenceNote: 'short', completedOn: '2026-06-20', evidenceFile: testEvidenceFile() }, actor, at })).rejects.toThrow(/at least 10 characters/)
		await expect(issueManualAward({ input: { employeeId: rep.employeeId, certificationCode: 'NOPE', evidenceNote: 'Classroom course by the OEM, certificate 123', completedOn: '2026-06-20', evidenceFile: testEvidenceFile() }, actor, at })).rejects.toThrow(/No certification NOPE/)
		const award = await issueManualAward({ input: { employeeId: rep.employeeId, certificationCode: 'CERT-A', evidenceNote: 'Classroom course by the OEM, certificate 123', completedOn: '2026-06-20', evidenceFile: testEvidenceFile() }, actor, at })
		expect(award.expiresAt).toEqual(new Date('2027-06-20T00:00:00Z'))
		expect(await prisma.certificationAward.findUniqueOrThrow({ where: { id: award.id } })).toMatchObject({ source: 'manual', awardedById: admin.id, evidenceNote: 'Classroom course by the OEM, certificate 123' })
		expect(await prisma.auditEvent.count({ where: { action: 'certification.awarded_manually', subjectId: award.id } })).toBe(1)
	})
})
