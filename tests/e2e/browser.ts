import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, inject } from 'vitest'

// Debian's Chromium; flags keep it off the network this machine does not have.
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
]

/** One browser per test file; each test opens its own page (and so its own cookies). */
export function setUpBrowser() {
	let browser: Browser | undefined
	beforeAll(async () => {
		browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
	})
	afterAll(async () => {
		await browser?.close()
	})
	return {
		baseUrl: () => inject('baseUrl'),
		async newPage(): Promise<Page> {
			const context = await browser!.newContext({ baseURL: inject('baseUrl') })
			return context.newPage()
		},
	}
}

export async function signIn(page: Page, email: string, password = inject('demoPassword')) {
	await page.goto('/login')
	await page.getByLabel('Email').fill(email)
	await page.getByLabel('Password').fill(password)
	await page.getByRole('button', { name: 'Sign in' }).click()
}
