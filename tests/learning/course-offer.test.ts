import path from 'node:path'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { beforeAll, describe, expect, test } from 'vitest'
import { packageBytes } from '#app/catalog/scorm-module.server.ts'
import { OrgUnitCheckboxes } from '#app/components/org-unit-checkboxes.tsx'
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
/** Posts the Courses page's form as the person; `audience` repeats as ticked checkboxes do. */
async function postCourses(person: Person, { audience = [], ...fields }: { intent: string; moduleId: string; audience?: string[] }) {
	const body = new URLSearchParams(fields)
	for (const code of audience) body.append('audience', code)
	return settle(async () => coursesAction({ request: await signedInRequest(person.id, 'http://localhost/manage/courses', { method: 'POST', body }), params: {}, context: {} }))
}
const retire = (person: Person, moduleId: string) => postCourses(person, { intent: 'retire', moduleId })
const reoffer = (person: Person, moduleId: string) => postCourses(person, { intent: 'reoffer', moduleId })
const setAudience = (person: Person, moduleId: string, audience: string[]) => postCourses(person, { intent: 'set-audience', moduleId, audience })
const coursesPage = async (person: Person) => coursesLoader({ request: await signedInRequest(person.id, 'http://localhost/manage/courses'), params: {}, context: {} })
const audienceOf = async (moduleId: string) => (await prisma.courseAudience.findMany({ where: { moduleId }, select: { orgUnit: { select: { code: true } } } })).map((a) => a.orgUnit.code).sort()
const auditCount = (action: string, moduleId: string) => prisma.auditEvent.count({ where: { action, subjectId: moduleId } })

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
		expect(courses.isAdmin).toBe(false)
		// Managers see what is on offer, not the admins' forms or what is retired.
		expect(courses).toMatchObject({ retired: [], units: [] })
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
		expect(await retire(admin, 'retiring')).toEqual({ error: null, outcome: { kind: 'retired', moduleId: 'retiring', title: 'Course retiring' } })
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

describe('changing who an uploaded course is offered to', () => {
	test('an admin changes it on the Courses page: the form starts from the current choice, the course reaches the units ticked, and each change is audited', async () => {
		await upload('changing', ['BL-EMEA'])
		const page = await coursesPage(admin)
		expect(page.units.map((u) => u.code)).toEqual(['BL', 'BL-EMEA', 'BL-EMEA-T1', 'BL-NA', 'BL-NA-T1'])
		const boxes = renderToStaticMarkup(createElement(OrgUnitCheckboxes, { id: 'audience-changing', name: 'audience', legend: 'Offered to', units: page.units, checked: page.courses.find((c) => c.id === 'changing')!.audienceCodes }))
		expect([...boxes.matchAll(/<input[^>]* checked=""[^>]* value="([^"]+)"/g)].map((m) => m[1])).toEqual(['BL-EMEA'])

		expect(await setAudience(admin, 'changing', ['BL-NA'])).toEqual({ error: null, outcome: { kind: 'audience-set', title: 'Course changing', offeredTo: ['Test NA'] } })
		expect(await isCourseOfferedTo({ moduleId: 'changing', personId: naRep.id })).toBe(true)
		expect(await isCourseOfferedTo({ moduleId: 'changing', personId: emeaRep.id })).toBe(false)
		expect((await coursesPage(admin)).courses.find((c) => c.id === 'changing')).toMatchObject({ offeredTo: ['Test NA'], audienceCodes: ['BL-NA'] })
		const audited = await prisma.auditEvent.findMany({ where: { action: 'course.audience_set', subjectId: 'changing' }, orderBy: { seq: 'asc' }, select: { actorId: true, details: true } })
		expect(audited).toHaveLength(2)
		expect(audited[1]).toMatchObject({ actorId: admin.id })
		expect(JSON.parse(audited[1]!.details!)).toEqual({ from: ['BL-EMEA'], to: ['BL-NA'] })

		// Nothing ticked: everyone.
		expect(await setAudience(admin, 'changing', [])).toMatchObject({ outcome: { offeredTo: [] } })
		expect(await isCourseOfferedTo({ moduleId: 'changing', personId: emeaRep.id })).toBe(true)
		expect(await auditCount('course.audience_set', 'changing')).toBe(3)
	})

	test('a manager may not change it, and an unknown unit is refused with nothing changed', async () => {
		await upload('kept', ['BL-EMEA'])
		expect(((await setAudience(manager, 'kept', ['BL-NA'])) as Response).status).toBe(403)
		expect(await setAudience(admin, 'kept', ['BL-NA', 'NO-SUCH-UNIT'])).toMatchObject({ data: { error: 'No org unit with code NO-SUCH-UNIT.', outcome: null }, init: { status: 400 } })
		expect(await audienceOf('kept')).toEqual(['BL-EMEA'])
		expect(await auditCount('course.audience_set', 'kept')).toBe(1)
	})

	test('a course from content/ is offered as its certifications require, not chosen here', async () => {
		expect(await setAudience(admin, 'alpha', ['BL-NA'])).toMatchObject({ data: { error: expect.stringMatching(/comes from content\//) }, init: { status: 400 } })
		expect(await audienceOf('alpha')).toEqual([])
	})
})

describe('offering a retired course again', () => {
	test('Undo after retiring puts it back on offer to the units it had; both are audited', async () => {
		await upload('undone', ['BL-EMEA'])
		expect(await retire(admin, 'undone')).toMatchObject({ outcome: { kind: 'retired', moduleId: 'undone' } })
		const page = await coursesPage(admin)
		expect(page.courses.map((c) => c.id)).not.toContain('undone')
		expect(page.retired.find((c) => c.id === 'undone')).toEqual({ id: 'undone', title: 'Course undone', retiredAt: expect.any(String), offeredTo: ['Test EMEA'] })
		expect(await setAudience(admin, 'undone', ['BL-NA'])).toMatchObject({ data: { error: 'Course undone is retired: offer it again before choosing who it is offered to.' }, init: { status: 400 } })
		expect(((await reoffer(manager, 'undone')) as Response).status).toBe(403)
		expect(await isCourseOfferedTo({ moduleId: 'undone', personId: emeaRep.id })).toBe(false)

		expect(await reoffer(admin, 'undone')).toEqual({ error: null, outcome: { kind: 'reoffered', title: 'Course undone', offeredTo: ['Test EMEA'] } })
		expect(await isCourseOfferedTo({ moduleId: 'undone', personId: emeaRep.id })).toBe(true)
		expect(await isCourseOfferedTo({ moduleId: 'undone', personId: naRep.id })).toBe(false)
		expect((await coursesPage(admin)).retired.map((c) => c.id)).not.toContain('undone')
		expect(await prisma.auditEvent.findFirst({ where: { action: 'course.reoffered', subjectId: 'undone' }, select: { actorId: true } })).toEqual({ actorId: admin.id })
		expect(await auditCount('course.retired', 'undone')).toBe(1)

		// Pressed twice, it is already on offer: nothing more happens.
		expect(await reoffer(admin, 'undone')).toMatchObject({ outcome: { kind: 'reoffered' } })
		expect(await auditCount('course.reoffered', 'undone')).toBe(1)
	})

	test('a course from content/, or none at all, is refused', async () => {
		expect(await reoffer(admin, 'alpha')).toMatchObject({ data: { error: expect.stringMatching(/^Alpha.* comes from content\//) }, init: { status: 400 } })
		expect(await reoffer(admin, 'no-such-course')).toMatchObject({ data: { error: 'There is no course "no-such-course".', outcome: null }, init: { status: 400 } })
		expect(await auditCount('course.reoffered', 'alpha')).toBe(0)
	})
})
