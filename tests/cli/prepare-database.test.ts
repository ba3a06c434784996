import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, expect, test } from 'vitest'
import { prepareDatabase } from '#app/cli/prepare-database.ts'
import { createPrismaClient } from '#app/utils/db.server.ts'
import { testsRoot, tmpDir } from '#tests/setup/paths.ts'

const freshDatabaseUrl = () => `file:${path.join(mkdtempSync(path.join(tmpDir, 'start-')), 'fieldready.db')}`
const databaseUrl = freshDatabaseUrl()
const db = createPrismaClient(databaseUrl)
afterAll(() => db.$disconnect())

const counts = async (client = db) => ({ people: await client.person.count(), units: await client.orgUnit.count(), awards: await client.certificationAward.count(), audit: await client.auditEvent.count() })
let seededCounts: Awaited<ReturnType<typeof counts>>

test('starting twice on the same database neither duplicates nor wipes data', async () => {
	const first = await prepareDatabase({ databaseUrl, demoData: true, now: new Date('2026-11-26T09:00:00Z') }, db)
	expect(first.applied.length).toBeGreaterThan(0)
	expect(first.seeded).toBe(true)
	seededCounts = await counts()

	// Work done between two starts must survive the second one.
	const rep = await db.person.update({ where: { employeeId: 'SR-1001' }, data: { name: 'Renamed Between Starts' } })

	const second = await prepareDatabase({ databaseUrl, demoData: true, now: new Date('2026-11-27T09:00:00Z') }, db)
	expect(second).toMatchObject({ applied: [], seeded: false, catalog: { ok: true, newModuleVersions: [], newQuizVersions: [] } })
	expect(await counts()).toEqual(seededCounts)
	expect((await db.person.findUniqueOrThrow({ where: { id: rep.id } })).name).toBe('Renamed Between Starts')
}, 120_000)

test('a start with nothing new writes nothing, so it can start on a full disk or a read-only database', async () => {
	// data_version changes, as seen from this connection, whenever any other connection commits to the file.
	const watcher = new Database(databaseUrl.slice('file:'.length))
	const dataVersion = () => watcher.pragma('data_version', { simple: true })
	try {
		const before = dataVersion()
		const restart = await prepareDatabase({ databaseUrl, demoData: true, now: new Date('2026-11-28T09:00:00Z') }, db)
		expect(restart).toMatchObject({ applied: [], seeded: false, catalog: { ok: true, unchanged: true } })
		expect(dataVersion()).toBe(before)
		// The check can fail: a write from elsewhere moves it.
		await db.catalogSync.create({ data: { at: new Date(), ok: true, problems: '[]', summary: '{}' } })
		expect(dataVersion()).not.toBe(before)
	} finally {
		watcher.close()
	}
})

test("a first start killed while seeding leaves no database, and the next start seeds it whole", async () => {
	const url = freshDatabaseUrl()
	const file = url.slice('file:'.length)
	const root = path.join(testsRoot, '..')
	const script = `const { prepareDatabase } = await import('#app/cli/prepare-database.ts'); const { createPrismaClient } = await import('#app/utils/db.server.ts'); await prepareDatabase({ databaseUrl: process.env.DATABASE_URL, demoData: true, now: new Date('2026-11-26T09:00:00Z') }, createPrismaClient(process.env.DATABASE_URL))`
	// tsx's loader in this very process (its CLI would run the script in a child that outlives the kill).
	const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, env: { ...process.env, DATABASE_URL: url, SCORM_STORAGE_DIR: `${file}-scorm-packages` }, stdio: 'ignore' })
	const exited = new Promise((resolve) => child.once('exit', resolve))
	// Kill it once some people are in and before the training records are.
	const peopleSoFar = () => {
		try {
			const scratch = new Database(`${file}.seeding`, { readonly: true, fileMustExist: true })
			try {
				return scratch.prepare('SELECT count(*) AS n FROM Person').pluck().get() as number
			} finally {
				scratch.close()
			}
		} catch {
			return 0
		}
	}
	while (peopleSoFar() < 50) await new Promise((resolve) => setTimeout(resolve, 50))
	child.kill('SIGKILL')
	await exited
	expect(existsSync(file)).toBe(false)

	const client = createPrismaClient(url)
	try {
		expect(await prepareDatabase({ databaseUrl: url, demoData: true, now: new Date('2026-11-26T09:00:00Z') }, client)).toMatchObject({ seeded: true })
		expect(await counts(client)).toEqual(seededCounts)
		expect(existsSync(`${file}.seeding`)).toBe(false)
	} finally {
		await client.$disconnect()
	}
}, 180_000)
