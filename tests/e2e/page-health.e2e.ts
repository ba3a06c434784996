import { type Page } from 'playwright-core'
import { expect, test } from 'vitest'
import { setUpBrowser, signIn } from './browser.ts'

const browser = setUpBrowser()

/** Collects what a visitor's browser reports as broken: script errors, CSP violations, failed loads. */
function watchForProblems(page: Page) {
	const problems: string[] = []
	page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
	page.on('console', (message) => {
		if (message.type() === 'error') problems.push(`console error: ${message.text()}`)
	})
	return problems
}

const pagesByAccount: Record<string, string[]> = {
	'sr-1005@example.com': ['/learn', '/learn/modules/backup-restore', '/learn/quizzes/backup-restore-quiz'],
	'manager.emea@example.com': ['/manage/readiness', '/manage/people', '/manage/people/SR-1004', '/manage/people/SR-1004?view=training', '/manage/people/SR-1004?view=history'],
	'admin@example.com': ['/admin/content', '/admin/api-clients', '/admin/audit', '/manage/readiness?unit=PS', '/manage/people/SR-1005', '/manage/people/SR-1005?view=training', '/manage/people/SR-1008', '/manage/people/SR-1008?view=administration', '/manage/people/SR-1009', '/manage/practical-assessments'],
	'sr-1009@example.com': ['/learn'],
	'assessor@example.com': ['/manage/practical-assessments', '/manage/practical-assessments/SR-1005/SEC-MALWARE-RESPONSE'],
}

for (const [email, paths] of Object.entries(pagesByAccount)) {
	test(`${email}: pages hydrate without script errors or CSP violations, and none may be cached`, async () => {
		const page = await browser.newPage()
		const problems = watchForProblems(page)
		await signIn(page, email)
		await page.waitForLoadState('networkidle')
		for (const path of paths) {
			const response = await page.goto(path)
			// A signed-in page is nobody's to cache: not the browser's back-forward store, not a proxy's.
			expect(response?.headers()['cache-control'], path).toBe('no-store')
			await page.waitForLoadState('networkidle')
			// Hydrated: Remix has taken over the page.
			expect(await page.evaluate(() => '__remixRouter' in window)).toBe(true)
		}
		expect(problems).toEqual([])
	})
}
