import { z } from 'zod'
import { type SessionUser } from '#app/auth/permissions.server.ts'
import { csvDocument } from '#app/utils/csv.ts'
import { databaseKindOf, type Db, prisma } from '#app/utils/db.server.ts'
import { expiryMonthStarts, monthKey, percentOf, repStatesWorstFirst, trendInstants, type GroupBar, type Kpis, type RepState } from './readiness.ts'
import { loadReadinessContext, readinessFiltersSchema, type ReadinessContext, type ReadinessFilters } from './readiness-data.server.ts'
import { encodeProfiles, pairStatesSql, type AggregationScope, type Instants } from './readiness-sql.server.ts'
import { peopleSorts, type PeopleSort } from './readiness-people-order.server.ts'
import { aggregateReadiness, type AggregatedRow, type RowsRequest, type UnitCount } from './readiness-summary.server.ts'

export { peopleSorts, type PeopleSort }

/** A date picked in the "as of" field means the end of that day (UTC): what holds all day long. */
export function asOfInstant(asOf: string | undefined, now: Date) {
	return asOf ? new Date(`${asOf}T23:59:59.999Z`) : now
}

const tableSchema = z.object({ q: z.string().max(100).catch(''), sort: z.enum(peopleSorts).catch('state'), page: z.coerce.number().int().min(1).catch(1) })
type TableQuery = z.infer<typeof tableSchema>

/** Readiness filters and people-table settings from a URL; a bad filter is reported, not guessed. */
export function parseReadinessQuery(url: URL) {
	const params = Object.fromEntries([...url.searchParams].filter(([, value]) => value !== ''))
	const filters = readinessFiltersSchema.safeParse(params)
	if (!filters.success) return { ok: false as const, message: `Invalid filter: ${filters.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}` }
	return { ok: true as const, filters: filters.data, table: tableSchema.parse(params) }
}

function capacityWorkTypes(context: ReadinessContext, filters: ReadinessFilters) {
	return filters.workType ? context.workTypes.filter((w) => w.code === filters.workType) : context.workTypes
}

/** Units of the same team name share a rank: the table's team order, as the browser would sort it. */
function teamRanks(context: ReadinessContext, unitIds: Set<string> | null) {
	const byName = new Map<string, string[]>()
	for (const u of context.units) if (!unitIds || unitIds.has(u.id)) byName.set(u.teamName, [...(byName.get(u.teamName) ?? []), u.id])
	return [...byName.keys()].sort((a, b) => a.localeCompare(b)).map((name) => byName.get(name)!)
}

/** Everything the aggregation needs for a viewer, filters and table query. */
export async function prepareAggregation({ viewer, filters, table, now }: { viewer: SessionUser; filters: ReadinessFilters; table: Pick<TableQuery, 'q' | 'sort'>; now: Date }, db: Db) {
	const context = await loadReadinessContext({ viewer, filters }, db)
	const at = asOfInstant(filters.asOf, now)
	const search = table.q.trim().toLowerCase()
	const unitIds = context.scopeUnitIds
	const scope: AggregationScope = {
		encoded: encodeProfiles({ profiles: context.profiles, windows: context.windows, capacityWorkTypes: capacityWorkTypes(context, filters), at }),
		units: { unitIds: unitIds ?? [], everyUnit: unitIds === null, large: unitIds !== null && unitIds.length * 2 > context.units.length },
		individuals: context.individuals,
	}
	const rows: Omit<RowsRequest, 'offset' | 'limit'> = {
		search,
		sort: table.sort,
		teamMatches: search ? context.units.filter((u) => u.teamName.toLowerCase().includes(search)).map((u) => u.id) : [],
		teamRanks: table.sort === 'team' ? teamRanks(context, unitIds && new Set(unitIds)) : [],
	}
	const instants: Instants = { at, today: now, monthStarts: expiryMonthStarts(at) }
	return { context, at, scope, rows, instants }
}

export type PeopleRow = { employeeId: string; name: string; team: string; state: RepState; nextExpiry: string | null; certifications: string }

/** People rows as the table shows them, with each required certification's status spelled out. */
async function describeRows({ rows, scope, context, at }: { rows: AggregatedRow[]; scope: AggregationScope; context: ReadinessContext; at: Date }, db: Db, wholeScope: boolean): Promise<PeopleRow[]> {
	if (!rows.length) return []
	const statement = pairStatesSql({ ...scope, onlyEmployeeIds: wholeScope ? undefined : rows.map((r) => r.employeeId) }, at, databaseKindOf(db))
	const pairs = statement ? await db.$queryRaw<Array<{ employeeId: string; code: string; state: unknown }>>(statement) : []
	const statuses = new Map<string, Array<{ code: string; state: number }>>()
	for (const pair of pairs) statuses.set(pair.employeeId, [...(statuses.get(pair.employeeId) ?? []), { code: pair.code, state: Number(pair.state) }])
	const teamOf = new Map(context.units.map((u) => [u.id, u.teamName]))
	return rows.map((row) => ({
		employeeId: row.employeeId,
		name: row.name,
		team: teamOf.get(row.orgUnitId) ?? '',
		state: repStatesWorstFirst[row.worst]!,
		nextExpiry: row.nextExpiry?.toISOString() ?? null,
		certifications: (statuses.get(row.employeeId) ?? [])
			.sort((a, b) => (a.code < b.code ? -1 : 1))
			.map((s) => `${s.code}: ${repStatesWorstFirst[s.state]}`)
			.join('; '),
	}))
}

function groupBars(unitCounts: UnitCount[], context: ReadinessContext, groupBy: 'regionName' | 'teamName') {
	const unitById = new Map(context.units.map((u) => [u.id, u]))
	const bars = new Map<string, GroupBar>()
	for (const { orgUnitId, worst, reps } of unitCounts) {
		const group = unitById.get(orgUnitId)?.[groupBy] ?? ''
		const bar = bars.get(group) ?? { group, valid: 0, expiring: 0, expired: 0, suspended: 0, revoked: 0, missing: 0 }
		bar[repStatesWorstFirst[worst]!] += reps
		bars.set(group, bar)
	}
	return [...bars.values()].sort((a, b) => a.group.localeCompare(b.group))
}

type Aggregated = Awaited<ReturnType<typeof aggregateReadiness>>

function summarise({ result, context, filters, at }: { result: Aggregated; context: ReadinessContext; filters: ReadinessFilters; at: Date }) {
	const m = result.metric
	const kpis: Kpis = {
		reps: m('reps'),
		compliant: m('compliant'),
		compliantPercent: percentOf(m('compliant'), m('reps')),
		expiringWithin: { 30: m('expiring30'), 60: m('expiring60'), 90: m('expiring90') },
		expired: m('expired'),
		missing: m('missing'),
		suspended: m('suspended'),
		revoked: m('revoked'),
	}
	const monthEnds = trendInstants(at).slice(0, -1)
	const groupBy = context.selectedUnit && context.selectedUnit.kind !== 'business_line' ? 'teamName' : 'regionName'
	return {
		kpis,
		byGroup: { groupBy: groupBy === 'teamName' ? 'team' : 'region', bars: groupBars(result.unitCounts, context, groupBy) },
		expiriesAhead: expiryMonthStarts(at).slice(0, 12).map((start, i) => ({ month: monthKey(start), expiring: m(`expiries${i}`) })),
		trend: [
			...monthEnds.map((end, i) => ({ month: monthKey(end), compliantPercent: percentOf(m(`trendCompliant${i}`), m(`trendReps${i}`)), reps: m(`trendReps${i}`) })),
			{ month: monthKey(at), compliantPercent: kpis.compliantPercent, reps: kpis.reps },
		],
		capacity: capacityWorkTypes(context, filters).map((w, i) => ({ code: w.code, name: w.name, onDate: m(`capacityOn${i}`), today: m(`capacityToday${i}`) })),
	}
}

/**
 * The Readiness page: KPIs, charts and trend for the reps the viewer oversees, and one page of
 * the people table, from one aggregation in the database (never one query per person).
 */
export async function readinessReport(
	{ viewer, filters, table = { q: '', sort: 'state', page: 1 }, pageSize = 25, now }: { viewer: SessionUser; filters: ReadinessFilters; table?: TableQuery; pageSize?: number; now: Date },
	db: Db = prisma,
) {
	const { context, at, scope, rows, instants } = await prepareAggregation({ viewer, filters, table, now }, db)
	const result = await aggregateReadiness({ scope, instants, rows: { ...rows, offset: (table.page - 1) * pageSize, limit: pageSize }, summary: true }, db)
	const total = result.metric('matching')
	return {
		at,
		summary: summarise({ result, context, filters, at }),
		options: context.options,
		people: { total, pageCount: Math.max(1, Math.ceil(total / pageSize)), rows: await describeRows({ rows: result.rows, scope, context, at }, db, false) },
	}
}

/** Every row of the people table (all pages) for a viewer and query, as the CSV export has them. */
export async function readinessPeople({ viewer, filters, table, now }: { viewer: SessionUser; filters: ReadinessFilters; table: Pick<TableQuery, 'q' | 'sort'>; now: Date }, db: Db = prisma) {
	const { context, at, scope, rows, instants } = await prepareAggregation({ viewer, filters, table, now }, db)
	const result = await aggregateReadiness({ scope, instants, rows: { ...rows, offset: 0, limit: null }, summary: false }, db)
	return { at, rows: await describeRows({ rows: result.rows, scope, context, at }, db, true) }
}

/** CSV of exactly the rows the table shows (all pages), safe against spreadsheet formula injection. */
export function peopleCsv(rows: PeopleRow[]) {
	const header = ['Employee ID', 'Name', 'Team', 'Status', 'Next expiry', 'Certifications']
	return csvDocument(header, rows.map((r) => [r.employeeId, r.name, r.team, r.state, r.nextExpiry?.slice(0, 10) ?? '', r.certifications]))
}
