import path from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { packageBytes } from '#app/catalog/scorm-module.server.ts'
import { isCourseOfferedTo } from '#app/learning/course-offer.server.ts'
import { myTrainingPlan } from '#app/learning/my-training.server.ts'
import { action as uploadAction } from '#app/routes/admin+/content.tsx'
import { action as coursesAction, loader as coursesLoader } from '#app/routes/manage+/courses._index.tsx'
import { loader as courseLoader } from '#app/routes/learn+/scorm.$moduleId.tsx'
import { startScormAttempt } from '#app/scorm/scorm-attempts.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { syncCatalog } from '#tests/catalog-utils.ts'
import { createTestOrg, createTestPerson, settle, signedInRequest } from '#tests/factories.ts'
import { testsRoot } from '#tests/setup/paths.ts'

const fixture = packageBytes(path.join(testsRoot, 'fixtures', 'scorm', 'minimal-12'))
type Person = Awaited<ReturnType<typeof createTestPerson>>
let admin: Person
let manager: Person
let emeaRep: Person
let naRep: Person

beforeAll(async () => {
	await createTestOrg()
	await syncCatalog()
	admin = await createTestPerson({ roles: ['admin'], orgUnitCode: 'BL' })
	manager = await createTestPerson({ roles: ['manager'], orgUnitCode: 'BL-EMEA', managedUnitCodes: ['BL-EMEA'] })
	emeaRep = await createTestPerson({ orgUnitCode: 'BL-EMEA-T1' })
	naRep = await createTestPerson({ orgUnitCode: 'BL-NA-T1' })
})

async function upload(moduleId: string, audience: string[]) {
	const form = new FormData()
	form.set('package', new Blob([new Uint8Array(fixture)], { type: 'application/zip' }), 'course.zip')
	for (const [name, value] of Object.entries({ moduleId, title: `Course ${moduleId}`, estimatedMinutes: '20', completion: 'Completed' })) form.set(name, value)
	for (const code of audience) form.append('audience', code)
	return uploadAction({ request: await signedInRequest(admin.id, 'http://localhost/admin/content', { method: 'POST', body: form }), params: {}, context: {} })
}

const offeredOnHome = async (person: Person) => (await myTrainingPlan({ personId: person.id, at: new Date() })).otherCourses.map((c) => c.moduleId)
const coursePage = async (person: Person, moduleId: string) => settle(async () => courseLoader({ request: await signedInRequest(person.id, `http://localhost/learn/scorm/${moduleId}`), params: { moduleId }, context: {} }))
const retire = async (person: Person, moduleId: string) => settle(async () => coursesAction({ request: await signedInRequest(person.id, 'http://localhost/manage/courses', { method: 'POST', body: new URLSearchParams({ intent: 'retire', moduleId }) }), params: {}, context: {} }))

describe('an uploaded course is offered to the org units chosen', () => {
	test('offered to a region: its people see and may open it, others do not', async () => {
		await upload('emea-only', ['BL-EMEA'])
		expect(await offeredOnHome(emeaRep)).toContain('emea-only')
		expect(await offeredOnHome(naRep)).not.toContain('emea-only')
		expect(await isCourseOfferedTo({ moduleId: 'emea-only', personId: emeaRep.id })).toBe(true)
		expect(((await coursePage(naRep, 'emea-only')) as Response).status).toBe(404)
		expect(await coursePage(emeaRep, 'emea-only')).toMatchObject({ module: { title: 'Course emea-only' } })
		const courses = await coursesLoader({ request: await signedInRequest(manager.id, 'http://localhost/manage/courses'), params: {}, context: {} })
		expect(courses.courses.find((c) => c.id === 'emea-only')).toMatchObject({ offeredTo: ['Test EMEA'] })
		expect(courses.canRetire).toBe(false)
	})

	test('none chosen: everyone; the choice is audited, and an unknown unit is refused with nothing stored', async () => {
		await upload('for-everyone', [])
		expect(await offeredOnHome(naRep)).toContain('for-everyone')
		await upload('for-everyone', ['BL-NA'])
		expect(await offeredOnHome(emeaRep)).not.toContain('for-everyone')
		expect(await prisma.auditEvent.count({ where: { action: 'course.audience_set', subjectId: 'for-everyone' } })).toBe(1)
		const refused = (await upload('nowhere', ['NO-SUCH-UNIT'])) as { data: { errors: Record<string, string[]> }; init: { status: number } }
		expect(refused.init.status).toBe(400)
		expect(refused.data.errors.audience).toEqual(['No org unit with code NO-SUCH-UNIT.'])
		expect(await prisma.learningModule.count({ where: { id: 'nowhere' } })).toBe(0)
	})
})

describe('retiring an uploaded course', () => {
	test('an admin retires it after being asked: nobody can start it any more, and the record of who took it stays', async () => {
		await upload('retiring', [])
		const attempt = await startScormAttempt({ personId: emeaRep.id, moduleId: 'retiring', at: new Date() })
		expect(((await retire(manager, 'retiring')) as Response).status).toBe(403)
		expect(await retire(admin, 'retiring')).toEqual({ error: null, retired: 'Course retiring' })
		expect(await offeredOnHome(emeaRep)).not.toContain('retiring')
		expect(((await coursePage(emeaRep, 'retiring')) as Response).status).toBe(404)
		expect(await prisma.scormAttempt.findUniqueOrThrow({ where: { id: attempt.id } })).toMatchObject({ personId: emeaRep.id, moduleId: 'retiring' })
		expect(await prisma.auditEvent.count({ where: { action: 'course.retired', subjectId: 'retiring' } })).toBe(1)
		// Uploading it again offers it again.
		await upload('retiring', [])
		expect(await offeredOnHome(emeaRep)).toContain('retiring')
	})

	test('a course from content/ is retired by removing it there, not here', async () => {
		expect(await retire(admin, 'alpha')).toMatchObject({ data: { error: expect.stringMatching(/comes from content\/: remove it there to retire it\.$/) }, init: { status: 400 } })
		expect((await prisma.learningModule.findUniqueOrThrow({ where: { id: 'alpha' } })).retiredAt).toBeNull()
	})
})
