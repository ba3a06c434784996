import { beforeAll, expect, test } from 'vitest'
import { myTrainingPlan } from '#app/learning/my-training.server.ts'
import { action as readerAction, loader as readerLoader } from '#app/routes/learn+/modules.$moduleId.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { copyOfFixtureCatalog, syncCatalog } from '#tests/catalog-utils.ts'
import { createTestOrg, createTestPerson, signedInRequest } from '#tests/factories.ts'

// A module of four sections, so that resuming in the middle can be told apart from the ends.
beforeAll(async () => {
	await createTestOrg()
	const copy = copyOfFixtureCatalog()
	copy.edit('modules/alpha.md', (source) => `${source}\n## During the work\n\nKeep the site contact informed.\n\n## Handing over\n\nWalk the contact through every change.\n`)
	await syncCatalog(copy.dir)
	// The test team does site visits, so CERT-A (alpha and beta) is required of its reps.
	const team = await prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BL-EMEA-T1' }, select: { id: true } })
	await prisma.workTypeAssignment.create({ data: { workTypeCode: 'SITE_VISIT', orgUnitId: team.id } })
})

const page = async (personId: string, search = '') => readerLoader({ request: await signedInRequest(personId, `http://localhost/learn/modules/alpha${search}`), params: { moduleId: 'alpha' }, context: {} })
const next = async (personId: string, sectionIndex: number) =>
	readerAction({ request: await signedInRequest(personId, 'http://localhost/learn/modules/alpha', { method: 'POST', body: new URLSearchParams({ intent: 'next', sectionIndex: String(sectionIndex) }) }), params: { moduleId: 'alpha' }, context: {} })

test('coming back, the rep lands on the section they were reading, not the one before it', async () => {
	const rep = await createTestPerson()
	expect((await page(rep.id)).sectionIndex).toBe(0)
	// Next on section 1, then Next on section 2: they are reading section 3 when they leave.
	expect((await next(rep.id, 0)).headers.get('Location')).toBe('/learn/modules/alpha?section=2')
	expect((await next(rep.id, 1)).headers.get('Location')).toBe('/learn/modules/alpha?section=3')
	const resumed = await page(rep.id)
	expect(resumed.sectionIndex).toBe(2)
	expect(resumed.section.title).toBe('During the work')
	// A section asked for by the URL wins.
	expect((await page(rep.id, '?section=1')).sectionIndex).toBe(0)
})

test('the reader shows the same progress figure as My training', async () => {
	const rep = await createTestPerson()
	await next(rep.id, 0)
	await next(rep.id, 1)
	const plan = await myTrainingPlan({ personId: rep.id, at: new Date() })
	const onHome = plan.modules.find((m) => m.moduleId === 'alpha')
	expect(onHome).toBeDefined()
	// Two of four sections read, and a quiz still to pass: 2 of 5 steps.
	expect(onHome!.percent).toBe(40)
	expect((await page(rep.id)).percent).toBe(onHome!.percent)
})
