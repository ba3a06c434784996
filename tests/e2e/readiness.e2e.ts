import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { setUpBrowser, signIn } from './browser.ts'

const browser = setUpBrowser()

test('a manager sees charts and KPIs, filters to a team, opens a person, and downloads the CSV', async () => {
	const page = await browser.newPage()
	await signIn(page, 'manager.emea@example.com')
	await page.getByRole('heading', { level: 1, name: 'Readiness' }).waitFor()
	// Charts draw in the browser once the page has hydrated.
	await expect.poll(() => page.locator('.chart-canvas svg.recharts-surface').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(4)
	const compliant = await page.getByRole('region', { name: 'Key figures' }).locator('.kpi').first().textContent()
	expect(compliant).toMatch(/^\d+(\.\d)?%$/)

	await page.getByLabel('Business line, region or team').selectOption({ label: 'Team: Secure Power Services EMEA North' })
	await page.getByRole('button', { name: 'Apply' }).click()
	const teamCells = page.getByRole('table', { name: 'People' }).locator('tbody tr td:nth-child(4)')
	await expect.poll(async () => [...new Set(await teamCells.allTextContents())], { timeout: 15_000 }).toEqual(['Secure Power Services EMEA North'])
	expect(new URL(page.url()).searchParams.get('unit')).toBe('SPS-EMEA-NORTH')

	const download = page.waitForEvent('download')
	await page.getByRole('link', { name: 'Download CSV' }).click()
	const file = await download
	const csv = readFileSync((await file.path())!, 'utf8')
	expect(csv.split('\r\n')[0]).toBe('Employee ID,Name,Team,Status,Next expiry,Certifications')
	expect(csv).toContain('Secure Power Services EMEA North')
	expect(csv).not.toContain('Power Services EMEA Gulf')

	await page.getByRole('table', { name: 'People' }).getByRole('link').first().click()
	await page.getByRole('heading', { name: 'Certifications' }).waitFor()
	expect(new URL(page.url()).pathname).toMatch(/^\/manage\/people\/SR-\d+$/)
})
