import { beforeAll, expect, test } from 'vitest'
import { syncCatalogFromDirectory } from '#app/catalog/sync-catalog.server.ts'
import { loader } from '#app/routes/admin+/content.tsx'
import { copyOfFixtureCatalog, syncCatalog } from '#tests/catalog-utils.ts'
import { createTestOrg, createTestPerson, settle, signedInRequest } from '#tests/factories.ts'

beforeAll(createTestOrg)

const url = 'http://localhost/admin/content'

test('the Content page lists the catalog, its versions and why the last sync was rejected', async () => {
	const admin = await createTestPerson({ roles: ['admin'], orgUnitCode: 'BL' })
	await syncCatalog(undefined, new Date('2026-03-01T00:00:00Z'))
	const broken = copyOfFixtureCatalog()
	broken.edit('quizzes/alpha.yaml', (source) => source.replace('module: alpha', 'module: gamma'))
	await syncCatalogFromDirectory(broken.dir, { at: new Date('2026-03-02T00:00:00Z') })

	const page = await loader({ request: await signedInRequest(admin.id, url), params: {}, context: {} })
	expect(page.modules.map((m) => [m.id, m.versionCount])).toEqual([['alpha', 1], ['beta', 1]])
	expect(page.quizzes[0]).toMatchObject({ id: 'alpha-quiz', questionCount: 12, questionsPerAttempt: 6 })
	expect(page.lastSync).toMatchObject({ ok: false, problems: [{ file: 'quizzes/alpha.yaml', line: 2, message: 'module "gamma" does not exist' }] })
	expect(page.lastGoodSyncAt).toBe('2026-03-01T00:00:00.000Z')
	// The page shows counts, never the bank itself.
	expect(JSON.stringify(page)).not.toMatch(/"correct"|explanation/)
})

test('only admins can open it', async () => {
	const manager = await createTestPerson({ roles: ['manager'], managedUnitCodes: ['BL-EMEA'] })
	expect(((await settle(async () => loader({ request: await signedInRequest(manager.id, url), params: {}, context: {} }))) as Response).status).toBe(403)
})
