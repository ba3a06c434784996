import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { type Page } from 'playwright-core'
import { expect, test } from 'vitest'
import { correctOptionTexts } from './answer-key.ts'
import { setUpBrowser, signIn } from './browser.ts'

const browser = setUpBrowser()
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** Every screen of each role is photographed here, desk and phone, for a reviewer to look through (git-ignored). */
const screenshotsDir = path.resolve(import.meta.dirname, '..', '..', 'test-results', 'screenshots')

const viewports = { desktop: { width: 1280, height: 800 }, phone: { width: 375, height: 740 } } as const
type Viewport = keyof typeof viewports

/**
 * A page by its path; by the first link matching `link` on the page at `from` (pages named by an
 * id); or reached by doing something (`visit` goes there and returns where it is).
 */
type PageSpec = { name: string; path: string } | { name: string; from: string; link: string } | { name: string; visit: (page: Page) => Promise<void> }

const QUIZ = '/learn/quizzes/backup-restore-quiz'

async function startQuiz(page: Page) {
	await page.goto(QUIZ)
	await page.getByRole('button', { name: 'Start the quiz' }).click()
	await page.getByRole('button', { name: 'Submit answers' }).waitFor()
}

/** The public verification page a certificate links to. */
async function openVerification(page: Page) {
	await page.goto('/learn')
	await page.locator('a[href^="/learn/certificates/"]').first().click()
	const href = await page.locator('a[href*="/verify/"]').first().getAttribute('href')
	await page.goto(new URL(href!).pathname)
}

async function passQuiz(page: Page) {
	const key = correctOptionTexts(new URL(page.url()).pathname.split('/').at(-1)!)
	for (const fieldset of await page.locator('fieldset').all()) {
		const legend = (await fieldset.locator('legend').textContent())!.replace(/^\d+\.\s*/, '')
		for (const text of key.get(legend)!) await fieldset.getByLabel(text, { exact: true }).check()
	}
	await page.getByRole('button', { name: 'Submit answers' }).click()
	await page.getByText('Passed', { exact: true }).waitFor()
}

/** Submits the quiz with no answer but the first, which is wrong: the attempt page of a fail (score and sections to revisit). */
async function failQuiz(page: Page) {
	await page.goto(QUIZ)
	await page.getByRole('heading', { level: 1 }).waitFor()
	// The second width finds the attempt the first one failed (a cooldown follows a fail).
	if (!(await page.getByRole('button', { name: 'Start the quiz' }).isVisible())) {
		await page.locator('a[href^="/learn/attempts/"]').first().click()
		await page.getByText('Not passed', { exact: true }).waitFor()
		return
	}
	await startQuiz(page)
	const key = correctOptionTexts(new URL(page.url()).pathname.split('/').at(-1)!)
	const first = page.locator('fieldset').first()
	const legend = (await first.locator('legend').textContent())!.replace(/^\d+\.\s*/, '')
	const right = key.get(legend)!
	for (const option of await first.locator('label').allTextContents()) {
		if (!right.includes(option.trim())) {
			await first.getByLabel(option.trim(), { exact: true }).check()
			break
		}
	}
	await page.getByRole('button', { name: 'Submit answers' }).click()
	await page.getByRole('button', { name: /^Submit with \d+ unanswered$/ }).click()
	await page.getByText('Not passed', { exact: true }).waitFor()
}

/** A SCORM course playing: the player page with the course framed from the content origin. */
async function playCourse(page: Page) {
	await page.goto('/learn/scorm/removable-media-check')
	await page.getByRole('heading', { level: 1 }).waitFor()
	const start = page.getByRole('button', { name: /^(Start|Resume) course$/ })
	if (await start.isVisible()) await start.click()
	await page.frameLocator('iframe.content-frame').frameLocator('#sco-frame').locator('body').waitFor()
}

type Role = { role: string; email: string | null; pages: PageSpec[] }

const roles: Role[] = [
	{
		role: 'visitor',
		email: null,
		pages: [
			{ name: 'sign-in', path: '/login' },
			{ name: 'not-found', path: '/no-such-page' },
		],
	},
	{
		role: 'rep',
		email: 'sr-1002@example.com',
		pages: [
			{ name: 'home', path: '/learn' },
			{ name: 'module', from: '/learn', link: 'a[href^="/learn/modules/"]' },
			{ name: 'quiz', path: QUIZ },
			{ name: 'certificate', from: '/learn', link: 'a[href^="/learn/certificates/"]' },
			{ name: 'course', from: '/learn', link: 'a[href^="/learn/scorm/"]' },
			{ name: 'verify', visit: openVerification },
			{ name: 'not-found', path: '/learn/modules/no-such-module' },
		],
	},
	{
		role: 'rep-new-hire',
		email: 'sr-1005@example.com',
		pages: [
			{ name: 'home', path: '/learn' },
			{ name: 'quiz-open', visit: startQuiz },
			{ name: 'quiz-passed', visit: passQuiz },
		],
	},
	{
		role: 'rep-failing',
		email: 'sr-1010@example.com',
		pages: [
			{ name: 'quiz-failed', visit: failQuiz },
			{ name: 'course-playing', visit: playCourse },
		],
	},
	{
		role: 'manager',
		email: 'manager.emea@example.com',
		pages: [
			{ name: 'readiness', path: '/manage/readiness' },
			{ name: 'people', path: '/manage/people' },
			{ name: 'person', path: '/manage/people/SR-1004' },
			{ name: 'person-training', path: '/manage/people/SR-1004?view=training' },
			{ name: 'person-history', path: '/manage/people/SR-1004?view=history' },
			{ name: 'person-review', path: '/manage/people/SR-1005?view=training' },
			{ name: 'courses', path: '/manage/courses' },
			{ name: 'course-preview', from: '/manage/courses', link: 'a[href$="/preview"]' },
		],
	},
	{
		role: 'admin',
		email: 'admin@example.com',
		pages: [
			{ name: 'readiness', path: '/manage/readiness?unit=PS' },
			{ name: 'person', path: '/manage/people/SR-1008' },
			{ name: 'person-training', path: '/manage/people/SR-1008?view=training' },
			{ name: 'person-history', path: '/manage/people/SR-1008?view=history' },
			{ name: 'person-administration', path: '/manage/people/SR-1008?view=administration' },
			{ name: 'person-leaver-reactivation', path: '/manage/people/SR-1006?view=administration' },
			{ name: 'courses', path: '/manage/courses' },
			{ name: 'content', path: '/admin/content' },
			{ name: 'api-clients', path: '/admin/api-clients' },
			{ name: 'audit', path: '/admin/audit' },
		],
	},
	{
		role: 'assessor',
		email: 'assessor@example.com',
		pages: [
			{ name: 'practicals', path: '/manage/practical-assessments' },
			{ name: 'practical', from: '/manage/practical-assessments', link: 'a[href^="/manage/practical-assessments/SR-"]' },
		],
	},
]

type Finding = { page: string; rule: string; impact: string | null | undefined; help: string; targets: string[] }

/** Goes to the page; returns its address. */
async function open(page: Page, spec: PageSpec) {
	if ('visit' in spec) {
		await spec.visit(page)
		return new URL(page.url()).pathname
	}
	let target = 'path' in spec ? spec.path : null
	if ('from' in spec) {
		await page.goto(spec.from)
		target = await page.locator(spec.link).first().getAttribute('href', { timeout: 5_000 })
		if (!target) throw new Error(`No link ${spec.link} on ${spec.from} for the ${spec.name} page`)
	}
	await page.goto(target!)
	return target!
}

/** axe-core's whole default rule set (WCAG 2.x A and AA, and best practices); evaluated through the debugger, so the page's CSP does not apply. */
async function axeFindings(page: Page, where: string): Promise<Finding[]> {
	await page.evaluate(axeSource)
	const results = await page.evaluate(async () => {
		const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Array<{ id: string; impact?: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe
		return axe.run(document, { resultTypes: ['violations'] })
	})
	return results.violations.map((v) => ({ page: where, rule: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.map(String).join(' ')) }))
}

/** Wider than the screen: the page scrolls sideways, which a phone user should never have to do. */
const overflowOf = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)

for (const { role, email, pages } of roles) {
	for (const viewport of Object.keys(viewports) as Viewport[]) {
		test(`${role}, ${viewport}: every page passes axe-core with no violation, fits the screen, and is photographed`, async () => {
			const page = await browser.newPage()
			await page.setViewportSize(viewports[viewport])
			if (email) {
				await signIn(page, email)
				await page.waitForURL((url) => url.pathname !== '/login')
			}
			mkdirSync(screenshotsDir, { recursive: true })
			const findings: Finding[] = []
			const overflowing: string[] = []
			for (const spec of pages) {
				const target = await open(page, spec)
				await page.waitForLoadState('networkidle')
				findings.push(...(await axeFindings(page, target)))
				const overflow = await overflowOf(page)
				if (overflow > 0) overflowing.push(`${target} (${overflow}px wider than the screen)`)
				await page.screenshot({ path: path.join(screenshotsDir, `${role}-${viewport}-${spec.name}.png`), fullPage: true })
			}
			await page.context().close()
			writeFileSync(path.join(screenshotsDir, `${role}-${viewport}-findings.json`), JSON.stringify({ findings, overflowing }, null, '\t'))
			expect({ findings, overflowing }).toEqual({ findings: [], overflowing: [] })
		}, 180_000)
	}
}
