import path from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { type SessionUser } from '#app/auth/permissions.server.ts'
import { syncCatalogFromDirectory } from '#app/catalog/sync-catalog.server.ts'
import { seedDemoData } from '#app/demo/demo-data.server.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { type ReadinessFilters } from '#app/readiness/readiness-data.server.ts'
import { employeeIdRanges } from '#app/readiness/readiness-partitions.server.ts'
import { peopleSorts, type PeopleSort } from '#app/readiness/readiness-people-order.server.ts'
import { prepareAggregation, readinessReport } from '#app/readiness/readiness-report.server.ts'
import { type EmployeeIdRange } from '#app/readiness/readiness-sql.server.ts'
import { aggregateReadiness } from '#app/readiness/readiness-summary.server.ts'
import { queryOnThreads } from '#app/readiness/readiness-threads.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestPerson } from '#tests/factories.ts'
import { testsRoot } from '#tests/setup/paths.ts'

// The whole-company report splits its aggregation by employee ID and runs the parts on query
// threads: every number, unit count and people row must be exactly what one statement gives.

const seededAt = new Date('2026-11-26T09:00:00Z')
const admin: SessionUser = { id: 'x', name: 'A', email: 'a', employeeId: 'AD-0001', orgUnitId: 'x', roles: ['admin'], managedPaths: [] }
const { sql } = Prisma

/** Names whose UTF-8 byte order (SQLite's) differs from JS's UTF-16 order, or from a locale's. */
const awkwardNames = ['\u{1F600} Smiley', '\uFB00 Ligature', 'zed lower-case', 'Zoë Umlaut', 'Zoe Plain', 'Åsa Ring']
const awkwardIds: string[] = []
const viewers: Record<string, SessionUser> = {}

beforeAll(async () => {
	await syncCatalogFromDirectory(path.join(testsRoot, '..', 'content'), { at: seededAt })
	await seedDemoData({ now: seededAt })
	for (const name of awkwardNames) {
		const rep = await createTestPerson({ orgUnitCode: 'SPS-EMEA-NORTH' })
		await prisma.person.update({ where: { id: rep.id }, data: { name } })
		awkwardIds.push(rep.employeeId)
	}
	const manager = await prisma.person.findUniqueOrThrow({ where: { email: 'manager.emea@example.com' }, select: { id: true, name: true, employeeId: true, orgUnitId: true, managedUnits: { select: { orgUnit: { select: { path: true } } } } } })
	viewers.emea = { id: manager.id, name: manager.name, email: 'manager.emea@example.com', employeeId: manager.employeeId, orgUnitId: manager.orgUnitId, roles: ['manager'], managedPaths: manager.managedUnits.map((m) => m.orgUnit.path) }
}, 180_000)

const everyone: EmployeeIdRange = { from: null, below: null }

/** Splits at employee IDs of reps (a boundary rep belongs to the range above), an empty range, one of a single rep. */
function boundaryParts(): EmployeeIdRange[][] {
	const [a, b, c] = awkwardIds
	return [
		[{ from: null, below: 'SR-1150' }, { from: 'SR-1150', below: null }],
		[{ from: null, below: 'A' }, { from: 'A', below: 'SR-1001' }, { from: 'SR-1001', below: 'SR-1002' }, { from: 'SR-1002', below: a! }, { from: a!, below: null }],
		[{ from: null, below: b! }, { from: b!, below: c! }, { from: c!, below: null }],
	]
}

async function aggregate({ viewer = admin, filters = {}, q = '', sort, page, pageSize = 25, parts }: { viewer?: SessionUser; filters?: ReadinessFilters; q?: string; sort: PeopleSort; page: number | null; pageSize?: number; parts: EmployeeIdRange[] }) {
	const { scope, rows, instants } = await prepareAggregation({ viewer, filters, table: { q, sort }, now: seededAt }, prisma)
	const slice = page === null ? { offset: 0, limit: null } : { offset: (page - 1) * pageSize, limit: pageSize }
	const result = await aggregateReadiness({ scope, instants, rows: { ...rows, ...slice }, summary: page !== null, parts }, prisma)
	const unitCounts = [...result.unitCounts].sort((x, y) => `${x.orgUnitId}/${x.worst}`.localeCompare(`${y.orgUnitId}/${y.worst}`))
	return { metrics: Object.fromEntries(result.metrics), unitCounts, rows: result.rows }
}

describe('the aggregation split by employee ID', () => {
	test('splits all people at their median employee ID, into consecutive ranges', async () => {
		const ids = (await prisma.person.findMany({ select: { employeeId: true } })).map((p) => p.employeeId).sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)))
		expect(await employeeIdRanges(prisma, 2)).toEqual([
			{ from: null, below: ids[Math.floor(ids.length / 2)] },
			{ from: ids[Math.floor(ids.length / 2)], below: null },
		])
		const three = await employeeIdRanges(prisma, 3)
		expect(three.map((r) => r.below)).toEqual([ids[Math.floor(ids.length / 3)], ids[Math.floor((ids.length * 2) / 3)], null])
		expect(three.map((r) => r.from)).toEqual([null, ...three.slice(0, -1).map((r) => r.below)])
	})

	const pages: Array<[PeopleSort, string, number]> = [...peopleSorts.flatMap((sort): Array<[PeopleSort, string, number]> => [[sort, '', 1], [sort, '', 2], [sort, '', 13]]), ['name', 'ri', 2], ['state', 'emea', 1], ['team', 'sr-10', 3]]
	test.each(pages)('gives the same metrics, unit counts and page sorted by %s, search %j, page %i', async (sort, q, page) => {
		const single = await aggregate({ sort, q, page, parts: [everyone] })
		expect(single.rows.length).toBeGreaterThan(0)
		for (const parts of [await employeeIdRanges(prisma, 2), ...boundaryParts()]) expect(await aggregate({ sort, q, page, parts })).toEqual(single)
	}, 60_000)

	test.each(peopleSorts)('orders the whole table sorted by %s as one statement does, names by UTF-8 bytes', async (sort) => {
		const single = await aggregate({ sort, page: null, parts: [everyone] })
		for (const parts of boundaryParts()) expect(await aggregate({ sort, page: null, parts })).toEqual(single)
		if (sort === 'name') expect(single.rows.slice(-4).map((r) => r.name)).toEqual(['zed lower-case', 'Åsa Ring', '\uFB00 Ligature', '\u{1F600} Smiley'])
	}, 60_000)

	test.each<[string, string, ReadinessFilters]>([
		['a large unit', 'admin', { unit: 'SPS' }],
		['an as-of date and a work type', 'admin', { asOf: '2027-01-31', workType: 'PATCH_APPLICATION' }],
		['a regional manager', 'emea', {}],
	])('agrees for %s', async (_, who, filters) => {
		const viewer = who === 'admin' ? admin : viewers[who]!
		const single = await aggregate({ viewer, filters, sort: 'nextExpiry', page: 2, pageSize: 10, parts: [everyone] })
		for (const parts of boundaryParts()) expect(await aggregate({ viewer, filters, sort: 'nextExpiry', page: 2, pageSize: 10, parts })).toEqual(single)
	}, 60_000)

	test('the report over the whole company agrees with one statement', async () => {
		const report = await readinessReport({ viewer: admin, filters: {}, table: { q: '', sort: 'team', page: 3 }, pageSize: 20, now: seededAt })
		const single = await aggregate({ sort: 'team', page: 3, pageSize: 20, parts: [everyone] })
		expect(report.people.rows.map((r) => r.employeeId)).toEqual(single.rows.map((r) => r.employeeId))
		expect(report.summary.kpis.reps).toBe(single.metrics.reps)
		expect(report.people.total).toBe(single.metrics.matching)
	})
})

describe('the readiness query threads', () => {
	test('bind values and answer rows as the main thread does', async () => {
		const statement = sql`SELECT ${"it's"} AS "text", ${12_345_678_901_234n} AS "big", ${2.5} AS "real", ${7} AS "int", ${new Date('2026-01-02T03:04:05Z')} AS "date", NULL AS "none"`
		expect(await queryOnThreads(prisma, [statement])).toEqual([await prisma.$queryRaw<unknown[]>(statement)])
	})

	test('refuse to write, report a failing statement, and keep answering', async () => {
		const people = await prisma.person.count()
		await expect(queryOnThreads(prisma, [sql`DELETE FROM "Person"`])).rejects.toThrow(/The readiness query thread failed/)
		await expect(queryOnThreads(prisma, [sql`SELECT * FROM "NoSuchTable"`])).rejects.toThrow(/NoSuchTable/)
		expect(await prisma.person.count()).toBe(people)
		const statements = [sql`SELECT 1 AS "one"`, sql`SELECT ${'two'} AS "two"`, sql`SELECT 3 AS "three"`]
		expect(await queryOnThreads(prisma, statements)).toEqual(await Promise.all(statements.map((s) => prisma.$queryRaw<unknown[]>(s))))
	})
})
