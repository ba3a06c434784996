import { beforeAll, describe, expect, test } from 'vitest'
import { navigationFor } from '#app/auth/permissions.server.ts'
import { loader as learnLoader } from '#app/routes/learn+/_index.tsx'
import { loader as personLoader } from '#app/routes/manage+/people.$employeeId.tsx'
import { loader as peopleLoader } from '#app/routes/manage+/people._index.tsx'
import { loader as readinessLoader } from '#app/routes/manage+/readiness.tsx'
import { createTestOrg, createTestPerson, settle, signedInRequest } from '#tests/factories.ts'

beforeAll(createTestOrg)

const base = 'http://localhost'

describe('permissions', () => {
	test('an anonymous visitor is sent to sign in and brought back afterwards', async () => {
		const response = (await settle(() => readinessLoader({ request: new Request(`${base}/manage/readiness?x=1`), params: {}, context: {} }))) as Response
		expect(response.status).toBe(302)
		expect(response.headers.get('Location')).toBe('/login?redirectTo=%2Fmanage%2Freadiness%3Fx%3D1')
	})

	test('a rep cannot open a manager page', async () => {
		const rep = await createTestPerson()
		const request = await signedInRequest(rep.id, `${base}/manage/readiness`)
		const response = (await settle(() => readinessLoader({ request, params: {}, context: {} }))) as Response
		expect(response.status).toBe(403)
	})

	test('a manager cannot open the rep training page', async () => {
		const manager = await createTestPerson({ roles: ['manager'], managedUnitCodes: ['BL-EMEA'] })
		const request = await signedInRequest(manager.id, `${base}/learn`)
		expect(((await settle(() => learnLoader({ request, params: {}, context: {} }))) as Response).status).toBe(403)
	})

	test("a manager sees their region's people and not another region's", async () => {
		const emeaManager = await createTestPerson({ roles: ['manager'], orgUnitCode: 'BL-EMEA', managedUnitCodes: ['BL-EMEA'] })
		const emeaRep = await createTestPerson({ orgUnitCode: 'BL-EMEA-T1' })
		const naRep = await createTestPerson({ orgUnitCode: 'BL-NA-T1' })

		const list = await peopleLoader({ request: await signedInRequest(emeaManager.id, `${base}/manage/people`), params: {}, context: {} })
		const listed = list.people.map((p) => p.employeeId)
		expect(listed).toContain(emeaRep.employeeId)
		expect(listed).not.toContain(naRep.employeeId)

		const own = await personLoader({ request: await signedInRequest(emeaManager.id, `${base}/x`), params: { employeeId: emeaRep.employeeId }, context: {} })
		expect(own.person.employeeId).toBe(emeaRep.employeeId)

		const request = await signedInRequest(emeaManager.id, `${base}/x`)
		const other = (await settle(() => personLoader({ request, params: { employeeId: naRep.employeeId }, context: {} }))) as Response
		expect(other.status).toBe(404)
	})

	test('an admin sees people in every region', async () => {
		const admin = await createTestPerson({ roles: ['admin'], orgUnitCode: 'BL' })
		const naRep = await createTestPerson({ orgUnitCode: 'BL-NA-T1' })
		const page = await personLoader({ request: await signedInRequest(admin.id, `${base}/x`), params: { employeeId: naRep.employeeId }, context: {} })
		expect(page.person.employeeId).toBe(naRep.employeeId)
	})

	test('navigation offers each role exactly the pages it may open', () => {
		expect(navigationFor({ roles: ['rep'] }).map((i) => i.to)).toEqual(['/learn'])
		expect(navigationFor({ roles: ['manager'] }).map((i) => i.to)).toEqual(['/manage/readiness', '/manage/people', '/manage/courses', '/manage/practical-assessments'])
		expect(navigationFor({ roles: ['admin'] }).map((i) => i.to)).toEqual(['/manage/readiness', '/manage/people', '/manage/courses', '/manage/practical-assessments', '/admin/content', '/admin/api-clients', '/admin/audit'])
		expect(navigationFor({ roles: ['assessor'] }).map((i) => i.to)).toEqual(['/manage/practical-assessments'])
		expect(navigationFor({ roles: ['rep', 'assessor'] }).map((i) => i.to)).toEqual(['/learn', '/manage/practical-assessments'])
	})
})
