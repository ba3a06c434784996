import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { zipSync } from 'fflate'
import { beforeAll, describe, expect, test } from 'vitest'
import { packageBytes } from '#app/catalog/scorm-module.server.ts'
import { scormStorageDir } from '#app/scorm/package-store.server.ts'
import { startScormAttempt } from '#app/scorm/scorm-attempts.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { action } from '#app/routes/admin+/content.tsx'
import { createTestOrg, createTestPerson, signedInRequest } from '#tests/factories.ts'
import { testsRoot } from '#tests/setup/paths.ts'

const URL = 'http://localhost/admin/content'
const fixture = (name: string) => packageBytes(path.join(testsRoot, 'fixtures', 'scorm', name))
let admin: { id: string }
let rep: { id: string }

beforeAll(async () => {
	await createTestOrg()
	admin = await createTestPerson({ roles: ['admin'], orgUnitCode: 'BL' })
	rep = await createTestPerson()
})

type Answer = { errors: Record<string, string[]>; imported: { moduleId: string; version: number; unchanged: boolean; completionRule: string; warnings: string[] } | null }

async function upload(personId: string, bytes: Uint8Array | null, fields: Record<string, string> = {}) {
	const form = new FormData()
	if (bytes) form.set('package', new Blob([new Uint8Array(bytes)], { type: 'application/zip' }), 'course.zip')
	for (const [name, value] of Object.entries({ moduleId: 'uploaded-course', title: 'Uploaded course', estimatedMinutes: '20', completion: 'auto', ...fields })) form.set(name, value)
	const request = await signedInRequest(personId, URL, { method: 'POST', body: form })
	const result = (await action({ request, params: {}, context: {} })) as unknown
	// Failed submissions come back wrapped with their status.
	if (result && typeof result === 'object' && 'init' in result) {
		const wrapped = result as { data: Answer; init: { status: number } }
		return { status: wrapped.init.status, body: wrapped.data }
	}
	return { status: 200, body: result as Answer }
}

const storedPackageFolders = () => (existsSync(scormStorageDir()) ? readdirSync(scormStorageDir()).filter((name) => !name.startsWith('.')) : [])

describe('uploading a SCORM package on the Content page', () => {
	test('a valid package becomes a module open to reps, with the rule the package implies', async () => {
		const { status, body } = await upload(admin.id, fixture('multi-sco-12'))
		expect(status).toBe(200)
		expect(body.imported).toMatchObject({ moduleId: 'uploaded-course', version: 1, unchanged: false, completionRule: 'CompletedAndPassed' })
		expect(await prisma.learningModule.findUniqueOrThrow({ where: { id: 'uploaded-course' } })).toMatchObject({ kind: 'scorm', source: 'upload', title: 'Uploaded course', retiredAt: null })
		expect(await prisma.auditEvent.count({ where: { action: 'scorm.package_uploaded', subjectId: 'uploaded-course' } })).toBe(1)
	})

	test('the same package and settings again change nothing; a new package adds a version without disturbing an attempt in progress', async () => {
		const attempt = await startScormAttempt({ personId: rep.id, moduleId: 'uploaded-course', at: new Date() })
		const again = await upload(admin.id, fixture('multi-sco-12'))
		expect(again.body.imported).toMatchObject({ version: 1, unchanged: true })
		const packagesBefore = await prisma.scormPackage.count()

		const next = await upload(admin.id, fixture('minimal-12'), { completion: 'Completed' })
		expect(next.body.imported).toMatchObject({ version: 2, unchanged: false, completionRule: 'Completed' })
		expect(await prisma.scormPackage.count()).toBe(packagesBefore + 1)
		const continued = await startScormAttempt({ personId: rep.id, moduleId: 'uploaded-course', at: new Date() })
		expect(continued.id).toBe(attempt.id)
		expect(continued.moduleVersionId).toBe(attempt.moduleVersionId)
		expect(continued.completionRule).toBe('CompletedAndPassed')
	})

	test('a package imported around a problem comes back with its warnings', async () => {
		const manifest = `<manifest identifier="m" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"><metadata><schemaversion>1.2</schemaversion></metadata>
			<organizations default="gone"><organization identifier="only"><title>Only</title><item identifier="a" identifierref="r"><title>A</title></item></organization></organizations>
			<resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="index.html"/></resources></manifest>`
		const { status, body } = await upload(admin.id, zipSync({ 'imsmanifest.xml': new TextEncoder().encode(manifest), 'index.html': new Uint8Array([60]) }), { moduleId: 'warned-course' })
		expect(status).toBe(200)
		expect(body.imported).toMatchObject({
			moduleId: 'warned-course',
			warnings: ['imsmanifest.xml names "gone" as its default organization, but no <organization> has that identifier; using the first organization, "only"'],
		})
	})

	test('a broken package is refused with its problems, and nothing is stored', async () => {
		const rowsBefore = await prisma.scormPackage.count()
		const foldersBefore = storedPackageFolders()
		const broken = zipSync({ 'imsmanifest.xml': new TextEncoder().encode('<manifest><organizations/></manifest>'), 'index.html': new Uint8Array([60]) })
		const { status, body } = await upload(admin.id, broken, { moduleId: 'broken-course' })
		expect(status).toBe(400)
		expect(body.errors.package![0]).toBe('The package was not imported:')
		expect(body.errors.package!.length).toBeGreaterThan(1)
		expect(await prisma.scormPackage.count()).toBe(rowsBefore)
		expect(storedPackageFolders()).toEqual(foldersBefore)
		expect(await prisma.learningModule.findUnique({ where: { id: 'broken-course' } })).toBeNull()
	})

	test('missing file and bad fields are reported per field', async () => {
		const { status, body } = await upload(admin.id, null, { moduleId: 'Not A Slug', estimatedMinutes: '0' })
		expect(status).toBe(400)
		expect(body.errors.package).toEqual(['Choose a SCORM zip to upload.'])
		expect(body.errors.moduleId?.[0]).toMatch(/lowercase words joined by dashes/)
		expect(body.errors.estimatedMinutes).toBeDefined()
	})

	test('the minimum plausible time is half the estimate unless given, and may not exceed the estimate', async () => {
		await upload(admin.id, fixture('minimal-12'), { moduleId: 'timed-default', estimatedMinutes: '25' })
		await upload(admin.id, fixture('minimal-12'), { moduleId: 'timed-given', estimatedMinutes: '25', minimumMinutes: '0' })
		const minimumOf = async (moduleId: string) => (await prisma.moduleVersion.findFirstOrThrow({ where: { moduleId }, select: { minimumMinutes: true } })).minimumMinutes
		expect(await minimumOf('timed-default')).toBe(13)
		expect(await minimumOf('timed-given')).toBe(0)
		const packagesBefore = await prisma.scormPackage.count()
		const tooLong = await upload(admin.id, fixture('minimal-12'), { moduleId: 'timed-too-long', estimatedMinutes: '10', minimumMinutes: '12' })
		expect(tooLong).toMatchObject({ status: 400, body: { errors: { minimumMinutes: ['The minimum time (12 minutes) cannot be longer than the estimated time (10 minutes).'] } } })
		expect(await prisma.learningModule.findUnique({ where: { id: 'timed-too-long' } })).toBeNull()
		expect(await prisma.scormPackage.count()).toBe(packagesBefore)
	})

	test('a module defined in content/ cannot be replaced by an upload', async () => {
		await prisma.learningModule.create({ data: { id: 'catalog-course', kind: 'markdown', source: 'catalog', title: 'From content' } })
		const { status, body } = await upload(admin.id, fixture('minimal-12'), { moduleId: 'catalog-course' })
		expect(status).toBe(400)
		expect(body.errors.moduleId).toEqual(['Module "catalog-course" is defined in content/; change its package there.'])
	})

	test('only admins may upload', async () => {
		await expect(upload(rep.id, fixture('minimal-12'), { moduleId: 'rep-course' })).rejects.toMatchObject({ status: 403 })
		expect(await prisma.learningModule.findUnique({ where: { id: 'rep-course' } })).toBeNull()
	})
})
