import { expect, test } from 'vitest'
import { signIn, setUpBrowser } from './browser.ts'

const browser = setUpBrowser()

test('a rep signs in and lands on My training', async () => {
	const page = await browser.newPage()
	await signIn(page, 'sr-1001@example.com')
	// The page renders after the URL changes on a client-side navigation: wait for the page itself.
	await page.getByRole('heading', { level: 1, name: 'My training' }).waitFor()
	expect(new URL(page.url()).pathname).toBe('/learn')
	expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(['My training'])
})

test('a manager signs in and lands on Readiness', async () => {
	const page = await browser.newPage()
	await signIn(page, 'manager.emea@example.com')
	await page.getByRole('heading', { level: 1, name: 'Readiness' }).waitFor()
	expect(new URL(page.url()).pathname).toBe('/manage/readiness')
	expect(await page.getByRole('region', { name: 'Key figures' }).isVisible()).toBe(true)
})

test('a wrong password shows an error and keeps the visitor on the sign-in page', async () => {
	const page = await browser.newPage()
	await signIn(page, 'sr-1002@example.com', 'wrong-password')
	await page.getByRole('alert').waitFor()
	expect(await page.getByRole('alert').textContent()).toContain('Email or password is incorrect.')
	expect(new URL(page.url()).pathname).toBe('/login')
})

test('signing out ends the session', async () => {
	const page = await browser.newPage()
	await signIn(page, 'sr-1003@example.com')
	await page.getByRole('heading', { level: 1, name: 'My training' }).waitFor()
	await page.getByRole('button', { name: 'Sign out' }).click()
	await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor()
	await page.goto('/learn')
	expect(new URL(page.url()).pathname).toBe('/login')
})
