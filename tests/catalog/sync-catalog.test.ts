import { rmSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { syncCatalogFromDirectory } from '#app/catalog/sync-catalog.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { copyOfFixtureCatalog, syncCatalog } from '#tests/catalog-utils.ts'

const at = new Date('2026-02-01T00:00:00Z')
const later = (minutes: number) => new Date(at.getTime() + minutes * 60_000)

async function currentState() {
	return {
		modules: await prisma.learningModule.findMany({ orderBy: { id: 'asc' }, select: { id: true, currentVersionId: true, retiredAt: true } }),
		quizzes: await prisma.quiz.findMany({ orderBy: { id: 'asc' }, select: { id: true, currentVersionId: true } }),
		certifications: await prisma.certification.findMany({ select: { code: true, requirements: { select: { moduleId: true } } } }),
		workTypes: await prisma.workType.findMany({ select: { code: true, requirements: { select: { certificationCode: true } } } }),
		moduleVersions: await prisma.moduleVersion.count(),
	}
}

beforeAll(() => syncCatalog(undefined, at))

describe('catalog sync', () => {
	test('loads modules, quizzes, certifications and work types, one version each', async () => {
		const state = await currentState()
		expect(state.modules.map((m) => m.id)).toEqual(['alpha', 'beta'])
		expect(state.certifications).toEqual([{ code: 'CERT-A', requirements: expect.arrayContaining([{ moduleId: 'alpha' }, { moduleId: 'beta' }]) }])
		expect(state.moduleVersions).toBe(2)
	})

	test('syncing unchanged content creates nothing new, and writes nothing when the last sync loaded the same catalog', async () => {
		const before = await currentState()
		const syncs = await prisma.catalogSync.count()
		expect(await syncCatalog(undefined, later(1))).toEqual({ ok: true, newModuleVersions: [], newQuizVersions: [], unchanged: true })
		expect(await prisma.catalogSync.count()).toBe(syncs)
		// A database synced before fingerprints were kept gets a full sync, which finds nothing new either.
		await prisma.catalogSync.updateMany({ data: { fingerprint: null } })
		expect(await syncCatalog(undefined, later(1))).toEqual({ ok: true, newModuleVersions: [], newQuizVersions: [] })
		expect(await prisma.catalogSync.count()).toBe(syncs + 1)
		expect(await currentState()).toEqual(before)
	})

	test('a broken catalog never half-loads: the last good one stays and the failure is recorded with its reasons', async () => {
		const before = await currentState()
		const copy = copyOfFixtureCatalog()
		copy.edit('modules/alpha.md', (source) => source.replace(/^title: .*$/m, 'title: Alpha, rewritten'))
		copy.edit('quizzes/alpha.yaml', (source) => source.replace('passMark: 75', 'passMark: 120'))
		const outcome = await syncCatalogFromDirectory(copy.dir, { at: later(2) })
		expect(outcome.ok).toBe(false)
		expect(await currentState()).toEqual(before)
		const sync = await prisma.catalogSync.findFirstOrThrow({ orderBy: { at: 'desc' } })
		expect(sync.ok).toBe(false)
		expect(JSON.parse(sync.problems)).toEqual([expect.objectContaining({ file: 'quizzes/alpha.yaml', message: expect.stringContaining('passMark') })])
	})

	test('a changed module becomes a new current version; a removed one is retired, not deleted', async () => {
		const copy = copyOfFixtureCatalog()
		const reviseAlpha = (source: string) => source.replace(/^version: 1$/m, 'version: 2\nchange: editorial').replace(/^## (.*)$/m, '## $1 (revised)')
		copy.edit('modules/alpha.md', reviseAlpha)
		const changed = await syncCatalog(copy.dir, later(3))
		expect(changed.newModuleVersions).toEqual([expect.stringMatching(/^alpha@/)])
		const alpha = await prisma.learningModule.findUniqueOrThrow({ where: { id: 'alpha' }, select: { currentVersionId: true, versions: { orderBy: { createdAt: 'asc' }, select: { id: true, version: true } } } })
		expect(alpha.versions.map((v) => v.version)).toEqual([1, 2])
		expect(alpha.currentVersionId).toBe(alpha.versions[1]!.id)

		const without = copyOfFixtureCatalog()
		without.edit('modules/alpha.md', reviseAlpha)
		rmSync(path.join(without.dir, 'modules', 'beta.md'))
		without.edit('certifications/cert-a.yaml', (source) => source.replace('  - beta\n', ''))
		await syncCatalog(without.dir, later(4))
		const beta = await prisma.learningModule.findUniqueOrThrow({ where: { id: 'beta' }, select: { retiredAt: true, versions: { select: { id: true } } } })
		expect(beta.retiredAt).toEqual(later(4))
		expect(beta.versions).toHaveLength(1)
		expect(await prisma.certificationRequirement.findMany({ where: { certificationCode: 'CERT-A' }, select: { moduleId: true } })).toEqual([{ moduleId: 'alpha' }])

		// Going back to version 1's content is refused: people may owe retraining on version 2.
		expect(await syncCatalogFromDirectory(copyOfFixtureCatalog().dir, { at: later(5) })).toEqual({
			ok: false,
			problems: [{ file: 'modules/alpha.md', message: 'the content is stored version 1, but version 2 is newer: a module does not go back; make the change as version 3 (change: material or editorial)' }],
		})
		await syncCatalog(copy.dir, later(6))
		expect(await prisma.learningModule.findUniqueOrThrow({ where: { id: 'beta' }, select: { retiredAt: true } })).toEqual({ retiredAt: null })
	})
})
