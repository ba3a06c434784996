import { type Page } from 'playwright-core'
import { expect, test } from 'vitest'
import { setUpBrowser, signIn } from './browser.ts'

const browser = setUpBrowser()

async function signedInAdmin() {
	const page = await browser.newPage()
	await signIn(page, 'admin@example.com')
	await page.waitForURL((url) => url.pathname !== '/login')
	return page
}

test('revoking an API key asks first, can be cancelled, and says when it is done', async () => {
	const page = await signedInAdmin()
	await page.goto('/admin/api-clients')
	await page.getByLabel('Client name').fill('e2e-confirm')
	await page.getByRole('button', { name: 'Create key' }).click()
	await page.getByRole('row', { name: /e2e-confirm/ }).waitFor()
	const row = page.getByRole('row', { name: /e2e-confirm/ })

	await row.getByRole('button', { name: 'Revoke the key of e2e-confirm' }).click()
	await row.getByText('Revoke the key of e2e-confirm? Its calls are refused from now on').waitFor()
	await row.getByRole('button', { name: 'Cancel' }).click()
	expect(await row.textContent()).toContain('Active')

	await row.getByRole('button', { name: 'Revoke the key of e2e-confirm' }).click()
	await row.getByRole('button', { name: 'Yes: revoke e2e-confirm' }).click()
	await page.getByRole('status').filter({ hasText: 'Revoked the key of e2e-confirm: its calls are refused from now on.' }).waitFor()
	await page.getByRole('row', { name: /e2e-confirm/ }).filter({ hasText: /Revoked \d{4}-\d{2}-\d{2}/ }).waitFor()
	await page.context().close()
})

/** The first of the demo's spread reps holding a certification that may be suspended. */
async function personWithSuspendableAward(page: Page) {
	for (let number = 1050; number < 1100; number++) {
		await page.goto(`/manage/people/SR-${number}`)
		const form = page.locator('form').filter({ has: page.locator('select[name="kind"] option[value="suspended"]') }).first()
		if ((await form.count()) > 0) return form
	}
	throw new Error('No rep between SR-1050 and SR-1099 holds a certification that may be suspended')
}

test('suspending a certification asks first, says what was done, and the next form starts empty', async () => {
	const page = await signedInAdmin()
	const form = await personWithSuspendableAward(page)
	const awardId = await form.locator('input[name="awardId"]').getAttribute('value')
	await form.locator('select[name="kind"]').selectOption('suspended')
	await form.getByLabel('Reason (required)').fill('Pending investigation of a site visit')
	await form.getByRole('button', { name: 'Apply' }).click()
	await form.getByText(/^Suspend SEC-[A-Z-]+\? It stops counting at once/).waitFor()
	await form.getByRole('button', { name: 'Yes: suspend (temporary)' }).click()
	await page.getByRole('status').filter({ hasText: /^Suspended SEC-[A-Z-]+ for .*; the reason is recorded in the audit log\.$/ }).waitFor()
	// The same award's form now lifts the suspension, and the reason typed for suspending is gone.
	const lift = page.locator('form').filter({ has: page.locator(`input[name="awardId"][value="${awardId}"]`) })
	await lift.locator('select[name="kind"] option[value="reinstated"]').waitFor({ state: 'attached' })
	expect(await lift.getByLabel('Reason (required)').inputValue()).toBe('')
	await page.context().close()
})
