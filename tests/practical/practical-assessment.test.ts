import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { ZodError } from 'zod'
import { type SessionUser } from '#app/auth/permissions.server.ts'
import { issueManualAward } from '#app/certification/awards.server.ts'
import { certificateById } from '#app/certification/certificates.server.ts'
import { checkEligibility } from '#app/eligibility/eligibility.server.ts'
import { AssessmentRuleError, practicalQueue, practicalStandingFor, recordPracticalAssessment } from '#app/practical/practical-assessments.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { syncCatalogFromDirectory } from '#app/catalog/sync-catalog.server.ts'
import { syncCatalog } from '#tests/catalog-utils.ts'
import { createTestOrg, createTestPerson, testEvidenceFile } from '#tests/factories.ts'
import { allMet, catalogs, doTraining, form } from './practical-fixtures.ts'

const PRACTICAL_REQUIRED_FROM = new Date('2026-03-01T00:00:00Z')

let practicalDir = ''
let plainDir = ''

const awardsOf = (personId: string) => prisma.certificationAward.findMany({ where: { personId }, orderBy: { issuedAt: 'asc' } })
const asViewer = (person: { id: string; employeeId: string; roles: SessionUser['roles'] }, managedPaths: string[] = []): SessionUser => ({ id: person.id, name: 'Viewer', email: 'viewer@example.com', employeeId: person.employeeId, orgUnitId: 'x', roles: person.roles, managedPaths })

let assessor: Awaited<ReturnType<typeof createTestPerson>>
let earlyHolder: Awaited<ReturnType<typeof createTestPerson>>

beforeAll(async () => {
	await createTestOrg()
	const { plain, practical } = catalogs()
	plainDir = plain
	practicalDir = practical
	await syncCatalog(plain, new Date('2026-01-01T00:00:00Z'))
	earlyHolder = await createTestPerson()
	await doTraining(earlyHolder.id, new Date('2026-02-01T09:00:00Z'))
	await syncCatalog(practical, PRACTICAL_REQUIRED_FROM)
	assessor = await createTestPerson({ roles: ['assessor'], orgUnitCode: 'BL-NA-T1' })
})

describe('a certification that requires an observed practical', () => {
	test('training alone leaves the rep awaiting an assessment, in the queue and in the API; a competent practical then awards it', async () => {
		const rep = await createTestPerson()
		const trainedAt = new Date('2026-04-01T09:00:00Z')
		await doTraining(rep.id, trainedAt)
		expect(await awardsOf(rep.id)).toEqual([])
		expect(await prisma.pendingPractical.findUniqueOrThrow({ where: { personId_certificationCode: { personId: rep.id, certificationCode: 'CERT-A' } } })).toMatchObject({
			trainingCompletedAt: new Date(trainedAt.getTime() + 60_000),
			lapsesAt: new Date('2027-04-01T09:00:00Z'),
		})

		const queue = await practicalQueue({ viewer: asViewer(assessor), at: new Date('2026-04-05T00:00:00Z') })
		expect(queue.rows).toContainEqual(expect.objectContaining({ employeeId: rep.employeeId, certificationCode: 'CERT-A', lastAssessment: null }))

		const [check] = await checkEligibility({ employeeIds: [rep.employeeId], workTypeCode: 'SITE_VISIT', at: new Date('2026-04-05T00:00:00Z'), caller: { id: 'test-client' }, checkedAt: new Date('2026-04-05T00:00:00Z'), batch: false })
		expect(check!.entry).toMatchObject({
			eligible: false,
			reasonDetails: [
				{ code: 'CERT_MISSING', certification: 'CERT-A' },
				{ code: 'PRACTICAL_PENDING', certification: 'CERT-A', since: '2026-04-01T09:01:00.000Z', message: 'CERT-A awaits a practical assessment (training completed on 2026-04-01)' },
			],
		})

		const recorded = await recordPracticalAssessment({ employeeId: rep.employeeId, input: form(), assessor, at: new Date('2026-04-10T15:00:00Z') })
		expect(recorded).toMatchObject({ outcome: 'competent', awarded: ['CERT-A'] })
		const [award] = await awardsOf(rep.id)
		expect(award).toMatchObject({ certificationCode: 'CERT-A', practicalAssessmentId: recorded.id, issuedAt: new Date('2026-04-10T15:00:00Z') })
		expect(await prisma.pendingPractical.count({ where: { personId: rep.id } })).toBe(0)
		const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'practical.assessed', subjectId: recorded.id } })
		expect(JSON.parse(audit.details)).toMatchObject({ employeeId: rep.employeeId, certification: 'CERT-A', outcome: 'competent', reference: 'WO-48213', itemsNotMet: [] })
		expect(JSON.parse((await prisma.auditEvent.findFirstOrThrow({ where: { action: 'certification.awarded', subjectId: award!.id } })).details)).toMatchObject({ practicalAssessmentId: recorded.id })
	})

	test('"not yet competent" keeps the rep waiting, with the notes and unmet items on their record', async () => {
		const rep = await createTestPerson()
		await doTraining(rep.id, new Date('2026-04-01T09:00:00Z'))
		const notMet = { ...allMet, 'access-approved': 'not-met' }
		const recorded = await recordPracticalAssessment({
			employeeId: rep.employeeId,
			input: form({ items: notMet, outcome: 'not-yet-competent', notes: 'Connected before the customer approved the session window.' }),
			assessor,
			at: new Date('2026-04-10T15:00:00Z'),
		})
		expect(recorded.awarded).toEqual([])
		expect(await awardsOf(rep.id)).toEqual([])
		expect(await prisma.pendingPractical.count({ where: { personId: rep.id } })).toBe(1)

		const [standing] = await practicalStandingFor({ personId: rep.id, at: new Date('2026-04-11T00:00:00Z') })
		expect(standing).toMatchObject({
			certificationCode: 'CERT-A',
			awaitingSince: '2026-04-01T09:01:00.000Z',
			checklist: { title: 'Observed site visit', version: 1 },
			assessments: [{ outcome: 'not-yet-competent', itemsNotMet: ['The rep does access approved.'], assessorName: assessor.name, reference: 'WO-48213', notes: 'Connected before the customer approved the session window.' }],
		})
	})

	test('a competent practical observed before the training counts, but not one from before this training cycle', async () => {
		const rep = await createTestPerson()
		await recordPracticalAssessment({ employeeId: rep.employeeId, input: form({ performedOn: '2026-03-20' }), assessor, at: new Date('2026-03-21T10:00:00Z') })
		expect(await awardsOf(rep.id)).toEqual([])
		await doTraining(rep.id, new Date('2026-04-01T09:00:00Z'))
		expect(await awardsOf(rep.id)).toHaveLength(1)

		// Training one cycle later (the first award expired): the old practical is stale.
		const stale = await createTestPerson()
		await recordPracticalAssessment({ employeeId: stale.employeeId, input: form({ performedOn: '2026-03-20' }), assessor, at: new Date('2026-03-21T10:00:00Z') })
		await doTraining(stale.id, new Date('2027-04-01T09:00:00Z'))
		expect(await awardsOf(stale.id)).toEqual([])
		expect(await prisma.pendingPractical.count({ where: { personId: stale.id } })).toBe(1)
	})

	test('a later "not yet competent" supersedes an earlier "competent"', async () => {
		const rep = await createTestPerson()
		await recordPracticalAssessment({ employeeId: rep.employeeId, input: form({ performedOn: '2026-03-20' }), assessor, at: new Date('2026-03-21T10:00:00Z') })
		const second = await createTestPerson({ roles: ['assessor'], orgUnitCode: 'BL-NA-T1' })
		await recordPracticalAssessment({ employeeId: rep.employeeId, input: form({ performedOn: '2026-03-25', items: { ...allMet, 'work-recorded': 'not-met' }, outcome: 'not-yet-competent', notes: 'Did not record the work as it went.' }), assessor: second, at: new Date('2026-03-25T10:00:00Z') })
		await doTraining(rep.id, new Date('2026-04-01T09:00:00Z'))
		expect(await awardsOf(rep.id)).toEqual([])
		expect(await prisma.pendingPractical.count({ where: { personId: rep.id } })).toBe(1)
	})

	test('an admin cannot award it by hand without a competent practical; with one, the award cites it', async () => {
		const rep = await createTestPerson()
		const admin = await createTestPerson({ roles: ['admin'], orgUnitCode: 'BL' })
		const input = { employeeId: rep.employeeId, certificationCode: 'CERT-A', evidenceNote: 'Classroom course by the OEM, certificate 4471', completedOn: '2026-04-01', evidenceFile: testEvidenceFile() }
		await expect(issueManualAward({ input, actor: { type: 'person', id: admin.id }, at: new Date('2026-04-05T10:00:00Z') })).rejects.toThrow(
			`CERT-A also requires an observed practical assessment: an assessor must record ${rep.employeeId} as competent first (external training does not replace it).`,
		)
		expect(await awardsOf(rep.id)).toEqual([])
		const recorded = await recordPracticalAssessment({ employeeId: rep.employeeId, input: form({ performedOn: '2026-04-06' }), assessor, at: new Date('2026-04-06T10:00:00Z') })
		await issueManualAward({ input, actor: { type: 'person', id: admin.id }, at: new Date('2026-04-07T10:00:00Z') })
		expect(await awardsOf(rep.id)).toMatchObject([{ source: 'manual', practicalAssessmentId: recorded.id }])
	})

	test('an observation on the first day of the recording window is accepted', async () => {
		const rep = await createTestPerson()
		const recorded = await recordPracticalAssessment({ employeeId: rep.employeeId, input: form({ performedOn: '2026-01-10' }), assessor, at: new Date('2026-04-10T15:00:00Z') })
		expect(recorded.outcome).toBe('competent')
	})

	test('a holder from before the practical was required keeps the certificate; the renewal needs the practical', async () => {
		const [award] = await awardsOf(earlyHolder.id)
		expect(award).toMatchObject({ certificationCode: 'CERT-A', practicalAssessmentId: null, expiresAt: new Date('2027-02-01T09:01:00Z') })
		expect(await prisma.certification.findUniqueOrThrow({ where: { code: 'CERT-A' }, select: { practicalRequiredSince: true } })).toEqual({ practicalRequiredSince: PRACTICAL_REQUIRED_FROM })

		const [stillValid] = await checkEligibility({ employeeIds: [earlyHolder.employeeId], workTypeCode: 'SITE_VISIT', at: new Date('2026-06-01T00:00:00Z'), caller: { id: 'test-client' }, checkedAt: new Date('2026-06-01T00:00:00Z'), batch: false })
		expect(stillValid!.entry).toMatchObject({ eligible: true })

		// In the 30-day renewal window: the training is redone, the renewal waits for the practical.
		await doTraining(earlyHolder.id, new Date('2027-01-10T09:00:00Z'))
		expect(await awardsOf(earlyHolder.id)).toHaveLength(1)
		await recordPracticalAssessment({ employeeId: earlyHolder.employeeId, input: form({ performedOn: '2027-01-12' }), assessor, at: new Date('2027-01-12T12:00:00Z') })
		const [, renewal] = await awardsOf(earlyHolder.id)
		expect(renewal).toMatchObject({ renewsAwardId: award!.id, expiresAt: new Date('2028-02-01T09:01:00Z') })
		expect(renewal!.practicalAssessmentId).not.toBeNull()
	})
})

describe('the certificate tells an auditor what it rests on', () => {
	test('module and quiz versions with scores, the IEC 62443-2-4 requirements they cover, and the observed practical', async () => {
		const rep = await createTestPerson()
		await doTraining(rep.id, new Date('2026-04-01T09:00:00Z'))
		await recordPracticalAssessment({ employeeId: rep.employeeId, input: form({ reference: 'WO-77120' }), assessor, at: new Date('2026-04-10T15:00:00Z') })
		const [award] = await awardsOf(rep.id)
		const certificate = await certificateById({ awardId: award!.id, at: new Date('2026-05-01T00:00:00Z') })
		expect(certificate!.training).toEqual({
			basis: 'completed',
			modules: [
				{ moduleId: 'alpha', title: 'Alpha site visit basics', version: 1, completedAt: '2026-04-01T09:00:00.000Z', quiz: { version: 1, scorePercent: 100, submittedAt: '2026-04-01T09:01:00.000Z' }, scorm: null },
				{ moduleId: 'beta', title: 'Beta handover basics', version: 2, completedAt: '2026-04-01T09:00:00.000Z', quiz: null, scorm: null },
			],
			covers: [
				{ id: 'SP.03', title: 'Architecture' },
				{ id: 'SP.06', title: 'Configuration management' },
			],
			editions: ['IEC 62443-2-4:2015+AMD1:2017 (edition 1.1)'],
		})
		expect(certificate!.practical).toEqual({ kind: 'observed', performedOn: new Date('2026-04-10T00:00:00Z'), setting: 'work-order', reference: 'WO-77120', assessorName: assessor.name, checklist: 'Observed site visit, version 1' })
	})

	test('an award from before the practical was required says so', async () => {
		const [award] = await awardsOf(earlyHolder.id)
		const certificate = await certificateById({ awardId: award!.id, at: new Date('2026-05-01T00:00:00Z') })
		expect(certificate!.practical).toEqual({ kind: 'earned-before-required', requiredSince: PRACTICAL_REQUIRED_FROM })
	})
})

describe('who may record a practical, and what is accepted', () => {
	const at = new Date('2026-04-10T15:00:00Z')
	const assessmentsOf = (personId: string) => prisma.practicalAssessment.count({ where: { personId } })

	test('nobody assesses themself, and only an assessor records one; nothing is stored', async () => {
		const rep = await createTestPerson()
		await expect(recordPracticalAssessment({ employeeId: assessor.employeeId, input: form(), assessor, at })).rejects.toThrow('You cannot assess yourself: another assessor must observe your work.')
		const manager = await createTestPerson({ roles: ['manager'], managedUnitCodes: ['BL'] })
		await expect(recordPracticalAssessment({ employeeId: rep.employeeId, input: form(), assessor: manager, at })).rejects.toThrow('Only an assessor can record a practical assessment; an administrator grants the role.')
		expect(await assessmentsOf(rep.id)).toBe(0)
		expect(await assessmentsOf(assessor.id)).toBe(0)
	})

	test.each([
		['competent with an item not met', form({ items: { ...allMet, 'work-recorded': 'not-met' } }), 'outcome', /"Competent" needs every item met; not met: The rep does work recorded/],
		['an item left unanswered', form({ items: { 'plan-agreed': 'met', 'access-approved': 'met' } }), 'items.work-recorded', /Mark this item met or not met/],
		['an item the checklist does not have', form({ items: { ...allMet, 'made-up': 'met' } }), null, /The checklist has no item "made-up"/],
		['a date in the future', form({ performedOn: '2026-04-11' }), 'performedOn', /cannot be in the future/],
		['a date beyond the recording window', form({ performedOn: '2026-01-05' }), 'performedOn', /Record an assessment within 90 days of the observation/],
		['a date before the person was employed', form({ performedOn: '2026-04-01' }), 'performedOn', /outside .*'s employment/],
		['a certification without a practical', form({ certificationCode: 'NOPE' }), 'certificationCode', /NOPE does not require a practical assessment/],
	])('refuses %s, naming the field', async (_case, input, field, message) => {
		const rep = await createTestPerson({ employedSince: new Date('2026-04-05T00:00:00Z') })
		const refusal = await recordPracticalAssessment({ employeeId: rep.employeeId, input, assessor, at }).catch((error: unknown) => error)
		expect(refusal).toBeInstanceOf(AssessmentRuleError)
		expect(refusal).toMatchObject({ field, message: expect.stringMatching(message) })
		expect(await assessmentsOf(rep.id)).toBe(0)
	})

	test('"not yet competent" needs notes saying what to work on', async () => {
		const rep = await createTestPerson()
		const refusal = await recordPracticalAssessment({ employeeId: rep.employeeId, input: form({ outcome: 'not-yet-competent', notes: 'no' }), assessor, at }).catch((error: unknown) => error)
		expect(refusal).toBeInstanceOf(ZodError)
		expect((refusal as ZodError).issues).toMatchObject([{ path: ['notes'], message: 'Say what the person must work on before the next assessment (at least 10 characters).' }])
		expect(await assessmentsOf(rep.id)).toBe(0)
	})

	test('a manager sees only their own people in the queue; an assessor sees everyone', async () => {
		const emea = await createTestPerson({ orgUnitCode: 'BL-EMEA-T1' })
		const na = await createTestPerson({ orgUnitCode: 'BL-NA-T1' })
		for (const rep of [emea, na]) await doTraining(rep.id, new Date('2026-05-01T09:00:00Z'))
		const manager = await createTestPerson({ roles: ['manager'], managedUnitCodes: ['BL-EMEA'] })
		const when = new Date('2026-05-02T00:00:00Z')
		const managerView = await practicalQueue({ viewer: asViewer(manager, ['/BL/BL-EMEA/']), at: when })
		const queued = (view: typeof managerView) => view.rows.map((r) => r.employeeId)
		expect(queued(managerView)).toContain(emea.employeeId)
		expect(queued(managerView)).not.toContain(na.employeeId)
		expect(queued(await practicalQueue({ viewer: asViewer(assessor), at: when }))).toEqual(expect.arrayContaining([emea.employeeId, na.employeeId]))
	})
})

// Last: it changes the catalog under the tests above.
describe('the catalog changes', () => {
	test('an edited checklist is a new version; the record keeps the version observed; the date the practical became required stays', async () => {
		const rep = await createTestPerson()
		await doTraining(rep.id, new Date('2026-06-01T09:00:00Z'))
		await recordPracticalAssessment({ employeeId: rep.employeeId, input: form({ performedOn: '2026-06-02', items: { ...allMet, 'plan-agreed': 'not-met' }, outcome: 'not-yet-competent', notes: 'Agree the plan with the customer first.' }), assessor, at: new Date('2026-06-02T12:00:00Z') })
		const file = path.join(practicalDir, 'checklists', 'site-visit-practical.yaml')
		writeFileSync(file, readFileSync(file, 'utf8').replace('version: 1', 'version: 2').replace('The rep does plan agreed.', 'The rep agrees the plan with the customer.'))
		await syncCatalog(practicalDir, new Date('2026-06-03T00:00:00Z'))

		expect(await prisma.certification.findUniqueOrThrow({ where: { code: 'CERT-A' }, select: { practicalRequiredSince: true } })).toEqual({ practicalRequiredSince: PRACTICAL_REQUIRED_FROM })
		const [standing] = await practicalStandingFor({ personId: rep.id, at: new Date('2026-06-04T00:00:00Z') })
		expect(standing).toMatchObject({ checklist: { version: 2, items: expect.arrayContaining([{ id: 'plan-agreed', text: 'The rep agrees the plan with the customer.' }]) }, assessments: [{ checklistVersion: 1, itemsNotMet: ['The rep does plan agreed.'] }] })
	})

	test('a checklist edited without raising its version is refused, and nothing is written', async () => {
		const file = path.join(practicalDir, 'checklists', 'site-visit-practical.yaml')
		writeFileSync(file, readFileSync(file, 'utf8').replace('The rep does work recorded.', 'The rep records the work as it goes.'))
		const before = await prisma.practicalChecklistVersion.count()
		expect(await syncCatalogFromDirectory(practicalDir, { at: new Date('2026-06-04T00:00:00Z') })).toEqual({
			ok: false,
			problems: [{ file: 'checklists/site-visit-practical.yaml', message: 'the content changed but version 2 is already stored (latest: 2): raise version to 3' }],
		})
		expect(await prisma.practicalChecklistVersion.count()).toBe(before)
		writeFileSync(file, readFileSync(file, 'utf8').replace('version: 2', 'version: 3'))
		await syncCatalog(practicalDir, new Date('2026-06-05T00:00:00Z'))
		expect(await prisma.practicalChecklistVersion.count()).toBe(before + 1)
	})

	test('when a certification stops requiring a practical, those waiting for one are awarded on their training', async () => {
		const rep = await createTestPerson()
		await doTraining(rep.id, new Date('2026-06-10T09:00:00Z'))
		expect(await awardsOf(rep.id)).toEqual([])
		await syncCatalog(plainDir, new Date('2026-06-11T00:00:00Z'))
		expect(await awardsOf(rep.id)).toMatchObject([{ certificationCode: 'CERT-A', practicalAssessmentId: null, issuedAt: new Date('2026-06-11T00:00:00Z') }])
		expect(await prisma.pendingPractical.count()).toBe(0)
		expect(await prisma.certification.findUniqueOrThrow({ where: { code: 'CERT-A' }, select: { practicalChecklistId: true, practicalRequiredSince: true } })).toEqual({ practicalChecklistId: null, practicalRequiredSince: null })
		expect(await prisma.practicalChecklist.findUniqueOrThrow({ where: { id: 'site-visit-practical' }, select: { retiredAt: true } })).toEqual({ retiredAt: new Date('2026-06-11T00:00:00Z') })
	})
})
