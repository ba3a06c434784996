import path from 'node:path'
import { renderToString } from 'react-dom/server'
import { beforeAll, describe, expect, test } from 'vitest'
import { syncCatalogFromDirectory } from '#app/catalog/sync-catalog.server.ts'
import { CapacityChart, ComplianceChart, ExpiriesChart, monthLabel, TrendChart } from '#app/components/readiness-charts.tsx'
import { seedDemoData } from '#app/demo/demo-data.server.ts'
import { loader as readinessLoader } from '#app/routes/manage+/readiness.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { signedInRequest } from '#tests/factories.ts'
import { testsRoot } from '#tests/setup/paths.ts'

const seededAt = new Date('2026-11-26T09:00:00Z')
const url = 'http://localhost/manage/readiness'
let managerId = ''

beforeAll(async () => {
	await syncCatalogFromDirectory(path.join(testsRoot, '..', 'content'), { at: seededAt })
	await seedDemoData({ now: seededAt })
	managerId = (await prisma.person.findUniqueOrThrow({ where: { email: 'manager.emea@example.com' }, select: { id: true } })).id
}, 120_000)

async function readinessPage(query = '') {
	return readinessLoader({ request: await signedInRequest(managerId, `${url}${query}`), params: {}, context: {} })
}

/** Everything the four charts render on the server, as the page lays them out. */
function chartsHtml(page: Awaited<ReturnType<typeof readinessPage>>) {
	const { summary } = page
	return renderToString(
		<div className="charts">
			<ComplianceChart bars={summary.byGroup.bars} groupBy={summary.byGroup.groupBy} />
			<CapacityChart capacity={summary.capacity} onDateLabel="now" />
			<ExpiriesChart months={summary.expiriesAhead} />
			<TrendChart points={summary.trend} />
		</div>,
	)
}

const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ')

describe('month labels', () => {
	test('read as month and year, whatever the locale', () => {
		expect(['2026-01', '2026-03', '2026-12'].map(monthLabel)).toEqual(['Jan 2026', 'Mar 2026', 'Dec 2026'])
		expect(monthLabel('not a month')).toBe('not a month')
	})
})

describe('the readiness charts', () => {
	test('group by org unit and work type names, never their codes', async () => {
		const [all, region] = await Promise.all([readinessPage(), readinessPage('?unit=SPS-EMEA')])
		const units = await prisma.orgUnit.findMany({ select: { code: true, name: true } })
		const workTypes = await prisma.workType.findMany({ where: { retiredAt: null }, select: { code: true, name: true } })
		const unitNames = new Set(units.map((u) => u.name))
		expect(all.summary.byGroup.groupBy).toBe('region')
		expect(region.summary.byGroup.groupBy).toBe('team')
		expect(region.summary.byGroup.bars.map((b) => b.group)).toContain('Secure Power Services EMEA North')
		for (const page of [all, region]) {
			expect(page.summary.byGroup.bars.length).toBeGreaterThan(0)
			for (const bar of page.summary.byGroup.bars) expect(unitNames.has(bar.group), bar.group).toBe(true)
		}
		expect(all.summary.capacity.map((c) => c.name).sort()).toEqual(workTypes.map((w) => w.name).sort())
		// What the server renders (titles and tables) names them too, and shows no code.
		const text = textOf(chartsHtml(region))
		for (const bar of region.summary.byGroup.bars) expect(text).toContain(bar.group)
		for (const workType of workTypes) expect(text).toContain(workType.name)
		for (const code of [...units.map((u) => u.code), ...workTypes.map((w) => w.code)]) expect(text).not.toMatch(new RegExp(`(^|\\s)${code}(\\s|$)`))
	})

	test('render on the server a title, a table alternative and an empty chart box of fixed height that nothing in it can focus', async () => {
		const html = chartsHtml(await readinessPage())
		expect([...html.matchAll(/<figcaption><h2>([^<]+)<\/h2><\/figcaption>/g)].map((m) => m[1])).toEqual(['Compliance by region', 'Staffing capacity by work type', 'Expiries in the next 12 months', 'Compliance over the past 12 months'])
		// The same numbers as a table, named like the chart.
		expect([...html.matchAll(/<summary>Show as a table<\/summary>.*?<table aria-label="([^"]+)">/g)].map((m) => m[1])).toEqual(['Compliance by region', 'Staffing capacity by work type', 'Expiries in the next 12 months', 'Compliance over the past 12 months'])
		const canvases = [...html.matchAll(/<div class="chart-canvas" aria-hidden="true">(.*?)<\/div><details>/g)].map((m) => m[1]!)
		expect(canvases).toHaveLength(4)
		for (const canvas of canvases) {
			// recharts draws once the browser has measured the box: the server leaves it empty but sized, so nothing jumps.
			expect(canvas).toMatch(/^<div class="recharts-responsive-container" style="width:100%;height:\d+px;min-width:0"><div[^>]*><\/div><\/div>$/)
			expect(canvas).not.toMatch(/tabindex|<svg|<a |<button/)
		}
	})

	test('label months as month and year, not as keys', async () => {
		const page = await readinessPage()
		const text = textOf(chartsHtml(page))
		for (const { month } of [...page.summary.expiriesAhead, ...page.summary.trend]) expect(text).toContain(monthLabel(month))
		expect(text).not.toMatch(/\b20\d\d-\d\d\b/)
	})
})
