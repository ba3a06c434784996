import { beforeAll, describe, expect, test } from 'vitest'
import { action as personAction } from '#app/routes/manage+/people.$employeeId.tsx'
import { action as recordAction, loader as recordLoader } from '#app/routes/manage+/practical-assessments.$employeeId.$certificationCode.tsx'
import { loader as queueLoader } from '#app/routes/manage+/practical-assessments._index.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { syncCatalog } from '#tests/catalog-utils.ts'
import { createTestOrg, createTestPerson, settle, signedInRequest } from '#tests/factories.ts'
import { catalogs, doTraining, ITEMS } from './practical-fixtures.ts'

type Person = Awaited<ReturnType<typeof createTestPerson>>
let assessor: Person
let rep: Person
let admin: Person

beforeAll(async () => {
	await createTestOrg()
	await syncCatalog(catalogs().practical, new Date('2026-01-01T00:00:00Z'))
	assessor = await createTestPerson({ roles: ['assessor'], orgUnitCode: 'BL' })
	admin = await createTestPerson({ roles: ['admin'], orgUnitCode: 'BL' })
	rep = await createTestPerson()
	await doTraining(rep.id, new Date(Date.now() - 2 * 86_400_000))
})

const recordUrl = (employeeId: string, code = 'CERT-A') => `http://localhost/manage/practical-assessments/${employeeId}/${code}`
const today = () => new Date().toISOString().slice(0, 10)

function assessmentForm(overrides: Record<string, string | null> = {}) {
	const fields: Record<string, string | null> = {
		certificationCode: 'CERT-A',
		performedOn: today(),
		setting: 'work-order',
		reference: 'WO-1001',
		outcome: 'competent',
		notes: '',
		...Object.fromEntries(ITEMS.map((id) => [`items.${id}`, 'met'])),
		...overrides,
	}
	const form = new FormData()
	for (const [name, value] of Object.entries(fields)) if (value !== null) form.set(name, value)
	return form
}

type ActionAnswer = { init: { status: number } | null; data: { result: { status: string; error?: Record<string, string[]> }; done: string | null } }

async function submit(by: Person, employeeId: string, form: FormData) {
	const request = await signedInRequest(by.id, recordUrl(employeeId), { method: 'POST', body: form })
	return (await settle(() => recordAction({ request, params: { employeeId, certificationCode: 'CERT-A' }, context: {} }))) as ActionAnswer
}

describe('the assessor’s pages', () => {
	test('the queue lists who awaits a practical, with a link to record one', async () => {
		const request = await signedInRequest(assessor.id, 'http://localhost/manage/practical-assessments')
		const data = (await queueLoader({ request, params: {}, context: {} })) as Awaited<ReturnType<typeof queueLoader>>
		expect(data).toMatchObject({ canAssess: true, total: 1, certifications: [{ code: 'CERT-A' }], rows: [{ employeeId: rep.employeeId, certificationCode: 'CERT-A', lastAssessment: null }] })
	})

	test('a rep cannot open the queue or the form (403)', async () => {
		const queue = await settle(async () => queueLoader({ request: await signedInRequest(rep.id, 'http://localhost/manage/practical-assessments'), params: {}, context: {} }))
		expect(queue).toMatchObject({ status: 403 })
		const record = await settle(async () => recordLoader({ request: await signedInRequest(rep.id, recordUrl(rep.employeeId)), params: { employeeId: rep.employeeId, certificationCode: 'CERT-A' }, context: {} }))
		expect(record).toMatchObject({ status: 403 })
	})

	test('an unknown person or a certification without a practical is a 404', async () => {
		const unknown = await settle(async () => recordLoader({ request: await signedInRequest(assessor.id, recordUrl('SR-9999')), params: { employeeId: 'SR-9999', certificationCode: 'CERT-A' }, context: {} }))
		expect(unknown).toMatchObject({ status: 404 })
		const noPractical = await settle(async () => recordLoader({ request: await signedInRequest(assessor.id, recordUrl(rep.employeeId, 'NOPE')), params: { employeeId: rep.employeeId, certificationCode: 'NOPE' }, context: {} }))
		expect(noPractical).toMatchObject({ status: 404 })
	})

	test('the form for oneself says why it cannot be used, and posting it anyway is refused', async () => {
		const page = (await recordLoader({ request: await signedInRequest(assessor.id, recordUrl(assessor.employeeId)), params: { employeeId: assessor.employeeId, certificationCode: 'CERT-A' }, context: {} })) as { refusal: string | null }
		expect(page.refusal).toBe('You cannot assess yourself: another assessor must observe your work.')
		const answer = await submit(assessor, assessor.employeeId, assessmentForm())
		expect(answer.init?.status).toBe(400)
		expect(answer.data.result.error?.['']).toEqual(['You cannot assess yourself: another assessor must observe your work.'])
		expect(await prisma.practicalAssessment.count({ where: { personId: assessor.id } })).toBe(0)
	})

	test('errors come back next to their fields, and nothing is stored', async () => {
		const missingItem = await submit(assessor, rep.employeeId, assessmentForm({ 'items.work-recorded': null }))
		expect(missingItem.init?.status).toBe(400)
		expect(missingItem.data.result.error).toMatchObject({ 'items.work-recorded': ['Mark this item met or not met.'] })
		const noOutcome = await submit(assessor, rep.employeeId, assessmentForm({ outcome: null, reference: '' }))
		expect(noOutcome.data.result.error).toMatchObject({ outcome: ['Choose the outcome.'], reference: ['Give the work order number or the exercise name.'] })
		const unmet = await submit(assessor, rep.employeeId, assessmentForm({ 'items.plan-agreed': 'not-met' }))
		expect(unmet.data.result.error?.outcome?.[0]).toMatch(/^"Competent" needs every item met/)
		expect(await prisma.practicalAssessment.count({ where: { personId: rep.id } })).toBe(0)
	})

	test('a competent practical is recorded and the certification awarded at once', async () => {
		const answer = await submit(assessor, rep.employeeId, assessmentForm())
		expect(answer.init?.status ?? 200).toBe(200)
		expect(answer.data.done).toBe(`Recorded: Competent. CERT-A awarded to ${rep.name}.`)
		expect(await prisma.certificationAward.count({ where: { personId: rep.id, certificationCode: 'CERT-A', practicalAssessmentId: { not: null } } })).toBe(1)
	})
})

describe('the assessor role', () => {
	async function setRole(by: Person, person: Person, grant: 'grant' | 'remove', reason = 'Qualified as a workplace assessor') {
		const form = new FormData()
		form.set('intent', 'assessor-role')
		form.set('grant', grant)
		form.set('reason', reason)
		const request = await signedInRequest(by.id, `http://localhost/manage/people/${person.employeeId}`, { method: 'POST', body: form })
		return (await settle(() => personAction({ request, params: { employeeId: person.employeeId }, context: {} }))) as { init: { status: number } | null; data: { admin: { done: string | null; result: { error?: Record<string, string[]> } } } }
	}
	const rolesOf = async (person: Person) => (await prisma.personRole.findMany({ where: { personId: person.id }, select: { role: true } })).map((r) => r.role).sort()

	test('an admin grants and removes it, with a reason and an audit row each time', async () => {
		const person = await createTestPerson()
		expect((await setRole(admin, person, 'grant')).data.admin.done).toBe(`${person.name} is now an assessor.`)
		expect(await rolesOf(person)).toEqual(['assessor', 'rep'])
		expect((await setRole(admin, person, 'grant')).data.admin.result.error?.['']).toEqual([`${person.employeeId} is already an assessor.`])
		expect((await setRole(admin, person, 'remove', 'Left the assessor pool')).data.admin.done).toBe(`${person.name} is no longer an assessor.`)
		expect(await rolesOf(person)).toEqual(['rep'])
		const audit = await prisma.auditEvent.findMany({ where: { subjectId: person.id, action: { in: ['person.role_granted', 'person.role_removed'] } }, orderBy: { seq: 'asc' } })
		expect(audit.map((e) => [e.action, JSON.parse(e.details).reason])).toEqual([
			['person.role_granted', 'Qualified as a workplace assessor'],
			['person.role_removed', 'Left the assessor pool'],
		])
	})

	test('not on one’s own record, not without a reason, and only by an admin', async () => {
		const ownRecord = await setRole(admin, admin, 'grant')
		expect(ownRecord.data.admin.result.error?.['']).toEqual(['You cannot make an assessor of yourself: another administrator must do it.'])
		expect(await rolesOf(admin)).toEqual(['admin'])
		const person = await createTestPerson()
		expect((await setRole(admin, person, 'grant', '')).data.admin.result.error).toMatchObject({ reason: ['Give a reason.'] })
		const manager = await createTestPerson({ roles: ['manager'], managedUnitCodes: ['BL-EMEA-T1'] })
		expect(await setRole(manager, person, 'grant')).toMatchObject({ status: 403 })
		expect(await rolesOf(person)).toEqual(['rep'])
	})
})
