import { expect, test } from 'vitest'
import { correctOptionTexts } from './answer-key.ts'
import { setUpBrowser, signIn } from './browser.ts'

const browser = setUpBrowser()
const MODULE = 'post-work-handover'

test('a rep reads a module to the end, passes its quiz, and sees the module complete', async () => {
	const page = await browser.newPage()
	await signIn(page, 'sr-1005@example.com')
	await page.waitForURL('**/learn')
	const progress = page.locator(`[data-module="${MODULE}"] [role="progressbar"]`)
	expect(Number(await progress.getAttribute('aria-valuenow'))).toBeLessThan(100)

	await page.locator(`[data-module="${MODULE}"] h3 a`).click()
	await page.waitForURL(`**/learn/modules/${MODULE}`)
	for (;;) {
		const next = page.getByRole('button', { name: 'Next section →' })
		if ((await next.count()) === 0) break
		await next.click()
		await page.waitForLoadState('networkidle')
	}
	await page.getByRole('button', { name: 'Finish module' }).click()
	await page.getByText('You completed this module on').waitFor()

	await page.getByRole('link', { name: 'Go to the quiz' }).click()
	await page.getByRole('button', { name: 'Start the quiz' }).click()
	await page.waitForURL('**/learn/attempts/**')
	const attemptId = new URL(page.url()).pathname.split('/').at(-1)!
	const key = correctOptionTexts(attemptId)
	for (const fieldset of await page.locator('fieldset').all()) {
		const legend = (await fieldset.locator('legend').textContent())!.replace(/^\d+\.\s*/, '')
		for (const text of key.get(legend)!) await fieldset.getByLabel(text, { exact: true }).check()
	}
	await page.getByRole('button', { name: 'Submit answers' }).click()
	await page.getByText('Passed', { exact: true }).waitFor()
	expect(await page.getByRole('status').textContent()).toContain('you scored 100%')

	await page.goto('/learn')
	expect(await progress.getAttribute('aria-valuenow')).toBe('100')
	expect(await page.locator(`[data-module="${MODULE}"]`).textContent()).toContain('Done')
})
