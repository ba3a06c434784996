import { readdirSync } from 'node:fs'
import path from 'node:path'
import { type Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'
import { setUpBrowser, signIn } from './browser.ts'
import { callRuntime, cmiPaths, initializedScoFrame, moduleCompletedBy, noteScoWrites, scoWroteDuringUnload, scosOfModule, storedScoState, storedValue } from './scorm-helpers.ts'

// `npm run test:scorm` runs this over every zip in SCORM_PACKAGES_DIR. It cannot know the packages,
// so it checks what every conformant SCO and LMS must do, driving the runtime from inside the SCO's
// frame as the SCO's own code would.
const packagesDir = process.env.SCORM_PACKAGES_DIR ? path.resolve(process.env.SCORM_PACKAGES_DIR) : null
const packages = packagesDir ? readdirSync(packagesDir).filter((name) => name.toLowerCase().endsWith('.zip')).sort() : []
const browser = setUpBrowser()
const REP = { email: 'sr-1040@example.com', employeeId: 'SR-1040' }

async function importPackage(file: string, moduleId: string) {
	const page = await browser.newPage()
	await signIn(page, 'admin@example.com')
	await page.waitForURL((url) => url.pathname !== '/login')
	await page.goto('/admin/content')
	await page.getByLabel('Package (.zip)').setInputFiles(path.join(packagesDir!, file))
	await page.getByLabel('Module id').fill(moduleId)
	await page.getByLabel('Title', { exact: true }).fill(`Conformance: ${file}`)
	await page.getByRole('button', { name: 'Upload package' }).click()
	await expect(page.getByText(`Imported module ${moduleId}`).waitFor({ timeout: 30_000 })).resolves.toBeUndefined()
	await page.context().close()
}

async function openSco(page: Page, moduleId: string, sco: { title: string }, multiple: boolean) {
	await page.goto(`/learn/scorm/${moduleId}`)
	const start = page.getByRole('button', { name: 'Start course' })
	if (await start.isVisible()) await start.click()
	if (multiple) await page.getByRole('navigation', { name: 'Course contents' }).getByRole('button', { name: sco.title, exact: true }).click()
	return initializedScoFrame(page)
}

describe.skipIf(!packagesDir)('SCORM conformance over SCORM_PACKAGES_DIR', () => {
	test('the folder holds packages', () => {
		expect(packages.length, `no .zip files in ${packagesDir}`).toBeGreaterThan(0)
	})

	test.each(packages)('%s imports, tracks, resumes and completes', async (file) => {
		const moduleId = `conformance-${path.basename(file, '.zip').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`
		await importPackage(file, moduleId)
		const { family, scos } = scosOfModule(moduleId)
		const paths = cmiPaths(family)
		const page = await browser.newPage()
		page.on('dialog', (dialog) => void dialog.accept())
		await signIn(page, REP.email)
		await page.getByRole('heading', { name: 'My training' }).waitFor()
		for (const sco of scos) {
			const key = { employeeId: REP.employeeId, moduleId, scoId: sco.id }
			let frame = await openSco(page, moduleId, sco, scos.length > 1)

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
			await expect.poll(() => storedScoState(key)!.appliedSequence, { timeout: 15_000 }).toBeGreaterThan(committed.appliedSequence)
			const left = storedScoState(key)!
			const rewritten = await scoWroteDuringUnload(page, paths.suspendData)
			expect(storedValue(left.cmi, paths.stored.suspendData)).toBe(rewritten ?? marker)

			// Relaunching resumes: the SCO gets entry "resume" and the stored location and suspend_data.
			const launched = page.waitForResponse((response) => response.url().endsWith('/launch'))
			frame = await openSco(page, moduleId, sco, scos.length > 1)
			const handedOut = ((await (await launched).json()) as { cmi: Record<string, unknown> }).cmi
			expect(await callRuntime(frame, family, 'GetValue', paths.entry)).toBe('resume')
			expect(storedValue(handedOut, paths.stored.location)).toBe(storedValue(left.cmi, paths.stored.location))
			expect(storedValue(handedOut, paths.stored.suspendData)).toBe(storedValue(left.cmi, paths.stored.suspendData))

			// Finishing, as the SCO would, with a completed and passing result.
			const results = family === '1.2' ? [['cmi.core.score.raw', '100'], ['cmi.core.lesson_status', 'passed']] : [['cmi.score.scaled', '1'], ['cmi.completion_status', 'completed'], ['cmi.success_status', 'passed']]
			for (const [element, value] of results) expect(await callRuntime(frame, family, 'SetValue', element!, value!)).toBe('true')
			expect(await callRuntime(frame, family, 'Finish')).toBe('true')
			await expect.poll(() => storedScoState(key)!.terminated, { timeout: 15_000 }).toBe(true)
		}
		await expect.poll(() => moduleCompletedBy({ employeeId: REP.employeeId, moduleId }), { timeout: 15_000 }).toBe(true)
		await page.context().close()
	})
})
