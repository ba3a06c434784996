import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { setUpBrowser, signIn } from './browser.ts'

const browser = setUpBrowser()

test('a manager sees charts and KPIs, filters to a team, opens a person, and downloads the CSV', async () => {
	const page = await browser.newPage()
	await signIn(page, 'manager.emea@example.com')
	await page.waitForURL('**/manage/readiness')
	await page.waitForLoadState('networkidle')
	expect(await page.locator('.chart-canvas svg.recharts-surface').count()).toBeGreaterThanOrEqual(4)
	const compliant = await page.getByRole('region', { name: 'Key figures' }).locator('.kpi').first().textContent()
	expect(compliant).toMatch(/^\d+(\.\d)?%$/)

	await page.getByLabel('Business line, region or team').selectOption({ label: 'Team: Secure Power Services EMEA North' })
	await page.getByRole('button', { name: 'Apply' }).click()
	await page.waitForURL('**/manage/readiness?*unit=SPS-EMEA-NORTH*')
	const teams = await page.getByRole('table', { name: 'People' }).locator('tbody tr td:nth-child(4)').allTextContents()
	expect(teams.length).toBeGreaterThan(0)
	expect(new Set(teams)).toEqual(new Set(['Secure Power Services EMEA North']))

	const download = page.waitForEvent('download')
	await page.getByRole('link', { name: 'Download CSV' }).click()
	const file = await download
	const csv = readFileSync((await file.path())!, 'utf8')
	expect(csv.split('\r\n')[0]).toBe('Employee ID,Name,Team,Status,Next expiry,Certifications')
	expect(csv).toContain('Secure Power Services EMEA North')
	expect(csv).not.toContain('Power Services EMEA Gulf')

	await page.getByRole('table', { name: 'People' }).getByRole('link').first().click()
	await page.waitForURL('**/manage/people/**')
	expect(await page.getByRole('heading', { name: 'Certifications' }).isVisible()).toBe(true)
})
