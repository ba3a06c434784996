import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { packageBytes } from '#app/catalog/scorm-module.server.ts'
import { buildIsCurrent } from '#app/cli/project.ts'
import { DEMO_REP_COUNT } from '#app/demo/demo-data.server.ts'
import { startThrowawayDatabase } from '../setup/pg-global-setup.ts'
import { setUpBrowser } from './browser.ts'
import { cmiPaths, storedValue } from './scorm-helpers.ts'
import { createApiKey, runCli, startInstance, type Instance } from './server-setup.ts'

// Two app instances, each with its own ports as on two machines, on one PostgreSQL database and
// one shared SCORM package folder: whatever one instance writes, the other must see.
const root = path.resolve(import.meta.dirname, '../..')
const browser = setUpBrowser()
const scratch = mkdtempSync(path.join(tmpdir(), 'fieldready-two-instances-'))
const storageDir = path.join(scratch, 'scorm-packages')

let cluster: Awaited<ReturnType<typeof startThrowawayDatabase>> | undefined
let pgUrl = ''
let db: pg.Client | undefined
let a: Instance
let b: Instance
let apiKey = ''
const instances: Instance[] = []

async function count(sql: string, ...params: unknown[]) {
	const { rows } = await db!.query<{ n: number }>(sql, params)
	return rows[0]!.n
}

/** start.ts rebuilds a stale build: two instances starting at once must not both do it. */
function buildIfStale() {
	if (buildIsCurrent()) return
	const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, encoding: 'utf8' })
	if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`)
}

beforeAll(async () => {
	buildIfStale()
	cluster = await startThrowawayDatabase('fieldready_two_instances')
	pgUrl = cluster.url
	db = new pg.Client({ connectionString: pgUrl })
	await db.connect()
	// Both at once, into an empty database: migrating, syncing the catalog and seeding take turns.
	const env = { DATABASE_URL: pgUrl, SCORM_STORAGE_DIR: storageDir }
	const started = await Promise.allSettled([startInstance(path.join(scratch, 'unused-a.db'), env), startInstance(path.join(scratch, 'unused-b.db'), env)])
	for (const outcome of started) if (outcome.status === 'fulfilled') instances.push(outcome.value)
	const failed = started.find((outcome) => outcome.status === 'rejected')
	if (failed) throw failed.reason
	;[a, b] = instances as [Instance, Instance]
	apiKey = createApiKey(pgUrl, 'two instances')
})

afterAll(async () => {
	await Promise.all(instances.map((instance) => instance.stop()))
	await db?.end()
	cluster?.stop()
	rmSync(scratch, { recursive: true, force: true })
})

/** Signs in over HTTP as the login form does; the session cookie, if one was set. */
async function signInOver(instance: Instance, email: string, password = inject('demoPassword')) {
	const response = await fetch(`${instance.baseUrl}/login`, { method: 'POST', body: new URLSearchParams({ email, password }), redirect: 'manual' })
	const cookie = response.headers
		.getSetCookie()
		.map((header) => header.split(';')[0]!)
		.find((pair) => pair.startsWith('fr_session='))
	return { status: response.status, cookie, text: await response.text() }
}

async function signedIn(instance: Instance, email: string) {
	const { status, cookie, text } = await signInOver(instance, email)
	expect(status, text).toBe(302)
	return cookie!
}

/** A page of the app as the holder of `cookie` gets it: 200, or where it redirects. */
async function pageFor(instance: Instance, pathname: string, cookie?: string) {
	const response = await fetch(`${instance.baseUrl}${pathname}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: 'manual' })
	return { status: response.status, location: response.headers.get('location'), text: await response.text() }
}

/** Runs `work` over `items`, `width` at a time. */
async function inParallel<T>(items: T[], width: number, work: (item: T, index: number) => Promise<void>) {
	let next = 0
	await Promise.all(
		Array.from({ length: width }, async () => {
			while (next < items.length) {
				const index = next++
				await work(items[index]!, index)
			}
		}),
	)
}

const other = (instance: Instance) => (instance === a ? b : a)

describe('two instances on one PostgreSQL database behave as one', () => {
	test('started together, they migrated, synced the catalog and seeded the demo data once', async () => {
		const outputs = [a.output(), b.output()]
		expect(outputs.filter((output) => output.includes('Applied migrations:'))).toHaveLength(1)
		expect(outputs.filter((output) => output.includes('The database was empty: loaded the demo data'))).toHaveLength(1)
		expect(await count(`SELECT count(*)::int AS n FROM "Person" WHERE email = 'admin@example.com'`)).toBe(1)
		expect(await count(`SELECT count(*)::int AS n FROM "Person" WHERE "employeeId" LIKE 'SR-%'`)).toBe(DEMO_REP_COUNT)

		// The catalog once: one version of each module and quiz, one sync recorded in the audit log.
		const files = (folder: string) => readdirSync(path.join(root, 'content', folder)).length
		expect(await count(`SELECT count(*)::int AS n FROM "LearningModule" WHERE source = 'catalog'`)).toBe(files('modules'))
		expect(await count(`SELECT count(*)::int AS n FROM "ModuleVersion"`)).toBe(files('modules'))
		expect(await count(`SELECT count(DISTINCT "moduleId")::int AS n FROM "ModuleVersion"`)).toBe(files('modules'))
		expect(await count(`SELECT count(*)::int AS n FROM "Quiz"`)).toBe(files('quizzes'))
		expect(await count(`SELECT count(*)::int AS n FROM "QuizVersion"`)).toBe(files('quizzes'))
		expect(await count(`SELECT count(DISTINCT "quizId")::int AS n FROM "QuizVersion"`)).toBe(files('quizzes'))
		expect(await count(`SELECT count(*)::int AS n FROM "Certification"`)).toBe(files('certifications'))
		expect(await count(`SELECT count(*)::int AS n FROM "PracticalChecklistVersion"`)).toBe(files('checklists'))
		expect(await count(`SELECT count(*)::int AS n FROM "AuditEvent" WHERE action = 'catalog.synced'`)).toBe(1)
		expect(await count(`SELECT count(DISTINCT fingerprint)::int AS n FROM "CatalogSync"`)).toBe(1)
		// The catalog's SCORM packages, each unpacked once into the shared folder.
		const packages = (await db!.query<{ id: string }>(`SELECT DISTINCT "scormPackageId" AS id FROM "ModuleVersion" WHERE "scormPackageId" IS NOT NULL`)).rows.map((row) => row.id)
		expect(packages.length).toBeGreaterThan(0)
		expect(await count(`SELECT count(*)::int AS n FROM "ScormPackage"`)).toBe(packages.length)
		expect(readdirSync(storageDir).sort()).toEqual([...packages].sort())
	})

	test('checks through both instances at once: each is readable, byte for byte, through the other, and the audit chain and seals verify', async () => {
		const headers = { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' }
		const reps = Array.from({ length: DEMO_REP_COUNT }, (_, i) => `SR-${1001 + i}`)
		const answered: Array<{ via: Instance; checkId: string; bytes: string }> = []
		const statuses: number[] = []
		const singles = inParallel(
			Array.from({ length: 400 }, (_, i) => i),
			16,
			async (i) => {
				const via = i % 2 === 0 ? a : b
				const response = await fetch(`${via.baseUrl}/api/v1/reps/${reps[(i * 7) % reps.length]}/eligibility?workType=PATCH_APPLICATION`, { headers })
				const bytes = await response.text()
				statuses.push(response.status)
				if (response.status === 200) answered.push({ via, checkId: (JSON.parse(bytes) as { checkId: string }).checkId, bytes })
			},
		)
		const batches = [a, b, a, b].map(async (via) => {
			const response = await fetch(`${via.baseUrl}/api/v1/eligibility/batch`, { method: 'POST', headers, body: JSON.stringify({ workType: 'PATCH_APPLICATION', employeeIds: reps }) })
			statuses.push(response.status)
			if (response.status !== 200) return
			// The batch body is the stored answers joined, so each result re-serialised is its stored bytes.
			for (const result of ((await response.json()) as { results: Array<{ checkId: string }> }).results) answered.push({ via, checkId: result.checkId, bytes: JSON.stringify(result) })
		})
		await Promise.all([singles, ...batches])
		expect(statuses.filter((status) => status !== 200)).toEqual([])
		expect(answered).toHaveLength(400 + 4 * DEMO_REP_COUNT)
		expect(new Set(answered.map((check) => check.checkId)).size).toBe(answered.length)

		const mismatches: string[] = []
		await inParallel(answered, 16, async ({ via, checkId, bytes }) => {
			const response = await fetch(`${other(via).baseUrl}/api/v1/checks/${checkId}`, { headers: { Authorization: `Bearer ${apiKey}` } })
			const stored = await response.text()
			if (response.status !== 200 || stored !== bytes) mismatches.push(`${checkId} via ${other(via).baseUrl}: ${response.status} ${stored.slice(0, 200)}`)
		})
		expect(mismatches).toEqual([])

		// One linear chain, written by both processes: no gap, no fork, the head at its end.
		expect(await count(`SELECT count(*)::int AS n FROM "EligibilityCheck"`)).toBe(answered.length)
		const chain = (await db!.query<{ events: number; first: number; last: number; head: number }>(`SELECT count(*)::int AS events, min(seq) AS first, max(seq) AS last, (SELECT "lastSeq" FROM "AuditChainHead") AS head FROM "AuditEvent"`)).rows[0]!
		expect(chain).toEqual({ events: chain.last, first: 1, last: chain.last, head: chain.last })
		const verify = runCli(pgUrl, 'app/cli/audit-verify.ts')
		expect(verify.stderr).toBe('')
		expect(verify.status).toBe(0)
		expect(verify.stdout).toContain(`Audit log intact: ${chain.last} events`)
		expect(verify.stdout).toContain(`Eligibility evidence intact: ${answered.length} sealed checks`)
	}, 120_000)

	test('a session opened on one instance works on the other, and signing out on either ends it', async () => {
		const cookie = await signedIn(a, 'sr-1010@example.com')
		expect((await pageFor(b, '/learn')).location).toMatch(/^\/login\b/)
		const onB = await pageFor(b, '/learn', cookie)
		expect(onB.status).toBe(200)
		expect(onB.text).toContain('My training')
		expect((await pageFor(a, '/learn', cookie)).status).toBe(200)

		const out = await fetch(`${b.baseUrl}/logout`, { method: 'POST', headers: { Cookie: cookie }, redirect: 'manual' })
		expect(out.status).toBe(302)
		expect((await pageFor(a, '/learn', cookie)).location).toMatch(/^\/login\b/)
	})

	test('wrong passwords are counted across both instances: the limit locks the account out on both', async () => {
		const email = 'sr-1011@example.com'
		const tries: number[] = []
		// Five wrong passwords, alternating: neither instance alone has seen more than three.
		for (const via of [a, b, a, b, a]) tries.push((await signInOver(via, email, 'not-the-password')).status)
		expect(tries).toEqual([400, 400, 400, 400, 400])
		const sixth = await signInOver(b, email, 'not-the-password')
		expect(sixth.status).toBe(429)
		expect(sixth.text).toContain('Too many failed attempts for this account.')
		// Locked out: the right password is refused too, on either instance.
		expect((await signInOver(a, email)).status).toBe(429)
		expect((await signInOver(b, email)).status).toBe(429)
		// Another account from the same address is not.
		expect((await signInOver(b, 'sr-1012@example.com')).status).toBe(302)
	})

	test('a course uploaded through one instance plays through the other, which resumes where the first left off', async () => {
		const moduleId = 'two-instances-course'
		const fixture = path.join(root, 'tests/fixtures/scorm/mastery-score-12')
		const upload = new FormData()
		upload.set('package', new Blob([new Uint8Array(packageBytes(fixture))], { type: 'application/zip' }), 'course.zip')
		for (const [name, value] of Object.entries({ moduleId, title: 'Two instances course', estimatedMinutes: '30', completion: 'auto' })) upload.set(name, value)
		const uploaded = await fetch(`${a.baseUrl}/admin/content`, { method: 'POST', headers: { Cookie: await signedIn(a, 'admin@example.com') }, body: upload })
		expect(uploaded.status).toBe(200)
		expect(await uploaded.text()).toContain(`Imported module ${moduleId}`)
		const { rows } = await db!.query<{ id: string }>(`SELECT v."scormPackageId" AS id FROM "LearningModule" m JOIN "ModuleVersion" v ON v.id = m."currentVersionId" WHERE m.id = $1`, [moduleId])
		// A's upload wrote the package into the folder B reads.
		expect(existsSync(path.join(storageDir, rows[0]!.id, 'course.js'))).toBe(true)

		const employeeId = 'SR-1020'
		const paths = cmiPaths('1.2').stored
		const stored = async () => {
			const { rows } = await db!.query<{ cmi: string }>(
				`SELECT s.cmi FROM "ScormScoState" s JOIN "ScormAttempt" a ON a.id = s."attemptId" JOIN "Person" p ON p.id = a."personId" WHERE p."employeeId" = $1 AND a."moduleId" = $2 ORDER BY a."startedAt" DESC LIMIT 1`,
				[employeeId, moduleId],
			)
			return rows[0] ? storedValue(JSON.parse(rows[0].cmi) as Record<string, unknown>, paths.location) : null
		}
		const page = await browser.newPage()
		const context = page.context()
		const [, name, value] = /^([^=]+)=(.*)$/.exec(await signedIn(a, `${employeeId.toLowerCase()}@example.com`))! as unknown as [string, string, string]
		// Cookies belong to the host, not the port: the one A set rides along to B, as it would to a second machine behind one name.
		await context.addCookies([{ name, value, domain: '127.0.0.1', path: '/' }])

		/** Opens the course on `instance`: its player frames the course from that instance's content origin, and talks to it alone. */
		const openOn = async (tab: Page, instance: Instance) => {
			const runtimeCalls: string[] = []
			tab.on('request', (request) => void (request.method() === 'POST' && /\/s\/[^/]+\/(launch|commit)$/.test(request.url()) && runtimeCalls.push(request.url())))
			await tab.goto(`${instance.baseUrl}/learn/scorm/${moduleId}`)
			await tab.getByRole('heading', { level: 1, name: 'Two instances course' }).waitFor()
			const start = tab.getByRole('button', { name: 'Start course' })
			if (await start.isVisible()) await start.click()
			const src = await tab.locator('iframe.content-frame').getAttribute('src', { timeout: 20_000 })
			expect(new URL(src!).origin).toBe(instance.contentOrigin)
			const sco = tab.frameLocator('iframe.content-frame').frameLocator('#sco-frame')
			const calledOnlyThisInstance = () => {
				expect(runtimeCalls.length).toBeGreaterThan(0)
				expect(runtimeCalls.filter((url) => !url.startsWith(`${instance.contentOrigin}/`))).toEqual([])
			}
			return { sco, token: /\/s\/([^/]+)\//.exec(src!)![1]!, calledOnlyThisInstance }
		}

		const onA = await openOn(page, a)
		await onA.sco.getByRole('button', { name: 'Next' }).click()
		await onA.sco.getByRole('button', { name: 'Next' }).click()
		await onA.sco.locator('[data-page="page-3"]').waitFor()
		await expect.poll(stored, { timeout: 15_000 }).toBe('page-3')
		onA.calledOnlyThisInstance()
		await page.close({ runBeforeUnload: true })

		const pageB = await context.newPage()
		const onB = await openOn(pageB, b)
		await onB.sco.locator('[data-page="page-3"]').waitFor({ timeout: 15_000 })
		await onB.sco.getByRole('button', { name: 'Next' }).click()
		await onB.sco.locator('[data-page="page-4"]').waitFor()
		await expect.poll(stored, { timeout: 15_000 }).toBe('page-4')
		// Each content origin serves the one stored package, and honours a capability the other issued.
		const shipped = readFileSync(path.join(fixture, 'course.js'), 'utf8')
		for (const origin of [b.contentOrigin, a.contentOrigin]) {
			const file = await fetch(`${origin}/s/${onB.token}/f/course.js`)
			expect([origin, file.status, await file.text()]).toEqual([origin, 200, shipped])
		}
		onB.calledOnlyThisInstance()
		await pageB.close({ runBeforeUnload: true })

		// Back on A: what was committed through B is where the course resumes.
		const again = await context.newPage()
		const backOnA = await openOn(again, a)
		await backOnA.sco.locator('[data-page="page-4"]').waitFor({ timeout: 15_000 })
		await context.close()
		const launches = await db!.query<{ ordinal: number }>(`SELECT l.ordinal FROM "ScormLaunch" l JOIN "ScormAttempt" a ON a.id = l."attemptId" WHERE a."moduleId" = $1 ORDER BY l.ordinal`, [moduleId])
		expect(launches.rows.map((row) => row.ordinal)).toEqual([1, 2, 3])
	}, 90_000)
})
