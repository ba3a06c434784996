import Database from 'better-sqlite3'
import { type Page } from 'playwright-core'
import { beforeAll, describe, expect, inject, test } from 'vitest'
import { packageBytes } from '#app/catalog/scorm-module.server.ts'
import { setUpBrowser, signIn } from './browser.ts'
import { storedScoState, storedValue } from './scorm-helpers.ts'

// A package written to attack its LMS (tests/fixtures/scorm/hostile-12) is launched by a rep, a
// manager and an admin. Its script reports every attempt it made; each must have failed, and the
// report must show the attempts ran.
const browser = setUpBrowser()
const MODULE_ID = 'hostile-probe'

type Attempt = { name: string; target: string; outcome: 'blocked' | 'read' | 'sent'; detail: string }

function countApiClients(name: string) {
	const db = new Database(inject('databaseFile'), { readonly: true })
	try {
		return (db.prepare('SELECT COUNT(*) AS n FROM ApiClient WHERE name = ?').get(name) as { n: number }).n
	} finally {
		db.close()
	}
}

async function signedIn(email: string) {
	const page = await browser.newPage()
	await signIn(page, email)
	await page.waitForURL((url) => url.pathname !== '/login')
	return page
}

beforeAll(async () => {
	const admin = await signedIn('admin@example.com')
	await admin.goto('/admin/content')
	await admin.getByLabel('Package (.zip)').setInputFiles({ name: 'hostile.zip', mimeType: 'application/zip', buffer: Buffer.from(packageBytes('tests/fixtures/scorm/hostile-12')) })
	await admin.getByLabel('Module id').fill(MODULE_ID)
	await admin.getByLabel('Title', { exact: true }).fill('Hostile package probe')
	await admin.getByRole('button', { name: 'Upload package' }).click()
	await admin.getByText(`Imported module ${MODULE_ID}`).waitFor({ timeout: 30_000 })
	await admin.context().close()
})

async function probeReport(page: Page) {
	const sco = page.frameLocator('iframe.content-frame').frameLocator('#sco-frame')
	await sco.locator('#attack-report[data-done="true"]').waitFor({ state: 'attached', timeout: 60_000 })
	return JSON.parse(await sco.locator('#attack-report').textContent() ?? '{}') as { done: boolean; origin: string; candidates: string[]; attempts: Attempt[] }
}

async function expectEveryAttackFailed(page: Page, coursePath: string) {
	const appOrigin = new URL(inject('baseUrl')).origin
	const report = await probeReport(page)
	// The probe ran, on the content origin, and found the app's origin to aim at.
	expect(report.origin).toBe(inject('contentOrigin'))
	expect(report.candidates).toContain(appOrigin)
	const names = new Set(report.attempts.map((a) => a.name))
	for (const name of ['same-origin fetch', 'cross-origin fetch', 'synchronous XMLHttpRequest', 'read top document', 'read top location', 'read grandparent cookie', 'read own cookie', 'no-cors POST', 'form POST', 'sendBeacon', 'window.open', 'top navigation']) {
		expect(names, `the probe tried "${name}"`).toContain(name)
	}
	const atApp = report.attempts.filter((a) => a.target.startsWith(appOrigin))
	expect(atApp.length).toBeGreaterThanOrEqual(10)
	for (const attack of atApp) expect(attack.outcome, `${attack.name} ${attack.target}: ${attack.detail}`).not.toBe('read')
	for (const attack of report.attempts.filter((a) => ['read top document', 'read top location', 'read grandparent cookie', 'top navigation'].includes(a.name))) {
		expect(attack.outcome, `${attack.name}: ${attack.detail}`).toBe('blocked')
	}
	// The app's pages are not readable at the content origin's own paths either.
	for (const attack of report.attempts.filter((a) => a.name === 'same-origin fetch')) expect(attack.detail).not.toMatch(/Readiness|Content|My training/)
	expect(report.attempts.find((a) => a.name === 'read own cookie')!.detail).not.toContain('fr_session')

	// Nothing changed in the app: no API client, still signed in, still on the course page.
	expect(countApiClients('hostile-package-key')).toBe(0)
	expect(new URL(page.url()).pathname).toBe(coursePath)
	await page.goto('/')
	expect(new URL(page.url()).pathname).not.toBe('/login')
}

describe('a hostile SCORM package, played from the content origin', () => {
	test('launched by a rep, none of its attacks reaches the app, and its tracking still works', async () => {
		const page = await signedIn('sr-1046@example.com')
		await page.goto(`/learn/scorm/${MODULE_ID}`)
		await page.getByRole('button', { name: 'Start course' }).click()
		await expectEveryAttackFailed(page, `/learn/scorm/${MODULE_ID}`)
		await expect
			.poll(() => storedValue(storedScoState({ employeeId: 'SR-1046', moduleId: MODULE_ID, scoId: 'hostile-probe' })?.cmi ?? {}, ['suspend_data']), { timeout: 15_000 })
			.toMatch(/^probe:\d+ attempts$/)
		await page.context().close()
	})

	test.each(['manager.emea@example.com', 'admin@example.com'])('previewed by %s, none of its attacks reaches the app', async (email) => {
		const page = await signedIn(email)
		await page.goto('/manage/courses')
		await page.getByRole('link', { name: 'Preview Hostile package probe' }).click()
		await page.getByRole('button', { name: 'Start the preview' }).click()
		await expectEveryAttackFailed(page, `/manage/courses/${MODULE_ID}/preview`)
		await page.context().close()
	})

	test("the app refuses a write from the content origin even with the viewer's cookie, and the content origin ignores that cookie", async () => {
		const page = await signedIn('admin@example.com')
		const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
		const appOrigin = new URL(inject('baseUrl')).origin
		const contentOrigin = inject('contentOrigin')
		const write = await fetch(`${appOrigin}/admin/api-clients`, {
			method: 'POST',
			headers: { Cookie: cookie, Origin: contentOrigin, 'Sec-Fetch-Site': 'same-site', 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ intent: 'create', name: 'from-the-content-origin' }),
			redirect: 'manual',
		})
		expect(write.status).toBe(403)
		expect(countApiClients('from-the-content-origin')).toBe(0)

		for (const path of ['/', '/learn', '/admin/content', '/manage/readiness.csv', '/s/not-a-capability/']) {
			const response = await fetch(`${contentOrigin}${path}`, { headers: { Cookie: cookie }, redirect: 'manual' })
			expect(response.status, path).toBe(404)
			expect(response.headers.get('set-cookie'), path).toBeNull()
		}
		await page.context().close()
	})
})
