import { expect, test } from 'vitest'
import { packageBytes } from '#app/catalog/scorm-module.server.ts'
import { setUpBrowser, signIn } from './browser.ts'

const browser = setUpBrowser()
const MODULE_ID = 'offer-probe'
const TITLE = 'Offer probe'

async function signedIn(email: string) {
	const page = await browser.newPage()
	await signIn(page, email)
	await page.waitForURL((url) => url.pathname !== '/login')
	return page
}

test('an uploaded course goes to the units chosen, can be offered to everyone, retired with a confirmation, and the retirement undone', async () => {
	const admin = await signedIn('admin@example.com')
	// SR-1003 works in SPS EMEA North, not in PS Latin America Andes.
	const rep = await signedIn('sr-1003@example.com')
	const repSees = async () => (await rep.goto(`/learn/scorm/${MODULE_ID}`))!.status() === 200

	await admin.goto('/admin/content')
	await admin.getByLabel('Package (.zip)').setInputFiles({ name: 'offer.zip', mimeType: 'application/zip', buffer: Buffer.from(packageBytes('tests/fixtures/scorm/minimal-12')) })
	await admin.getByLabel('Module id').fill(MODULE_ID)
	await admin.getByLabel('Title', { exact: true }).fill(TITLE)
	await admin.getByLabel('Latin America Andes').check()
	await admin.getByRole('button', { name: 'Upload package' }).click()
	await admin.getByText(`Imported module ${MODULE_ID}`).waitFor({ timeout: 30_000 })
	expect(await repSees()).toBe(false)

	await admin.goto('/manage/courses')
	await admin.getByText(`Change who ${TITLE} is offered to`).click()
	const audience = admin.getByRole('group', { name: `${TITLE} is offered to` })
	expect(await audience.getByLabel('Latin America Andes').isChecked()).toBe(true)
	await audience.getByLabel('Latin America Andes').uncheck()
	await admin.getByRole('button', { name: `Save who ${TITLE} is offered to` }).click()
	await admin.getByRole('status').filter({ hasText: `${TITLE} is now offered to everyone.` }).waitFor()
	expect(await repSees()).toBe(true)

	await admin.getByRole('button', { name: `Retire ${TITLE}` }).click()
	await admin.getByRole('button', { name: `Yes: retire ${TITLE}` }).click()
	await admin.getByRole('status').filter({ hasText: `Retired ${TITLE}: it is no longer offered.` }).waitFor()
	expect(await repSees()).toBe(false)
	await admin.getByRole('row', { name: new RegExp(TITLE) }).filter({ hasText: 'Everyone' }).waitFor()

	await admin.getByRole('button', { name: `Undo retiring ${TITLE}` }).click()
	await admin.getByRole('status').filter({ hasText: `${TITLE} is on offer again to everyone.` }).waitFor()
	expect(await repSees()).toBe(true)
	await admin.context().close()
	await rep.context().close()
})
