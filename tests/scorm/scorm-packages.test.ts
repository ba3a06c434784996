import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { zipSync } from 'fflate'
import { beforeAll, describe, expect, test } from 'vitest'
import { packageBytes } from '#app/catalog/scorm-module.server.ts'
import { syncCatalogFromDirectory } from '#app/catalog/sync-catalog.server.ts'
import { resolvePackageFile } from '#app/scorm/package-files.server.ts'
import { packageDir, scormStorageDir, storeScormPackage } from '#app/scorm/package-store.server.ts'
import { ScormPackageError } from '#app/scorm/package-zip.server.ts'
import { launchSco, scormPlayerView, startScormAttempt } from '#app/scorm/scorm-attempts.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { syncCatalog } from '#tests/catalog-utils.ts'
import { createTestOrg, createTestPerson } from '#tests/factories.ts'
import { testsRoot } from '#tests/setup/paths.ts'
import { writeZip } from './zip-fixtures.ts'
import { addScormModule, catalogWithScorm, currentVersionOf, openSco, scormFixture, shippedPackage } from './scorm-utils.ts'

const at = new Date('2026-03-02T08:00:00Z')
const later = (minutes: number) => new Date(at.getTime() + minutes * 60_000)
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const storedFolders = () => (existsSync(scormStorageDir()) ? readdirSync(scormStorageDir()).sort() : [])

beforeAll(createTestOrg)

describe('storing a package', () => {
	test('packages live in scorm-packages/ beside the database file unless SCORM_STORAGE_DIR names a folder', () => {
		const root = path.join(testsRoot, '..')
		const storageDirWith = (env: Record<string, string>) => {
			const script = "import('#app/scorm/package-store.server.ts').then((m) => console.log(m.scormStorageDir()))"
			const run = spawnSync(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), '-e', script], { cwd: root, env: { PATH: process.env.PATH, NODE_ENV: 'test', ...env }, encoding: 'utf8', timeout: 30_000 })
			return run.stdout.trim() || run.stderr
		}
		expect(storageDirWith({ DATABASE_URL: 'file:/srv/fieldready/data/fieldready.db' })).toBe('/srv/fieldready/data/scorm-packages')
		expect(storageDirWith({ DATABASE_URL: 'file:./data/fieldready.db' })).toBe(path.join(root, 'data', 'scorm-packages'))
		expect(storageDirWith({ DATABASE_URL: 'file:/srv/fieldready/data/fieldready.db', SCORM_STORAGE_DIR: '/mnt/packages' })).toBe('/mnt/packages')
	}, 60_000)

	test('the same zip twice is one row and one folder, unpacked once', async () => {
		const bytes = packageBytes(scormFixture('minimal-12'))
		const first = await storeScormPackage({ bytes, at })
		expect(first).toMatchObject({ id: sha256(bytes), created: true, title: 'Minimal SCORM 1.2 fixture', scormVersion: '1.2' })
		expect(readdirSync(packageDir(first.id)).sort()).toEqual(['imsmanifest.xml', 'index.html', 'minimal.js'])
		expect(readFileSync(path.join(packageDir(first.id), 'index.html'), 'utf8')).toBe(readFileSync(path.join(scormFixture('minimal-12'), 'index.html'), 'utf8'))

		const folderIdentity = () => (({ ino, birthtimeMs, ctimeMs }) => ({ ino, birthtimeMs, ctimeMs }))(statSync(packageDir(first.id)))
		const folder = folderIdentity()

		const second = await storeScormPackage({ bytes, at: later(5) })
		expect(second).toMatchObject({ id: first.id, created: false })
		expect(storedFolders()).toEqual([first.id])
		expect(folderIdentity()).toEqual(folder)
		const rows = await prisma.scormPackage.findMany({ where: { id: first.id } })
		expect(rows).toEqual([expect.objectContaining({ fileCount: 3, importedAt: at, scormVersion: '1.2' })])
		expect(rows[0]!.totalBytes).toBe(['imsmanifest.xml', 'index.html', 'minimal.js'].reduce((sum, f) => sum + readFileSync(path.join(scormFixture('minimal-12'), f)).byteLength, 0))
	})

	const withoutLaunchFile = () => zipSync({ 'imsmanifest.xml': readFileSync(path.join(scormFixture('minimal-12'), 'imsmanifest.xml')), 'minimal.js': new Uint8Array([0x2f, 0x2f]) })
	const climbing = () => writeZip([{ name: 'imsmanifest.xml', content: readFileSync(path.join(scormFixture('minimal-12'), 'imsmanifest.xml')) }, { name: 'index.html', content: 'ok' }, { name: '../escape.html', content: 'x' }])
	test.each([
		['a package missing its launch file', withoutLaunchFile, 'item "minimal-item" launches resource "minimal-sco" at "index.html", which is not in the package'],
		['a zip with a climbing entry name', climbing, 'entry "../escape.html" has a ".." path segment'],
		['bytes that are not a zip', () => new TextEncoder().encode('<html>not a zip</html>'), 'the file is not a zip archive (no end-of-central-directory record found)'],
	])('%s is refused with its reason and writes nothing: no row, no folder', async (_what, make, problem) => {
		const bytes = make()
		const foldersBefore = storedFolders()
		const rowsBefore = await prisma.scormPackage.count()
		const refused = await storeScormPackage({ bytes, at }).catch((error: unknown) => error)
		expect(refused).toBeInstanceOf(ScormPackageError)
		expect((refused as ScormPackageError).problems).toEqual([problem])
		expect(await prisma.scormPackage.count()).toBe(rowsBefore)
		expect(storedFolders()).toEqual(foldersBefore)
		expect(existsSync(packageDir(sha256(bytes)))).toBe(false)
	})
})

describe('SCORM modules in the catalog', () => {
	test('a folder is zipped reproducibly: the same content gives the same bytes, a changed file a new hash', () => {
		const copy = catalogWithScorm([{ id: 'media', packageFrom: shippedPackage('removable-media-check'), completion: 'Completed' }])
		const original = packageBytes(shippedPackage('removable-media-check'))
		expect(packageBytes(path.join(copy.dir, 'packages', 'media'))).toEqual(original)
		appendFileSync(path.join(copy.dir, 'packages', 'media', 'style.css'), '\n/* revised */\n')
		expect(sha256(packageBytes(path.join(copy.dir, 'packages', 'media')))).not.toBe(sha256(original))
	})

	test('sync creates a scorm module whose version names its package and rule; one package row however many modules use it', async () => {
		const copy = catalogWithScorm([
			{ id: 'media', packageFrom: shippedPackage('removable-media-check'), completion: 'CompletedAndPassed' },
			{ id: 'media-lite', packageFrom: shippedPackage('removable-media-check'), completion: 'Completed' },
		])
		const outcome = await syncCatalog(copy.dir, at)
		expect(outcome.newModuleVersions).toEqual(expect.arrayContaining([expect.stringMatching(/^media@/), expect.stringMatching(/^media-lite@/)]))
		const packageId = sha256(packageBytes(shippedPackage('removable-media-check')))
		expect(await currentVersionOf('media')).toMatchObject({ kind: 'scorm', source: 'catalog', scormPackageId: packageId, completionRule: 'CompletedAndPassed', sections: '[]', title: 'Course media' })
		expect(await currentVersionOf('media-lite')).toMatchObject({ kind: 'scorm', source: 'catalog', scormPackageId: packageId, completionRule: 'Completed', title: 'Course media-lite' })
		expect(await prisma.scormPackage.count({ where: { id: packageId } })).toBe(1)
		expect(readdirSync(packageDir(packageId))).toContain('imsmanifest.xml')

		expect(await syncCatalog(copy.dir, later(1))).toEqual({ ok: true, newModuleVersions: [], newQuizVersions: [], unchanged: true })
	})

	test('a package given as a .zip file is read as it is', async () => {
		const copy = catalogWithScorm([])
		const zip = packageBytes(scormFixture('minimal-12'))
		addScormModule(copy.dir, { id: 'zipped', packageFrom: scormFixture('minimal-12'), completion: 'Completed' })
		rmSync(path.join(copy.dir, 'packages', 'zipped'), { recursive: true })
		writeFileSync(path.join(copy.dir, 'packages', 'zipped.zip'), zip)
		copy.edit('modules/zipped.yaml', (source) => source.replace('package: packages/zipped', 'package: packages/zipped.zip'))
		await syncCatalog(copy.dir, later(2))
		expect((await currentVersionOf('zipped')).scormPackageId).toBe(sha256(zip))
	})

	test('package problems are catalog problems with the module file and the line of its package, and nothing is stored', async () => {
		const copy = catalogWithScorm([
			{ id: 'broken', packageFrom: scormFixture('minimal-12'), completion: 'Completed' },
			{ id: 'missing', packageFrom: scormFixture('minimal-12'), completion: 'Completed' },
		])
		rmSync(path.join(copy.dir, 'packages', 'broken', 'index.html'))
		rmSync(path.join(copy.dir, 'packages', 'missing'), { recursive: true })
		const rowsBefore = await prisma.scormPackage.count()
		const outcome = await syncCatalogFromDirectory(copy.dir, { at: later(3) })
		expect(outcome).toEqual({
			ok: false,
			problems: [
				{ file: 'modules/broken.yaml', line: 10, message: 'package packages/broken: item "minimal-item" launches resource "minimal-sco" at "index.html", which is not in the package' },
				{ file: 'modules/missing.yaml', line: 10, message: 'package packages/missing does not exist (a folder or .zip under content/)' },
			],
		})
		expect(await prisma.scormPackage.count()).toBe(rowsBefore)
		expect(await prisma.learningModule.count({ where: { id: { in: ['broken', 'missing'] } } })).toBe(0)
	})
})

describe('a new package version', () => {
	test('does not disturb an unfinished attempt, which finishes on its own version; the next attempt gets the new one', async () => {
		const rep = await createTestPerson()
		const copy = catalogWithScorm([{ id: 'versioned', packageFrom: scormFixture('minimal-12'), completion: 'Completed' }])
		await syncCatalog(copy.dir, later(10))
		const first = await currentVersionOf('versioned')
		const attempt = await startScormAttempt({ personId: rep.id, moduleId: 'versioned', at: later(11) })
		const session = await openSco({ personId: rep.id, attemptId: attempt.id, scoId: 'minimal-item', at: later(11) })
		session.initialize()
		session.set('cmi.core.lesson_location', 'page-2')
		await session.send(session.commit())

		appendFileSync(path.join(copy.dir, 'packages', 'versioned', 'index.html'), '<!-- revised -->\n')
		copy.edit('modules/versioned.yaml', (source) => source.replace(/^version: 1$/m, 'version: 2\nchange: editorial'))
		const resync = await syncCatalog(copy.dir, later(12))
		expect(resync.newModuleVersions).toEqual([expect.stringMatching(/^versioned@/)])
		const second = await currentVersionOf('versioned')
		expect(second.scormPackageId).not.toBe(first.scormPackageId)

		const continued = await startScormAttempt({ personId: rep.id, moduleId: 'versioned', at: later(13) })
		expect(continued).toMatchObject({ id: attempt.id, moduleVersionId: first.id, packageId: first.scormPackageId })
		expect(await scormPlayerView({ personId: rep.id, moduleId: 'versioned' })).toMatchObject({ onOlderVersion: true, attempt: { id: attempt.id } })
		const relaunch = await launchSco({ personId: rep.id, attemptId: attempt.id, scoId: 'minimal-item', at: later(14) })
		// The content origin serves the attempt's own package: the launch opens the file as it was before the revision.
		expect(relaunch.launchHref).toBe('index.html')
		const served = resolvePackageFile(continued.packageId, relaunch.launchHref)
		expect(readFileSync(served!.absolute, 'utf8')).toBe(readFileSync(path.join(scormFixture('minimal-12'), 'index.html'), 'utf8'))
		expect(relaunch.cmi).toMatchObject({ core: { entry: 'resume', lesson_location: 'page-2' } })

		const finishing = await openSco({ personId: rep.id, attemptId: attempt.id, scoId: 'minimal-item', at: later(15) })
		finishing.initialize()
		expect(await finishing.send(finishing.finish())).toMatchObject({ applied: true, satisfied: true })
		const completion = await prisma.moduleCompletion.findFirstOrThrow({ where: { personId: rep.id, moduleId: 'versioned' } })
		expect(completion.moduleVersionId).toBe(first.id)

		const renewal = await startScormAttempt({ personId: rep.id, moduleId: 'versioned', at: later(20) })
		expect(renewal).toMatchObject({ moduleVersionId: second.id, packageId: second.scormPackageId, satisfiedAt: null })
		expect(renewal.id).not.toBe(attempt.id)
		expect((await scormPlayerView({ personId: rep.id, moduleId: 'versioned' })).onOlderVersion).toBe(false)
		expect(existsSync(packageDir(first.scormPackageId))).toBe(true)
	})

	// The page says "You are finishing the version of this course you started" whenever onOlderVersion is set.
	test('a completed attempt on the old version is not reported as one still being finished', async () => {
		const rep = await createTestPerson()
		const copy = catalogWithScorm([{ id: 'finished-old', packageFrom: scormFixture('minimal-12'), completion: 'Completed' }])
		await syncCatalog(copy.dir, later(30))
		const attempt = await startScormAttempt({ personId: rep.id, moduleId: 'finished-old', at: later(31) })
		const sco = await openSco({ personId: rep.id, attemptId: attempt.id, scoId: 'minimal-item', at: later(31) })
		sco.initialize()
		expect(await sco.send(sco.finish())).toMatchObject({ satisfied: true })
		appendFileSync(path.join(copy.dir, 'packages', 'finished-old', 'index.html'), '<!-- revised -->\n')
		copy.edit('modules/finished-old.yaml', (source) => source.replace(/^version: 1$/m, 'version: 2\nchange: editorial'))
		await syncCatalog(copy.dir, later(32))

		const view = await scormPlayerView({ personId: rep.id, moduleId: 'finished-old' })
		expect(view.attempt).toMatchObject({ id: attempt.id, satisfiedAt: later(31) })
		expect(view.onOlderVersion).toBe(false)
	})
})
