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

test('the filters show what the URL says after Back, Forward and reload, and the charts fit a phone screen', async () => {
	const page = await browser.newPage()
	await signIn(page, 'manager.emea@example.com')
	await page.waitForURL((url) => url.pathname !== '/login')
	await page.goto('/manage/readiness')
	// Client-side navigation (and so Back without a reload) needs the page hydrated: the charts draw then.
	await expect.poll(() => page.locator('.chart-canvas svg.recharts-surface').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(4)
	const unit = page.getByLabel('Business line, region or team', { exact: true })
	const certification = page.getByLabel('Certification', { exact: true })
	const asOf = page.getByLabel('As of', { exact: true })
	const controls = async () => ({ unit: await unit.inputValue(), certification: await certification.inputValue(), asOf: await asOf.inputValue() })
	const query = () => {
		const params = new URL(page.url()).searchParams
		return { unit: params.get('unit') ?? '', certification: params.get('certification') ?? '', asOf: params.get('asOf') ?? '' }
	}

	const earlier = { unit: 'SPS-EMEA', certification: '', asOf: '2026-06-30' }
	await unit.selectOption(earlier.unit)
	await asOf.fill(earlier.asOf)
	await page.getByRole('button', { name: 'Apply' }).click()
	await page.waitForURL((url) => url.searchParams.get('unit') === earlier.unit)
	await page.getByText('Status at the end of 2026-06-30 (UTC)').waitFor()
	const earlierUrl = page.url()
	expect(query()).toEqual(earlier)

	const later = { unit: 'SPS-EMEA-NORTH', certification: 'SEC-FOUNDATION', asOf: '' }
	await unit.selectOption(later.unit)
	await certification.selectOption(later.certification)
	await asOf.fill('')
	await page.getByRole('button', { name: 'Apply' }).click()
	await page.waitForURL((url) => url.searchParams.get('unit') === later.unit)
	await page.getByText(/^Status now/).waitFor()
	expect(query()).toEqual(later)
	expect(await controls()).toEqual(later)

	await page.goBack()
	await page.waitForURL(earlierUrl)
	await page.getByText('Status at the end of 2026-06-30 (UTC)').waitFor()
	await expect.poll(controls, { timeout: 15_000 }).toEqual(earlier)
	expect(query()).toEqual(earlier)

	// A choice made but not applied gives way to what the URL says on Forward.
	await certification.selectOption('SEC-SIS')
	await page.goForward()
	await page.waitForURL((url) => url.searchParams.get('unit') === later.unit)
	await expect.poll(controls, { timeout: 15_000 }).toEqual(later)

	await page.reload()
	expect(await controls()).toEqual(later)
	expect(query()).toEqual(later)

	// A phone: the charts take the screen's width, and the page does not scroll sideways.
	await page.setViewportSize({ width: 375, height: 740 })
	await page.goto(earlierUrl)
	await expect.poll(() => page.locator('.chart-canvas svg.recharts-surface').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(4)
	expect(await controls()).toEqual(earlier)
	await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true)
	const fits = await page.evaluate(() =>
		[...document.querySelectorAll('figure.chart:has(.chart-canvas)')].map((figure) => {
			const chart = figure.querySelector('.recharts-wrapper')?.getBoundingClientRect()
			const box = figure.getBoundingClientRect()
			return `${figure.querySelector('h2')?.textContent}: ${chart && chart.width > 0 && chart.left >= box.left && chart.right <= box.right ? 'fits' : 'does not fit'}`
		}),
	)
	expect(fits.length).toBeGreaterThan(0)
	expect(fits.filter((fit) => !fit.endsWith(': fits'))).toEqual([])
	// Hidden from assistive technology (the tables say the same), so nothing in a chart may take focus.
	expect(await page.locator('.chart-canvas [tabindex]:not([tabindex="-1"]), .chart-canvas a, .chart-canvas button').count()).toBe(0)
	await page.context().close()
})
