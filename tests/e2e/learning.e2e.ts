import { expect, test } from 'vitest'
import { correctOptionTexts } from './answer-key.ts'
import { setUpBrowser, signIn } from './browser.ts'

const browser = setUpBrowser()
const MODULE = 'post-work-handover'

test('a rep reads a module to the end, passes its quiz, and sees the module complete', async () => {
	const page = await browser.newPage()
	await signIn(page, 'sr-1005@example.com')
	await page.getByRole('heading', { level: 1, name: 'My training' }).waitFor()
	const progress = page.locator(`[data-module="${MODULE}"] [role="progressbar"]`)
	expect(Number(await progress.getAttribute('aria-valuenow'))).toBeLessThan(100)

	await page.locator(`[data-module="${MODULE}"] h3 a`).click()
	const counter = page.getByText(/^Section \d+ of \d+$/)
	await counter.waitFor()
	const [, first, total] = /Section (\d+) of (\d+)/.exec((await counter.textContent())!)!.map(Number)
	for (let section = first!; section < total!; section++) {
		await page.getByRole('button', { name: 'Next section →' }).click()
		await page.getByText(`Section ${section + 1} of ${total}`).waitFor()
	}
	await page.getByRole('button', { name: 'Finish module' }).click()
	await page.getByText('You completed this module on').waitFor()

	await page.getByRole('link', { name: 'Go to the quiz' }).click()
	await page.getByRole('button', { name: 'Start the quiz' }).click()
	await page.getByRole('button', { name: 'Submit answers' }).waitFor()
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
	await page.getByRole('heading', { level: 1, name: 'My training' }).waitFor()
	expect(await progress.getAttribute('aria-valuenow')).toBe('100')
	expect(await page.locator(`[data-module="${MODULE}"]`).textContent()).toContain('Done')
})

test('a quiz says where the rep stands, asks before submitting unanswered questions, and refuses an empty one without using the attempt', async () => {
	const page = await browser.newPage()
	await signIn(page, 'sr-1020@example.com')
	await page.getByRole('heading', { level: 1, name: 'My training' }).waitFor()
	await page.goto('/learn/quizzes/backup-restore-quiz')
	await page.getByRole('button', { name: 'Start the quiz' }).click()
	await page.getByRole('button', { name: 'Submit answers' }).waitFor()
	const total = await page.locator('fieldset').count()
	await page.getByText(`Answered 0 of ${total}`).waitFor()
	expect(await page.getByRole('link', { name: /^← Back to / }).count()).toBe(1)

	// Nothing answered: first a question, then the server's refusal; the attempt stays open.
	await page.getByRole('button', { name: 'Submit answers' }).click()
	await page.getByText('You have not answered any question yet.').waitFor()
	await page.getByRole('button', { name: `Submit with ${total} unanswered` }).click()
	await page.getByText('Answer at least one question before submitting. Your attempt is still open and has not been used up.').waitFor()
	const attemptUrl = page.url()

	// One answer: the count follows, and "Keep answering" goes back to the questions.
	await page.locator('fieldset').first().locator('input').first().check()
	await page.getByText(`Answered 1 of ${total}`).waitFor()
	await page.getByRole('button', { name: 'Submit answers' }).click()
	await page.getByText(`${total - 1} of ${total} questions are still unanswered; they will count as wrong. Submit anyway?`).waitFor()
	await page.getByRole('button', { name: 'Keep answering' }).click()
	await page.getByRole('button', { name: 'Submit answers' }).waitFor()
	expect(page.url()).toBe(attemptUrl)

	await page.goto('/learn/quizzes/backup-restore-quiz')
	await page.getByRole('link', { name: 'Continue your attempt' }).waitFor()
	await page.context().close()
})

test('a rep who leaves a module part-way comes back to the section they were reading, with the progress My training shows', async () => {
	const page = await browser.newPage()
	await signIn(page, 'sr-1011@example.com')
	await page.getByRole('heading', { level: 1, name: 'My training' }).waitFor()
	await page.locator(`[data-module="${MODULE}"] h3 a`).click()
	await page.getByText(/^Section 1 of \d+$/).waitFor()
	await page.getByRole('button', { name: 'Next section →' }).click()
	await page.getByText(/^Section 2 of \d+$/).waitFor()
	await page.getByRole('button', { name: 'Next section →' }).click()
	await page.getByText(/^Section 3 of \d+$/).waitFor()

	await page.goto('/learn')
	await page.getByRole('heading', { level: 1, name: 'My training' }).waitFor()
	const shown = await page.locator(`[data-module="${MODULE}"] [role="progressbar"]`).getAttribute('aria-valuenow')
	await page.locator(`[data-module="${MODULE}"] h3 a`).click()
	await page.getByText(/^Section 3 of \d+$/).waitFor()
	expect(await page.getByText(/^\d+% complete/).textContent()).toMatch(new RegExp(`^${shown}% complete`))
	await page.context().close()
})
