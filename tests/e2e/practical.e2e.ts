import { expect, inject, test } from 'vitest'
import { setUpBrowser, signIn } from './browser.ts'

const browser = setUpBrowser()

type Decision = { eligible: boolean; reasonDetails: Array<{ code: string; certification?: string }> }
const remoteSupport = async () =>
	(await (await fetch(`${inject('baseUrl')}/api/v1/reps/SR-1008/eligibility?workType=REMOTE_SUPPORT`, { headers: { Authorization: `Bearer ${inject('apiKey')}` } })).json()) as Decision

test('SR-1008 sees the pending practical and what the assessor will look for', async () => {
	const page = await browser.newPage()
	await signIn(page, 'sr-1008@example.com')
	await page.waitForURL('**/learn')
	const section = page.getByRole('region', { name: 'Practical assessments' })
	await expect.poll(() => section.getByText('Practical pending').count()).toBe(1)
	expect(await section.getByText(/left the jump host session signed in/).count()).toBe(1)
	await section.getByText(/What the assessor will look for/).click()
	expect(await section.getByRole('group').getByText(/Ends the session completely/).isVisible()).toBe(true)
	await page.close()
})

test('an assessor records a competent practical for SR-1008 and SEC-ACCESS is awarded', async () => {
	expect(await remoteSupport()).toMatchObject({ eligible: false, reasonDetails: expect.arrayContaining([{ code: 'PRACTICAL_PENDING', certification: 'SEC-ACCESS', since: expect.any(String), message: expect.stringMatching(/^SEC-ACCESS awaits a practical assessment/) }]) })

	const page = await browser.newPage()
	await signIn(page, 'assessor@example.com')
	await page.waitForURL('**/manage/practical-assessments')
	await page.getByRole('link', { name: /Record assessment of .* for SEC-ACCESS/ }).first().waitFor()
	await page.goto('/manage/practical-assessments/SR-1008/SEC-ACCESS')
	await page.waitForLoadState('networkidle')

	await page.getByRole('radio', { name: 'Exercise' }).check()
	await page.getByLabel('Work order number or exercise name').fill('Remote support exercise, second attempt')
	for (const met of await page.getByRole('radio', { name: 'Met', exact: true }).all()) await met.check()
	await page.getByRole('radio', { name: 'Competent', exact: true }).check()
	await page.getByRole('button', { name: 'Record the assessment' }).click()
	await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^Recorded: Competent\. SEC-ACCESS awarded to /)

	expect(await remoteSupport()).toMatchObject({ eligible: true })
	await page.close()
})
