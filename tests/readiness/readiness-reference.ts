import { oversightPaths, type SessionUser } from '#app/auth/permissions.server.ts'
import { awardHistoriesByCertification } from '#app/certification/award-histories.server.ts'
import { addMonthsUtc, certificationStatusAt, isEligibleStatus, type AwardHistory } from '#app/certification/status.ts'
import { asOfInstant, type PeopleRow, type PeopleSort } from '#app/readiness/readiness-report.server.ts'
import { type ReadinessFilters } from '#app/readiness/readiness-data.server.ts'
import { repStatesWorstFirst, type RepState } from '#app/readiness/readiness.ts'
import { prisma } from '#app/utils/db.server.ts'

/*
 * The readiness report computed the plain way, as it was before the database aggregation: every
 * rep's award history through the certification status function, one rep at a time. Slow, and
 * obviously right; the tests hold the aggregation to it.
 */

type Rep = { employeeId: string; name: string; leftAt: Date | null; team: string; region: string; required: string[]; workTypes: string[]; awards: Map<string, AwardHistory[]> }

const DAY = 86_400_000
const monthKey = (date: Date) => date.toISOString().slice(0, 7)
const percent = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : 0)
const isActiveOn = (rep: Rep, at: Date) => rep.leftAt === null || rep.leftAt.getTime() > at.getTime()

async function loadReps(viewer: SessionUser, filters: ReadinessFilters) {
	const units = await prisma.orgUnit.findMany({ select: { id: true, code: true, name: true, kind: true, path: true } })
	const certifications = await prisma.certification.findMany({ select: { code: true, recertificationWindowDays: true, requiredForAllReps: true, retiredAt: true } })
	const workTypes = await prisma.workType.findMany({ where: { retiredAt: null }, orderBy: { code: 'asc' }, select: { code: true, name: true } })
	const requirements = await prisma.workTypeRequirement.findMany()
	const assignments = await prisma.workTypeAssignment.findMany()
	const requires = (w: string) => requirements.filter((r) => r.workTypeCode === w).map((r) => r.certificationCode).sort()
	const viewerPaths = oversightPaths(viewer)
	const selected = units.find((u) => u.code === filters.unit)
	const scope = selected ? (viewerPaths === null || viewerPaths.some((p) => selected.path.startsWith(p)) ? [selected.path] : []) : viewerPaths
	const people = await prisma.person.findMany({ where: { roles: { some: { role: 'rep' } } }, select: { id: true, employeeId: true, name: true, leftAt: true, orgUnitId: true } })
	const byCode = new Map(units.map((u) => [u.code, u]))
	const reps: Rep[] = []
	for (const person of people) {
		const unit = units.find((u) => u.id === person.orgUnitId)!
		if (scope !== null && !scope.some((p) => unit.path.startsWith(p))) continue
		const codes = unit.path.split('/').filter(Boolean)
		const chain = codes.map((c) => byCode.get(c)!.id)
		const repWorkTypes = [...new Set(assignments.filter((a) => (a.orgUnitId && chain.includes(a.orgUnitId)) || a.personId === person.id).map((a) => a.workTypeCode))].sort()
		const forAll = certifications.filter((c) => c.requiredForAllReps && !c.retiredAt).map((c) => c.code)
		const required = [...new Set([...forAll, ...repWorkTypes.flatMap(requires)])].sort()
		const rep = { ...person, team: unit.name, region: byCode.get(codes[1] ?? codes[0]!)!.name, required, workTypes: repWorkTypes, awards: await awardHistoriesByCertification(person.id) }
		if (filters.workType) {
			if (rep.workTypes.includes(filters.workType)) reps.push({ ...rep, required: requires(filters.workType) })
		} else if (filters.certification) {
			if (rep.required.includes(filters.certification)) reps.push({ ...rep, required: [filters.certification] })
		} else reps.push(rep)
	}
	const windows = new Map(certifications.map((c) => [c.code, c.recertificationWindowDays]))
	return { reps, windows, workTypes: workTypes.map((w) => ({ ...w, requires: requires(w.code) })), selected: scope?.length ? selected : undefined }
}

function statuses(rep: Rep, windows: Map<string, number>, at: Date) {
	return rep.required.map((code) => ({ code, ...certificationStatusAt({ awards: rep.awards.get(code) ?? [], windowDays: windows.get(code) ?? 0 }, at) }))
}

const stateOf = (list: ReturnType<typeof statuses>): RepState => repStatesWorstFirst.find((state) => list.some((s) => s.status === state)) ?? 'valid'
const compliant = (list: ReturnType<typeof statuses>) => list.every((s) => isEligibleStatus(s.status))

/** KPIs, bars, expiries, trend and capacity, rep by rep. */
export async function referenceSummary({ viewer, filters, now }: { viewer: SessionUser; filters: ReadinessFilters; now: Date }) {
	const { reps, windows, workTypes, selected } = await loadReps(viewer, filters)
	const at = asOfInstant(filters.asOf, now)
	const active = reps.filter((rep) => isActiveOn(rep, at))
	const at_ = active.map((rep) => statuses(rep, windows, at))
	const next = at_.map((list) => Math.min(...list.filter((s) => isEligibleStatus(s.status)).map((s) => s.expiresAt!.getTime())))
	const kpis = {
		reps: active.length,
		compliant: at_.filter(compliant).length,
		compliantPercent: percent(at_.filter(compliant).length, active.length),
		expiringWithin: Object.fromEntries([30, 60, 90].map((d) => [d, next.filter((t) => t <= at.getTime() + d * DAY).length])),
		expired: at_.filter((l) => l.some((s) => s.status === 'expired')).length,
		missing: at_.filter((l) => l.some((s) => s.status === 'missing')).length,
		suspended: at_.filter((l) => l.some((s) => s.status === 'suspended')).length,
		revoked: at_.filter((l) => l.some((s) => s.status === 'revoked')).length,
	}
	const groupBy = selected && selected.kind !== 'business_line' ? 'team' : 'region'
	const bars = new Map<string, Record<string, number>>()
	active.forEach((rep, i) => {
		const bar = bars.get(rep[groupBy]) ?? { valid: 0, expiring: 0, expired: 0, suspended: 0, revoked: 0, missing: 0 }
		bar[stateOf(at_[i]!)]! += 1
		bars.set(rep[groupBy], bar)
	})
	const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1))
	const expiriesAhead = Array.from({ length: 12 }, (_, i) => {
		const month = monthKey(addMonthsUtc(start, i))
		return { month, expiring: at_.flat().filter((s) => isEligibleStatus(s.status) && monthKey(s.expiresAt!) === month).length }
	})
	const trend = Array.from({ length: 12 }, (_, i) => {
		const instant = i === 11 ? at : new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - 10 + i, 1) - 1)
		const there = reps.filter((rep) => isActiveOn(rep, instant))
		return { month: monthKey(instant), compliantPercent: percent(there.filter((rep) => compliant(statuses(rep, windows, instant))).length, there.length), reps: there.length }
	})
	const eligible = (rep: Rep, w: { code: string; requires: string[] }, instant: Date) =>
		isActiveOn(rep, instant) && rep.workTypes.includes(w.code) && w.requires.every((code) => isEligibleStatus(certificationStatusAt({ awards: rep.awards.get(code) ?? [], windowDays: windows.get(code) ?? 0 }, instant).status))
	const capacity = (filters.workType ? workTypes.filter((w) => w.code === filters.workType) : workTypes).map((w) => ({ code: w.code, name: w.name, onDate: reps.filter((r) => eligible(r, w, at)).length, today: reps.filter((r) => eligible(r, w, now)).length }))
	return {
		kpis,
		byGroup: { groupBy, bars: [...bars].map(([group, counts]) => ({ group, ...counts })).sort((a, b) => a.group.localeCompare(b.group)) },
		expiriesAhead,
		trend,
		capacity,
	}
}

/** The people table, every page, searched and sorted. */
export async function referencePeople({ viewer, filters, table, now }: { viewer: SessionUser; filters: ReadinessFilters; table: { q: string; sort: PeopleSort }; now: Date }): Promise<PeopleRow[]> {
	const { reps, windows } = await loadReps(viewer, filters)
	const at = asOfInstant(filters.asOf, now)
	const rows = reps
		.filter((rep) => isActiveOn(rep, at))
		.map((rep) => {
			const list = statuses(rep, windows, at)
			const expiries = list.filter((s) => isEligibleStatus(s.status)).map((s) => s.expiresAt!.toISOString()).sort()
			return { employeeId: rep.employeeId, name: rep.name, team: rep.team, state: stateOf(list), nextExpiry: expiries[0] ?? null, certifications: list.map((s) => `${s.code}: ${s.status}`).join('; ') }
		})
	const text = table.q.trim().toLowerCase()
	const matching = text ? rows.filter((r) => r.name.toLowerCase().includes(text) || r.employeeId.toLowerCase().includes(text) || r.team.toLowerCase().includes(text)) : rows
	const key = (row: PeopleRow) => (table.sort === 'nextExpiry' ? (row.nextExpiry ?? '9999') : table.sort === 'state' ? String(repStatesWorstFirst.indexOf(row.state)) : row[table.sort])
	return [...matching].sort((a, b) => key(a).localeCompare(key(b)) || a.employeeId.localeCompare(b.employeeId))
}
