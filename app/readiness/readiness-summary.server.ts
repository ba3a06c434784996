import { Prisma } from '#app/generated/prisma/client.ts'
import { databaseKindOf, type Db } from '#app/utils/db.server.ts'
import { DAY_MS, expiringWithinDays, trendInstants } from './readiness.ts'
import { orderBySortKeys, sortKeys, type PeopleSort, type SortKey } from './readiness-people-order.server.ts'
import { employeeIdRanges } from './readiness-partitions.server.ts'
import { inList, lit, monthField, repStateWith, type AggregationScope, type Dialect, type EmployeeIdRange, type Instants, type StateCode } from './readiness-sql.server.ts'
import { queryOnThreads, readinessThreadCount } from './readiness-threads.server.ts'

const { sql, join, raw, empty } = Prisma

/** Which people rows to return: those matching `search`, in `sort` order, `limit` from `offset` (all if null). */
export type RowsRequest = { search: string; sort: PeopleSort; offset: number; limit: number | null; teamMatches: string[]; teamRanks: string[][] }

/** Case-insensitive substring match on name, employee ID or team, as the table's search box means it. */
function searchCondition({ search, teamMatches }: RowsRequest) {
	if (!search) return sql`1 = 1`
	const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
	const team = teamMatches.length ? sql`${inList(sql`"orgUnitId"`, teamMatches)} OR` : empty
	return sql`(${team} LOWER("name") LIKE ${pattern} ESCAPE '\\' OR LOWER("employeeId") LIKE ${pattern} ESCAPE '\\')`
}

/**
 * Each chart's metrics are SUMs over classes of reps (same state and flags, same trend, same
 * expiries): the database sorts the reps into classes once instead of testing every rep for
 * every metric, which at 50,000 reps is several times faster.
 */
type Chart = { name: string; classOf: Array<{ name: string; value: Prisma.Sql }>; where: Prisma.Sql; metrics: Array<{ key: string; value: Prisma.Sql }> }

const countIf = (condition: Prisma.Sql) => sql`SUM(CASE WHEN ${condition} THEN "n" ELSE 0 END)`

/**
 * A rep's KPI class packed into one integer (one sort key sorts fastest): worst state, flags,
 * expiry bucket, work types and, when the bits suffice, the eligibility masks.
 */
function kpiLayout(scope: AggregationScope, instants: Instants) {
	const certifications = scope.encoded.certifications.length
	const todayApart = instants.at.getTime() !== instants.today.getTime()
	const widths = { worst: 3, expired: 1, suspended: 1, revoked: 1, matching: 1, active: 1, activeToday: 1, bucket: 2, workTypes: scope.encoded.capacity.length, eligibleAt: certifications, eligibleToday: todayApart ? certifications : 0 }
	const packMasks = Object.values(widths).reduce((a, b) => a + b) <= 62
	const offsets: Partial<Record<keyof typeof widths, number>> = {}
	let offset = 0
	for (const [name, width] of Object.entries(widths) as Array<[keyof typeof widths, number]>) {
		if (!packMasks && (name === 'eligibleAt' || name === 'eligibleToday')) continue
		offsets[name] = offset
		offset += width
	}
	const field = (name: keyof typeof widths) => sql`(("flags" >> ${lit(offsets[name]!)}) & ${lit(2n ** BigInt(widths[name]) - 1n)})`
	// A mask not packed into the flags is a class column of its own; today's is the "as of" one unless they differ.
	const mask = (name: 'eligibleAt' | 'eligibleToday'): Prisma.Sql => (name === 'eligibleToday' && !todayApart ? mask('eligibleAt') : packMasks ? field(name) : raw(`"${name}"`))
	return { widths, offsets, packMasks, todayApart, field, mask }
}

function kpiChart(scope: AggregationScope, instants: Instants, rows: RowsRequest): Chart {
	const A = instants.at.getTime()
	const layout = kpiLayout(scope, instants)
	const bucket = sql`CASE ${join(expiringWithinDays.map((days, i) => sql`WHEN "nextExpiry" <= ${lit(A + days * DAY_MS)} THEN ${lit(i + 1)}`), ' ')} ELSE 0 END`
	const values: Array<[keyof typeof layout.widths, Prisma.Sql]> = [
		['worst', sql`"worst"`],
		['expired', sql`CASE WHEN "expired" > 0 THEN 1 ELSE 0 END`],
		['suspended', sql`CASE WHEN "suspended" > 0 THEN 1 ELSE 0 END`],
		['revoked', sql`CASE WHEN "revoked" > 0 THEN 1 ELSE 0 END`],
		['matching', sql`CASE WHEN ${searchCondition(rows)} THEN 1 ELSE 0 END`],
		['active', sql`"active"`],
		['activeToday', sql`"activeToday"`],
		['bucket', bucket],
		['workTypes', sql`"workTypes"`],
		['eligibleAt', sql`"eligibleAt"`],
		['eligibleToday', sql`"eligibleToday"`],
	]
	const packed = values.flatMap(([name, value]) => (layout.offsets[name] === undefined || !layout.widths[name] ? [] : [sql`(${value}) * ${lit(2n ** BigInt(layout.offsets[name]!))}`]))
	const active = sql`${layout.field('active')} = 1`
	const hasAll = (mask: Prisma.Sql, required: bigint | null) => (required === null ? sql`1 = 0` : sql`(${mask} & ${lit(required)}) = ${lit(required)}`)
	const hasWorkType = (bit: bigint) => sql`(${layout.field('workTypes')} & ${lit(bit)}) <> 0`
	return {
		name: 'kpi',
		classOf: [
			{ name: 'flags', value: join(packed, ' + ') },
			...(layout.packMasks ? [] : [{ name: 'eligibleAt', value: sql`"eligibleAt"` }, ...(layout.todayApart ? [{ name: 'eligibleToday', value: sql`"eligibleToday"` }] : [])]),
		],
		where: sql`1 = 1`,
		metrics: [
			{ key: 'reps', value: countIf(active) },
			{ key: 'compliant', value: countIf(sql`${active} AND ${layout.field('worst')} >= 4`) },
			{ key: 'expired', value: countIf(sql`${active} AND ${layout.field('expired')} = 1`) },
			{ key: 'missing', value: countIf(sql`${active} AND ${layout.field('worst')} = 0`) },
			{ key: 'suspended', value: countIf(sql`${active} AND ${layout.field('suspended')} = 1`) },
			{ key: 'revoked', value: countIf(sql`${active} AND ${layout.field('revoked')} = 1`) },
			{ key: 'matching', value: countIf(sql`${active} AND ${layout.field('matching')} = 1`) },
			...expiringWithinDays.map((days, i) => ({ key: `expiring${days}`, value: countIf(sql`${active} AND ${layout.field('bucket')} BETWEEN 1 AND ${lit(i + 1)}`) })),
			...scope.encoded.capacity.flatMap((w, i) => [
				{ key: `capacityOn${i}`, value: countIf(sql`${active} AND ${hasWorkType(w.bit)} AND ${hasAll(layout.mask('eligibleAt'), w.requires)}`) },
				{ key: `capacityToday${i}`, value: countIf(sql`${layout.field('activeToday')} = 1 AND ${hasWorkType(w.bit)} AND ${hasAll(layout.mask('eligibleToday'), w.requires)}`) },
			]),
		],
	}
}

function trendChart(instants: Instants): Chart {
	const activeMonths = sql`("months" & 15)`
	return {
		name: 'trend',
		classOf: [
			{ name: 'trend', value: sql`"trend"` },
			{ name: 'months', value: sql`"requiredCount" * 16 + "activeMonths"` },
		],
		where: sql`1 = 1`,
		metrics: trendInstants(instants.at).slice(0, -1).flatMap((_, i) => [
			{ key: `trendReps${i}`, value: countIf(sql`${activeMonths} > ${lit(i)}`) },
			{ key: `trendCompliant${i}`, value: countIf(sql`${activeMonths} > ${lit(i)} AND ${monthField(sql`"trend"`, i)} = ("months" >> 4)`) },
		]),
	}
}

const expiryChart: Chart = {
	name: 'expiry',
	classOf: [{ name: 'expiries', value: sql`"expiries"` }],
	where: sql`"active" = 1`,
	metrics: Array.from({ length: 12 }, (_, i) => ({ key: `expiries${i}`, value: sql`SUM(${monthField(sql`"expiries"`, i)} * "n")` })),
}

/**
 * The class and sum CTEs of a chart: "<name>_class" and the one-row "<name>_sum". PostgreSQL
 * sums integers as numeric, which reaches JS as a Decimal that cannot cross from a query thread;
 * the sums are cast back to integers.
 */
function chartCtes(chart: Chart) {
	const columns = join(chart.classOf.map((c) => raw(`"${c.name}"`)))
	return [
		sql`${raw(`"${chart.name}_class"`)} AS (SELECT ${columns}, COUNT(*) AS "n" FROM (SELECT ${join(chart.classOf.map((c) => sql`${c.value} AS ${raw(`"${c.name}"`)}`))} FROM "rep_state" WHERE ${chart.where}) rep GROUP BY ${columns})`,
		sql`${raw(`"${chart.name}_sum"`)} AS (SELECT ${join(chart.metrics.map((m, i) => sql`CAST(${m.value} AS BIGINT) AS ${raw(`"m${i}"`)}`))} FROM ${raw(`"${chart.name}_class"`)})`,
	]
}

type SqlType = SortKey['type']

/**
 * The result's columns and their types. A column a section does not use is a NULL of that type:
 * PostgreSQL types a UNION's columns a pair of sections at a time, and two bare NULLs become text.
 */
const columns = { section: 'TEXT', key: 'TEXT', employeeId: 'TEXT', name: 'TEXT', orgUnitId: 'TEXT', worst: 'BIGINT', nextExpiry: 'BIGINT', position: 'BIGINT', value: 'BIGINT' } satisfies Record<string, SqlType>
type Column = keyof typeof columns

const typedNull = (type: SqlType) => raw(`CAST(NULL AS ${type})`)

/** How many metric columns (integers all), and the types of the sort key columns. */
type Width = { metrics: number; keys: SqlType[] }

/** Numbered columns: a chart's metrics as m0, m1, ..., a people row's sort keys as k0, k1, ... */
const numbered = (prefix: 'm' | 'k', types: SqlType[], values: Prisma.Sql[]) => types.map((type, i) => sql`${values[i] ?? typedNull(type)} AS ${raw(`"${prefix}${i}"`)}`)

/** One tagged result row. */
const tagged = (section: string, values: Partial<Record<Column, Prisma.Sql>>, width: Width, { metrics = [], keys = [] }: { metrics?: Prisma.Sql[]; keys?: Prisma.Sql[] } = {}) =>
	join([
		...Object.entries(columns).map(([column, type]) => sql`${column === 'section' ? sql`${section}` : (values[column as Column] ?? typedNull(type))} AS ${raw(`"${column}"`)}`),
		...numbered('m', Array<SqlType>(width.metrics).fill('BIGINT'), metrics),
		...numbered('k', width.keys, keys),
	])

/**
 * One statement, one pass over the periods: the summary metrics, rep counts per unit and state
 * for the bars, and the people rows asked for, each with its sort keys' values.
 */
function readinessStatement({ scope, instants, rows, charts, dialect }: { scope: AggregationScope; instants: Instants; rows: RowsRequest; charts: Chart[]; dialect: Dialect }) {
	const summary = charts.length > 0
	const keys = sortKeys(rows, dialect)
	const orderBy = join(keys.map((k) => k.value))
	const width = { metrics: Math.max(0, ...charts.map((c) => c.metrics.length)), keys: keys.map((k) => k.type) }
	const page = sql`SELECT * FROM "rep_state" WHERE "active" = 1 AND ${searchCondition(rows)} ORDER BY ${orderBy} ${rows.limit === null ? empty : sql`LIMIT ${lit(rows.limit)} OFFSET ${lit(rows.offset)}`}`
	const rowValues = { employeeId: sql`pg."employeeId"`, name: sql`p."name"`, orgUnitId: sql`pg."orgUnitId"`, worst: sql`pg."worst"`, nextExpiry: sql`pg."nextExpiry"`, position: sql`pg."position"` }
	const sections = [
		...charts.map((chart) => sql`SELECT ${tagged('chart', { key: sql`${chart.name}` }, width, { metrics: chart.metrics.map((_, i) => raw(`"m${i}"`)) })} FROM ${raw(`"${chart.name}_sum"`)}`),
		...(summary ? [sql`SELECT ${tagged('unit', { orgUnitId: sql`"orgUnitId"`, worst: sql`"worst"`, value: sql`COUNT(*)` }, width)} FROM "rep_state" WHERE "active" = 1 GROUP BY "orgUnitId", "worst"`] : []),
		// The page is cut first, then numbered and named: a few rows, not the whole scope.
		sql`SELECT ${tagged('row', rowValues, width, { keys: keys.map((_, i) => raw(`pg."k${i}"`)) })}
			FROM (SELECT *, ${join(keys.map((key, i) => sql`${key.value} AS ${raw(`"k${i}"`)}`))}, ${lit(rows.offset)} + ROW_NUMBER() OVER (ORDER BY ${orderBy}) AS "position" FROM (${page}) cut) pg
			JOIN "Person" p ON p."employeeId" = pg."employeeId"`,
	]
	const ctes = charts.flatMap(chartCtes)
	return sql`${repStateWith(scope, instants, { withName: rows.search !== '' || rows.sort === 'name', dialect })}${ctes.length ? sql`, ${join(ctes)}` : empty} ${join(sections, ' UNION ALL ')}`
}

type TaggedRow = Record<Column, unknown> & Record<`m${number}` | `k${number}`, unknown>

// Integers come as bigint or number: either converts exactly below 2^53.
const toNumber = (value: unknown) => (value === null || value === undefined ? null : Number(value))

export type AggregatedRow = { employeeId: string; name: string; orgUnitId: string; worst: StateCode; nextExpiry: Date | null; position: number }
export type UnitCount = { orgUnitId: string; worst: StateCode; reps: number }

function aggregatedRow(r: TaggedRow, position: number): AggregatedRow {
	const nextExpiry = toNumber(r.nextExpiry)
	return { employeeId: String(r.employeeId), name: String(r.name), orgUnitId: String(r.orgUnitId), worst: toNumber(r.worst) as StateCode, nextExpiry: nextExpiry === null ? null : new Date(nextExpiry), position }
}

/**
 * The metrics and unit counts of one or more statements over disjoint sets of reps, added up,
 * and their people rows: one statement's page as it came, several statements' merged in the
 * table's order and cut to the page.
 */
function collect(results: TaggedRow[][], charts: Chart[], rows: RowsRequest, dialect: Dialect) {
	const of = (section: string) => results.flat().filter((r) => r.section === section)
	const metrics = new Map<string, number>()
	for (const r of of('chart')) charts.find((c) => c.name === r.key)?.metrics.forEach((m, i) => metrics.set(m.key, (metrics.get(m.key) ?? 0) + (toNumber(r[`m${i}`]) ?? 0)))
	const unitCounts = new Map<string, UnitCount>()
	for (const r of of('unit')) {
		const count: UnitCount = { orgUnitId: String(r.orgUnitId), worst: toNumber(r.worst) as StateCode, reps: toNumber(r.value)! }
		const key = `${count.orgUnitId}/${count.worst}`
		unitCounts.set(key, { ...count, reps: count.reps + (unitCounts.get(key)?.reps ?? 0) })
	}
	const keyCount = sortKeys(rows, dialect).length
	const page =
		results.length === 1
			? of('row').sort((a, b) => toNumber(a.position)! - toNumber(b.position)!)
			: orderBySortKeys(of('row'), (r) => Array.from({ length: keyCount }, (_, i) => r[`k${i}`])).slice(rows.offset, rows.limit === null ? undefined : rows.offset + rows.limit)
	return {
		metrics: metrics as ReadonlyMap<string, number>,
		metric: (key: string) => metrics.get(key) ?? 0,
		unitCounts: [...unitCounts.values()],
		rows: page.map((r, i) => aggregatedRow(r, rows.offset + i + 1)),
	}
}

type AggregationInput = { scope: AggregationScope; instants: Instants; rows: RowsRequest; summary: boolean }

/** Each part answers the first offset + limit rows; past this many, numbering and passing them on costs more than splitting saves. */
const SPLIT_PAGE_END = 1000

/**
 * The report's page over many teams is split by employee ID and its parts run at once, each on
 * a core of its own. One team takes a few milliseconds alone, and the export (every row, one
 * sort) would only be sorted twice.
 */
const worthSplitting = ({ scope, rows, summary }: AggregationInput) =>
	summary && rows.limit !== null && rows.offset + rows.limit <= SPLIT_PAGE_END && !scope.onlyEmployeeIds && (scope.units.everyUnit || scope.units.large) && readinessThreadCount > 1

/**
 * Runs the aggregation and sorts its tagged rows into metrics, unit counts and people rows.
 * Given `parts`, it is split by those employee ID ranges whatever the scope.
 */
export async function aggregateReadiness(input: AggregationInput & { parts?: EmployeeIdRange[] }, db: Db) {
	const charts = input.summary ? [kpiChart(input.scope, input.instants, input.rows), trendChart(input.instants), expiryChart] : []
	const dialect = databaseKindOf(db)
	if (!input.scope.encoded.profiles.length) return collect([[]], charts, input.rows, dialect)
	const parts = input.parts ?? (worthSplitting(input) ? await employeeIdRanges(db, readinessThreadCount) : [])
	if (parts.length < 2) return collect([await db.$queryRaw<TaggedRow[]>(readinessStatement({ ...input, charts, dialect, scope: { ...input.scope, employeeIds: parts[0] } }))], charts, input.rows, dialect)
	// Every metric and unit count adds up over disjoint sets of reps; the page's rows are among each part's first offset + limit.
	const { offset, limit } = input.rows
	const statements = parts.map((employeeIds) =>
		readinessStatement({ ...input, charts, dialect, scope: { ...input.scope, employeeIds }, rows: { ...input.rows, offset: 0, limit: limit === null ? null : offset + limit } }),
	)
	try {
		return collect((await queryOnThreads(db, statements)) as TaggedRow[][], charts, input.rows, dialect)
	} catch (error) {
		// The query threads are a speed-up, not a dependency: one that cannot load or dies costs time, not the page.
		console.error('Readiness query threads failed; aggregating in one statement instead.', error)
		return collect([await db.$queryRaw<TaggedRow[]>(readinessStatement({ ...input, charts, dialect }))], charts, input.rows, dialect)
	}
}
