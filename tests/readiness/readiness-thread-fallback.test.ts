import path from 'node:path'
import { beforeAll, expect, test, vi } from 'vitest'
import { type SessionUser } from '#app/auth/permissions.server.ts'
import { syncCatalogFromDirectory } from '#app/catalog/sync-catalog.server.ts'
import { seedDemoData } from '#app/demo/demo-data.server.ts'
import { prepareAggregation } from '#app/readiness/readiness-report.server.ts'
import { aggregateReadiness } from '#app/readiness/readiness-summary.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { testsRoot } from '#tests/setup/paths.ts'

// Query threads that cannot load (or die) cost the whole-company report time, not the page.
vi.mock('#app/readiness/readiness-threads.server.ts', () => ({
	readinessThreadCount: 2,
	queryOnThreads: () => Promise.reject(new Error('The readiness query thread exited with code 1.')),
}))

const seededAt = new Date('2026-11-26T09:00:00Z')
const admin: SessionUser = { id: 'x', name: 'A', email: 'a', employeeId: 'AD-0001', orgUnitId: 'x', roles: ['admin'], managedPaths: [] }

beforeAll(async () => {
	await syncCatalogFromDirectory(path.join(testsRoot, '..', 'content'), { at: seededAt })
	await seedDemoData({ now: seededAt })
}, 180_000)

test('when the query threads fail, the report is aggregated in one statement, and the failure is logged', async () => {
	const { scope, rows, instants } = await prepareAggregation({ viewer: admin, filters: {}, table: { q: '', sort: 'state' }, now: seededAt }, prisma)
	const input = { scope, instants, rows: { ...rows, offset: 0, limit: 25 }, summary: true }
	const single = await aggregateReadiness({ ...input, parts: [{ from: null, below: null }] }, prisma)
	const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
	const fallback = await aggregateReadiness(input, prisma)
	expect(logged).toHaveBeenCalledWith(expect.stringMatching(/query threads failed/), expect.any(Error))
	expect(Object.fromEntries(fallback.metrics)).toEqual(Object.fromEntries(single.metrics))
	expect(fallback.rows).toEqual(single.rows)
	expect(Object.fromEntries(fallback.metrics).reps).toBeGreaterThan(0)
})
