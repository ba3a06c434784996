import { readFileSync } from 'node:fs'
import { type FrameLocator, type Page } from 'playwright-core'
import { expect, test } from 'vitest'
import { setUpBrowser, signIn } from './browser.ts'
import { moduleCompletedBy, storedScoState } from './scorm-helpers.ts'

const browser = setUpBrowser()
const answerKeys = JSON.parse(readFileSync('tests/fixtures/scorm/answer-keys.json', 'utf8')) as Record<string, string[]>

async function openCourse(page: Page, moduleId: string) {
	await page.goto(`/learn/scorm/${moduleId}`)
	await page.getByRole('heading', { level: 1 }).waitFor()
	const start = page.getByRole('button', { name: 'Start course' })
	if (await start.isVisible()) await start.click()
	return scoFrameOf(page)
}

/** The SCO's frame, inside the course wrapper the player frames from the content origin. */
const scoFrameOf = (page: Page) => page.frameLocator('iframe.content-frame').frameLocator('#sco-frame')

async function signedInRep(email: string) {
	const page = await browser.newPage()
	await signIn(page, email)
	await page.getByRole('heading', { name: 'My training' }).waitFor()
	return page
}

async function answerCheck(sco: FrameLocator, moduleId: string) {
	for (const label of answerKeys[moduleId]!) await sco.getByLabel(label, { exact: true }).check()
	await sco.getByRole('button', { name: 'Submit answers' }).click()
	await sco.getByText('Results: 5 of 5 correct (100%)').waitFor()
	await sco.getByRole('button', { name: 'Finish' }).click()
}

test("a rep completes the project's own SCORM 1.2 module, and it counts as done", async () => {
	const page = await signedInRep('sr-1041@example.com')
	const sco = await openCourse(page, 'removable-media-check')
	for (let page = 1; page <= 4; page++) await sco.getByRole('button', { name: 'Next' }).click()
	await answerCheck(sco, 'removable-media-check')
	await page.getByText('You completed this course').waitFor({ timeout: 15_000 })
	expect(await page.getByText('passed', { exact: true }).count()).toBeGreaterThan(0)
	expect(moduleCompletedBy({ employeeId: 'SR-1041', moduleId: 'removable-media-check' })).toBe(true)
	await page.context().close()
})

test("a rep completes the project's own SCORM 2004 module, moving from the lesson to the check", async () => {
	const page = await signedInRep('sr-1042@example.com')
	const lesson = await openCourse(page, 'incident-reporting-on-site')
	await page.getByRole('navigation', { name: 'Course contents' }).waitFor()
	for (let step = 1; step <= 3; step++) await lesson.getByRole('button', { name: 'Next' }).click()
	await lesson.getByRole('button', { name: 'Finish' }).click()
	await page.getByText('You have finished this part.').waitFor()
	await page.getByRole('group', { name: 'Course navigation' }).getByRole('button', { name: 'Continue' }).click()
	await answerCheck(scoFrameOf(page), 'incident-reporting-on-site')
	await page.getByText('You completed this course').waitFor({ timeout: 15_000 })
	expect(moduleCompletedBy({ employeeId: 'SR-1042', moduleId: 'incident-reporting-on-site' })).toBe(true)
	await page.context().close()
})

test('a rep who closes the tab mid-way resumes where they left off', async () => {
	const page = await signedInRep('sr-1043@example.com')
	const sco = await openCourse(page, 'removable-media-check')
	await sco.getByRole('button', { name: 'Next' }).click()
	await sco.getByRole('button', { name: 'Next' }).click()
	await sco.locator('[data-page="page-3"]').waitFor()
	const context = page.context()
	await page.close({ runBeforeUnload: true })
	await expect
		.poll(() => storedScoState({ employeeId: 'SR-1043', moduleId: 'removable-media-check', scoId: 'removable-media-check-item' })?.cmi, { timeout: 15_000 })
		.toMatchObject({ core: { lesson_location: 'page-3', exit: 'suspend' } })

	const again = await context.newPage()
	const resumed = await openCourse(again, 'removable-media-check')
	await resumed.locator('[data-page="page-3"]').waitFor({ timeout: 15_000 })
	await context.close()
})

test('a commit the server fails is retried, and the rep is told until it is saved', async () => {
	const page = await signedInRep('sr-1044@example.com')
	let failuresLeft = 2
	await page.context().route('**/s/*/commit', async (route) => {
		if (failuresLeft-- > 0) return route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ title: 'Service Unavailable', status: 503, detail: 'down for maintenance', result: false, errorCode: 391 }) })
		return route.continue()
	})
	const sco = await openCourse(page, 'removable-media-check')
	await sco.getByRole('button', { name: 'Next' }).click()
	await page.getByRole('alert').filter({ hasText: 'Saving failed' }).waitFor({ timeout: 15_000 })
	await page.getByText('All progress saved.').waitFor({ timeout: 15_000 })
	expect(storedScoState({ employeeId: 'SR-1044', moduleId: 'removable-media-check', scoId: 'removable-media-check-item' })?.cmi).toMatchObject({ core: { lesson_location: 'page-2' } })
	await page.context().close()
})
