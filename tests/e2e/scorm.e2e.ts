import { type Page } from 'playwright-core'
import { expect, test } from 'vitest'
import { setUpBrowser, signIn } from './browser.ts'
import { moduleCompletedBy, storedScoState } from './scorm-helpers.ts'

const browser = setUpBrowser()

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

/** Opens the person page as the admin and decides on the held completion, with a reason. */
async function reviewAsAdmin(employeeId: string, decision: 'Accept: it counts' | 'Reject: take it again', reason: string) {
	const page = await browser.newPage()
	await signIn(page, 'admin@example.com')
	await page.waitForURL((url) => url.pathname !== '/login')
	await page.goto(`/manage/people/${employeeId}?view=training`)
	const held = page.getByRole('region', { name: 'Needs review: finished faster than plausible' })
	await held.getByLabel('Reason (required)').fill(reason)
	await held.getByRole('button', { name: decision }).click()
	await page.getByRole('status').filter({ hasText: decision.startsWith('Accept') ? /^Accepted: / : /^Rejected: / }).waitFor()
	return page
}

test("a rep finishes the project's own SCORM 1.2 course too fast: it waits for review, and counts once a manager accepts it", async () => {
	const page = await signedInRep('sr-1041@example.com')
	const sco = await openCourse(page, 'removable-media-check')
	for (let step = 1; step <= 6; step++) await sco.getByRole('button', { name: 'Next' }).click()
	// The status beside the course follows it as it runs, without a reload.
	await page.locator('dl.facts dd').first().filter({ hasText: 'In progress' }).waitFor({ timeout: 15_000 })
	await sco.getByRole('button', { name: 'Finish' }).click()
	await page.getByText(/sooner than the 7 minutes it takes at the least\. It counts toward your certifications once your manager has reviewed it\./).waitFor({ timeout: 15_000 })
	expect(moduleCompletedBy({ employeeId: 'SR-1041', moduleId: 'removable-media-check' })).toBe(false)

	const admin = await reviewAsAdmin('SR-1041', 'Accept: it counts', 'Refresher: the rep took this course in full last year.')
	expect(moduleCompletedBy({ employeeId: 'SR-1041', moduleId: 'removable-media-check' })).toBe(true)
	await admin.goto('/manage/people/SR-1041?view=training')
	await admin.getByRole('cell', { name: /: accepted by .* on review$/ }).waitFor()
	await admin.context().close()
	await page.reload()
	await page.getByText('You completed this course; with its quiz passed, it counts toward your certifications.', { exact: false }).waitFor()
	await page.getByRole('link', { name: 'Go to the quiz' }).waitFor()
	await page.context().close()
})

test("a rep goes through the project's own SCORM 2004 course, lesson then worked case; a manager rejects the too-fast completion and the rep is told why", async () => {
	const page = await signedInRep('sr-1042@example.com')
	const lesson = await openCourse(page, 'incident-reporting-on-site')
	await page.getByRole('navigation', { name: 'Course contents' }).waitFor()
	for (let step = 1; step <= 3; step++) await lesson.getByRole('button', { name: 'Next' }).click()
	await lesson.getByRole('button', { name: 'Finish' }).click()
	await page.getByText('You have finished this part.').waitFor()
	await page.getByRole('group', { name: 'Course navigation' }).getByRole('button', { name: 'Continue' }).click()
	const workedCase = scoFrameOf(page)
	for (let step = 1; step <= 6; step++) await workedCase.getByRole('button', { name: 'Next' }).click()
	await workedCase.getByRole('button', { name: 'Finish' }).click()
	await page.getByText(/once your manager has reviewed it\./).waitFor({ timeout: 15_000 })

	const admin = await reviewAsAdmin('SR-1042', 'Reject: take it again', 'Two minutes is not enough to read the worked case.')
	await admin.context().close()
	expect(moduleCompletedBy({ employeeId: 'SR-1042', moduleId: 'incident-reporting-on-site' })).toBe(false)
	await page.reload()
	await page.getByText('Your manager did not accept this completion (“Two minutes is not enough to read the worked case.”). Take the course again; it counts when you finish it.').waitFor()
	await page.getByRole('button', { name: 'Take the course again' }).waitFor()
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
