import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'
import { packageBytes } from '#app/catalog/scorm-module.server.ts'
import { setUpBrowser, signIn } from './browser.ts'
import { callRuntime, cmiPaths, initializedScoFrame, latestLaunch, moduleCompletedBy, noteScoWrites, scoWroteDuringUnload, scosOfModule, storedScoState, storedValue } from './scorm-helpers.ts'

// `npm run test:scorm` imports every package here through the admin upload and plays it as a rep:
// the project's own packages, each reproducing a shape real packages have, and every zip in
// SCORM_PACKAGES_DIR. It cannot know the packages, so it checks what every conformant SCO and LMS
// must do, driving the runtime from inside the SCO's frame as the SCO's own code would and moving
// through sequenced courses with the player's own controls.
const ownPackages = ['minimal-12', 'multi-sco-12', 'sequenced-2004', 'assets-only-12', 'forced-sequential-2004-3rd', 'repeated-objectives-2004-4th', 'dangling-default-org-2004', 'mastery-score-12', 'lesson-and-check-2004'].map((name) => path.join('tests/fixtures/scorm', name))
const shippedPackages = ['removable-media-check', 'incident-reporting-on-site'].map((name) => path.join('content/packages', name))
const packagesDir = process.env.SCORM_PACKAGES_DIR ? path.resolve(process.env.SCORM_PACKAGES_DIR) : null
const zipped = mkdtempSync(path.join(tmpdir(), 'fieldready-conformance-'))
for (const folder of [...ownPackages, ...shippedPackages]) writeFileSync(path.join(zipped, `${path.basename(folder)}.zip`), packageBytes(folder))
const packages = [
	...readdirSync(zipped).map((file) => path.join(zipped, file)),
	...(packagesDir ? readdirSync(packagesDir).filter((name) => name.toLowerCase().endsWith('.zip')).map((file) => path.join(packagesDir, file)) : []),
].sort()

const browser = setUpBrowser()
const REP = { email: 'sr-1040@example.com', employeeId: 'SR-1040' }

async function importPackage(file: string, moduleId: string) {
	const page = await browser.newPage()
	await signIn(page, 'admin@example.com')
	await page.waitForURL((url) => url.pathname !== '/login')
	await page.goto('/admin/content')
	await page.getByLabel('Package (.zip)').setInputFiles(file)
	await page.getByLabel('Module id').fill(moduleId)
	await page.getByLabel('Title', { exact: true }).fill(`Conformance: ${path.basename(file)}`)
	// Conformance is about playing the package; how fast a robot finishes it is not in question.
	await page.getByLabel('Minimum plausible minutes (optional)').fill('0')
	await page.getByRole('button', { name: 'Upload package' }).click()
	await expect(page.getByText(`Imported module ${moduleId}`).waitFor({ timeout: 30_000 })).resolves.toBeUndefined()
	await page.context().close()
}

async function openCourse(page: Page, moduleId: string) {
	await page.goto(`/learn/scorm/${moduleId}`)
	await page.getByRole('heading', { level: 1 }).waitFor()
	const start = page.getByRole('button', { name: 'Start course' })
	if (await start.isVisible()) await start.click()
	await page.locator('iframe.content-frame').waitFor({ timeout: 20_000 })
}

/**
 * The SCO's state once the page's final commits have landed. A leaving page may send two (the
 * wrapper commits what is open, then the SCO's own unload handler ends its session), and beacons
 * can arrive in either order; the state is read once no newer commit has come for a second.
 */
async function settledAfterLeaving(key: Parameters<typeof storedScoState>[0], before: number) {
	let last = { sequence: before, since: Date.now() }
	await expect
		.poll(
			() => {
				const sequence = storedScoState(key)!.appliedSequence
				if (sequence !== last.sequence) last = { sequence, since: Date.now() }
				return sequence > before && Date.now() - last.since >= 1_000
			},
			{ timeout: 15_000, interval: 200 },
		)
		.toBe(true)
	return storedScoState(key)!
}

/** SCORM's rule: a learner resumes after a suspend, or a session that never ended (we count a closed page as one). */
function expectedEntry(previous: { terminated: boolean; cmi: Record<string, unknown> }, family: '1.2' | '2004') {
	const exit = storedValue(previous.cmi, family === '1.2' ? ['core', 'exit'] : ['exit'])
	return exit === 'suspend' || !previous.terminated ? 'resume' : ''
}

/** The way on the player's own controls offer: Continue, else the first item the contents offer that is not done, else reopening the course. */
async function wayOn(page: Page, done: Set<string>) {
	const next = page.getByRole('group', { name: 'Course navigation' }).getByRole('button', { name: 'Continue' })
	if (await next.isVisible()) return next
	for (const button of await page.getByRole('navigation', { name: 'Course contents' }).getByRole('button').all()) {
		if ((await button.isEnabled()) && !done.has((await button.textContent()) ?? '')) return button
	}
	const again = page.getByRole('button', { name: /^(Resume the course|Open the course again)$/ })
	return (await again.isVisible()) ? again : null
}

/** Moves on once the player offers a way, unless the module completes first. */
async function moveOn(page: Page, { moduleId, done }: { moduleId: string; done: Set<string> }) {
	const deadline = Date.now() + 15_000
	while (Date.now() < deadline) {
		if (moduleCompletedBy({ employeeId: REP.employeeId, moduleId })) return
		const control = await wayOn(page, done)
		// The controls follow the runtime's reports; one may change under the pointer, so a missed click is tried again.
		if (control && (await control.click({ timeout: 2_000 }).then(() => true, () => false))) return
		await page.waitForTimeout(250)
	}
	throw new Error('The player offers no way on, and the module is not complete')
}

async function exerciseSco(page: Page, { moduleId, sco, family }: { moduleId: string; sco: { id: string; title: string }; family: '1.2' | '2004' }) {
	const key = { employeeId: REP.employeeId, moduleId, scoId: sco.id }
	const paths = cmiPaths(family)
	let frame = await initializedScoFrame(page)
	const launchesBefore = latestLaunch({ employeeId: REP.employeeId, moduleId })!.total

	// What the SCO set is committed and recorded.
	expect(await callRuntime(frame, family, 'Commit')).toBe('true')
	const committed = storedScoState(key)!
	expect(storedValue(committed.cmi, paths.stored.location)).toBe(await callRuntime(frame, family, 'GetValue', paths.location))
	expect(storedValue(committed.cmi, paths.stored.suspendData)).toBe(await callRuntime(frame, family, 'GetValue', paths.suspendData))

	// Leaving the page records a final commit with the state at that moment.
	const marker = `fieldready-conformance-${Date.now()}`
	expect(await callRuntime(frame, family, 'SetValue', paths.suspendData, marker)).toBe('true')
	await noteScoWrites(page, family)
	await page.goto('/learn')
	const left = await settledAfterLeaving(key, committed.appliedSequence)

	// Coming back opens the SCO again (the player resumes where the learner was, or the contents
	// open it) with what SCORM says it gets: entry, and on a resume its location and suspend_data.
	await openCourse(page, moduleId)
	await expect.poll(() => latestLaunch({ employeeId: REP.employeeId, moduleId })?.total ?? 0, { timeout: 20_000 }).toBeGreaterThan(launchesBefore)
	if (latestLaunch({ employeeId: REP.employeeId, moduleId })!.scoId !== sco.id) await page.getByRole('navigation', { name: 'Course contents' }).getByRole('button', { name: sco.title, exact: true }).click()
	await expect.poll(() => storedScoState(key)!.launchCount, { timeout: 20_000 }).toBeGreaterThan(left.launchCount)
	frame = await initializedScoFrame(page)
	const rewritten = await scoWroteDuringUnload(page, paths.suspendData)
	expect(storedValue(left.cmi, paths.stored.suspendData)).toBe(rewritten ?? marker)
	const entry = expectedEntry(left, family)
	expect(await callRuntime(frame, family, 'GetValue', paths.entry)).toBe(entry)
	if (entry === 'resume') {
		expect(await callRuntime(frame, family, 'GetValue', paths.location)).toBe(storedValue(left.cmi, paths.stored.location))
		expect(await callRuntime(frame, family, 'GetValue', paths.suspendData)).toBe(storedValue(left.cmi, paths.stored.suspendData))
	}

	// Finishing, as the SCO would, with a completed and passing result (a 2004 SCO also reports all its progress,
	// which decides completion where the manifest says completed by measure).
	const results = family === '1.2' ? [['cmi.core.score.raw', '100'], ['cmi.core.lesson_status', 'passed']] : [['cmi.score.scaled', '1'], ['cmi.progress_measure', '1'], ['cmi.completion_status', 'completed'], ['cmi.success_status', 'passed']]
	for (const [element, value] of results) expect(await callRuntime(frame, family, 'SetValue', element!, value!)).toBe('true')
	expect(await callRuntime(frame, family, 'Finish')).toBe('true')
	await expect.poll(() => storedScoState(key)!.terminated, { timeout: 15_000 }).toBe(true)
}

describe('SCORM conformance', () => {
	test.each(packages.map((file) => [path.basename(file), file]))('%s imports, tracks, resumes and completes', async (name, file) => {
		const moduleId = `conformance-${path.basename(name, '.zip').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`
		await importPackage(file, moduleId)
		const launchesSince = (total: number) => (latestLaunch({ employeeId: REP.employeeId, moduleId })?.total ?? 0) > total
		const { family, scos } = scosOfModule(moduleId)
		const page = await browser.newPage()
		page.on('dialog', (dialog) => void dialog.accept())
		await signIn(page, REP.email)
		await page.getByRole('heading', { name: 'My training' }).waitFor()
		await openCourse(page, moduleId)
		const done = new Set<string>()
		for (let step = 0; step < scos.length * 3 && !moduleCompletedBy({ employeeId: REP.employeeId, moduleId }); step++) {
			await expect.poll(() => latestLaunch({ employeeId: REP.employeeId, moduleId })?.scoId, { timeout: 20_000 }).toBeDefined()
			const launched = latestLaunch({ employeeId: REP.employeeId, moduleId })!
			const sco = scos.find((s) => s.id === launched.scoId)!
			if (!done.has(sco.title)) {
				if (sco.kind === 'sco') await exerciseSco(page, { moduleId, sco, family })
				done.add(sco.title)
			}
			const launches = launched.total
			// A finished SCO may move on by itself (its navigation request, or a rule that flows on); the player's controls are for when it did not.
			if (sco.kind === 'sco') await expect.poll(() => moduleCompletedBy({ employeeId: REP.employeeId, moduleId }) || launchesSince(launches) || page.getByText(/^(You have finished this part|You left the course|You have reached the end|There is nothing more)/).isVisible(), { timeout: 20_000 }).toBe(true)
			if (!launchesSince(launches)) await moveOn(page, { moduleId, done })
			await expect.poll(() => moduleCompletedBy({ employeeId: REP.employeeId, moduleId }) || (latestLaunch({ employeeId: REP.employeeId, moduleId })?.total ?? 0) > launches, { timeout: 20_000 }).toBe(true)
		}
		await expect.poll(() => moduleCompletedBy({ employeeId: REP.employeeId, moduleId }), { timeout: 15_000 }).toBe(true)
		await page.context().close()
	})
})
