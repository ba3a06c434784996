import { beforeAll, describe, expect, test } from 'vitest'
import { completeModuleReading, getModuleForReader, recordSectionViewed } from '#app/learning/module-progress.server.ts'
import { action as readerAction, loader as readerLoader } from '#app/routes/learn+/modules.$moduleId.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { syncCatalog } from '#tests/catalog-utils.ts'
import { createTestOrg, createTestPerson, settle, signedInRequest } from '#tests/factories.ts'

beforeAll(async () => {
	await createTestOrg()
	await syncCatalog()
})

const at = new Date('2026-06-01T09:00:00Z')
const base = 'http://localhost'

describe('module progress', () => {
	test('sections seen are recorded and the reader resumes at the last one', async () => {
		const rep = await createTestPerson()
		await recordSectionViewed({ personId: rep.id, moduleId: 'alpha', sectionIndex: 1, at })
		const module = await getModuleForReader({ moduleId: 'alpha', personId: rep.id })
		expect(module).toMatchObject({ viewedSections: [1], lastSection: 1, completedAt: null, quizId: 'alpha-quiz' })
		const page = await readerLoader({ request: await signedInRequest(rep.id, `${base}/learn/modules/alpha`), params: { moduleId: 'alpha' }, context: {} })
		expect(page.sectionIndex).toBe(1)
		expect(page.section.title).toBe(module.sections[1]!.title)
	})

	test('completion needs every section, is recorded once, and is audited once', async () => {
		const rep = await createTestPerson()
		await recordSectionViewed({ personId: rep.id, moduleId: 'beta', sectionIndex: 0, at })
		expect(await completeModuleReading({ personId: rep.id, moduleId: 'beta', at })).toMatchObject({ completed: false, viewed: 1, sectionCount: 2 })
		await recordSectionViewed({ personId: rep.id, moduleId: 'beta', sectionIndex: 1, at })
		expect(await completeModuleReading({ personId: rep.id, moduleId: 'beta', at })).toMatchObject({ completed: true, firstTime: true })
		expect(await completeModuleReading({ personId: rep.id, moduleId: 'beta', at: new Date(at.getTime() + 60_000) })).toMatchObject({ completed: true, firstTime: false, completedAt: at })
		expect(await prisma.moduleCompletion.count({ where: { personId: rep.id, moduleId: 'beta' } })).toBe(1)
		const completion = await prisma.moduleCompletion.findFirstOrThrow({ where: { personId: rep.id } })
		expect(await prisma.auditEvent.count({ where: { action: 'module.completed', subjectId: completion.id } })).toBe(1)
	})

	test('the reader moves on with Next and completes with Finish', async () => {
		const rep = await createTestPerson()
		const post = async (fields: Record<string, string>) =>
			(await settle(async () => readerAction({ request: await signedInRequest(rep.id, `${base}/learn/modules/alpha`, { method: 'POST', body: new URLSearchParams(fields) }), params: { moduleId: 'alpha' }, context: {} }))) as Response
		const next = await post({ intent: 'next', sectionIndex: '0' })
		expect(next.headers.get('Location')).toBe('/learn/modules/alpha?section=2')
		await post({ intent: 'finish', sectionIndex: '1' })
		expect(await prisma.moduleCompletion.count({ where: { personId: rep.id, moduleId: 'alpha' } })).toBe(1)
		expect((await post({ intent: 'next', sectionIndex: '9' })).status).toBe(404)
		expect((await post({ intent: 'jump' })).status).toBe(400)
	})

	test('an unknown module is a 404', async () => {
		const rep = await createTestPerson()
		const response = (await settle(async () => readerLoader({ request: await signedInRequest(rep.id, `${base}/x`), params: { moduleId: 'nope' }, context: {} }))) as Response
		expect(response.status).toBe(404)
	})
})
