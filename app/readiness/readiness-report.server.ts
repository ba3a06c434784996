import { z } from 'zod'
import { type SessionUser } from '#app/auth/permissions.server.ts'
import { isEligibleStatus } from '#app/certification/status.ts'
import { csvDocument } from '#app/utils/csv.ts'
import { type Db, prisma } from '#app/utils/db.server.ts'
import { complianceByGroup, complianceTrend, computeKpis, expiriesAhead, isActiveOn, repState, requiredStatuses, staffingCapacity, type ReadinessRep, type CertificationWindows } from './readiness.ts'
import { loadReadinessReps, readinessFiltersSchema, type ReadinessFilters } from './readiness-data.server.ts'

/** A date picked in the "as of" field means the end of that day (UTC): what holds all day long. */
export function asOfInstant(asOf: string | undefined, now: Date) {
	return asOf ? new Date(`${asOf}T23:59:59.999Z`) : now
}

export async function readinessReport({ viewer, filters, now }: { viewer: SessionUser; filters: ReadinessFilters; now: Date }, db: Db = prisma) {
	const data = await loadReadinessReps({ viewer, filters }, db)
	const at = asOfInstant(filters.asOf, now)
	const groupBy = data.selectedUnit && data.selectedUnit.kind !== 'business_line' ? 'teamName' : 'regionName'
	return {
		data,
		at,
		summary: {
			kpis: computeKpis(data.reps, data.windows, at),
			byGroup: { groupBy: groupBy === 'teamName' ? 'team' : 'region', bars: complianceByGroup(data.reps, data.windows, at, groupBy) },
			expiriesAhead: expiriesAhead(data.reps, data.windows, at),
			trend: complianceTrend(data.reps, data.windows, at),
			capacity: staffingCapacity(data.reps, data.windows, filters.workType ? data.workTypes.filter((w) => w.code === filters.workType) : data.workTypes, { at, today: now }),
		},
	}
}

export type PeopleRow = { employeeId: string; name: string; team: string; state: ReturnType<typeof repState>; nextExpiry: string | null; certifications: string }

/** The people table: one row per rep active at `at`, with their worst status and next expiry. */
function peopleRows(reps: ReadinessRep[], windows: CertificationWindows, at: Date): PeopleRow[] {
	return reps
		.filter((rep) => isActiveOn(rep, at))
		.map((rep) => {
			const statuses = requiredStatuses(rep, windows, at)
			const expiries = statuses.filter((s) => isEligibleStatus(s.status)).map((s) => s.expiresAt!.toISOString()).sort()
			return {
				employeeId: rep.employeeId,
				name: rep.name,
				team: rep.teamName,
				state: repState(statuses),
				nextExpiry: expiries[0] ?? null,
				certifications: statuses.map((s) => `${s.code}: ${s.status}`).join('; '),
			}
		})
}

const worstFirst = ['missing', 'revoked', 'expired', 'expiring', 'valid']

export const peopleSorts = ['name', 'team', 'state', 'nextExpiry'] as const
export type PeopleSort = (typeof peopleSorts)[number]

const tableSchema = z.object({ q: z.string().max(100).catch(''), sort: z.enum(peopleSorts).catch('state'), page: z.coerce.number().int().min(1).catch(1) })

/** Readiness filters and people-table settings from a URL; a bad filter is reported, not guessed. */
export function parseReadinessQuery(url: URL) {
	const params = Object.fromEntries([...url.searchParams].filter(([, value]) => value !== ''))
	const filters = readinessFiltersSchema.safeParse(params)
	if (!filters.success) return { ok: false as const, message: `Invalid filter: ${filters.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}` }
	return { ok: true as const, filters: filters.data, table: tableSchema.parse(params) }
}

/** The people rows for a viewer and query, as the table and its CSV export show them. */
export async function readinessPeople({ viewer, filters, table, now }: { viewer: SessionUser; filters: ReadinessFilters; table: { q: string; sort: PeopleSort }; now: Date }, db: Db = prisma) {
	const data = await loadReadinessReps({ viewer, filters }, db)
	const at = asOfInstant(filters.asOf, now)
	return { at, rows: tableRows(data, at, table) }
}

/** The people table's rows for loaded readiness data: active at `at`, searched and sorted. */
export function tableRows(data: { reps: ReadinessRep[]; windows: CertificationWindows }, at: Date, table: { q: string; sort: PeopleSort }) {
	return searchAndSort(peopleRows(data.reps, data.windows, at), table)
}

function searchAndSort(rows: PeopleRow[], { q, sort }: { q: string; sort: PeopleSort }) {
	const text = q.trim().toLowerCase()
	const matching = text ? rows.filter((r) => r.name.toLowerCase().includes(text) || r.employeeId.toLowerCase().includes(text) || r.team.toLowerCase().includes(text)) : rows
	const key = (row: PeopleRow) => (sort === 'nextExpiry' ? (row.nextExpiry ?? '9999') : sort === 'state' ? String(worstFirst.indexOf(row.state)) : row[sort])
	return [...matching].sort((a, b) => key(a).localeCompare(key(b)) || a.employeeId.localeCompare(b.employeeId))
}

/** CSV of exactly the rows the table shows (all pages), safe against spreadsheet formula injection. */
export function peopleCsv(rows: PeopleRow[]) {
	const header = ['Employee ID', 'Name', 'Team', 'Status', 'Next expiry', 'Certifications']
	return csvDocument(header, rows.map((r) => [r.employeeId, r.name, r.team, r.state, r.nextExpiry?.slice(0, 10) ?? '', r.certifications]))
}
