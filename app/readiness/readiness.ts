import { addMonthsUtc, certificationStatusAt, isEligibleStatus, type AwardHistory, type CertificationStatus } from '#app/certification/status.ts'

/** One rep with what the readiness views need: where they sit, what they must hold, what they hold. */
export type ReadinessRep = {
	id: string
	employeeId: string
	name: string
	leftAt: Date | null
	teamName: string
	regionName: string
	required: string[]
	workTypes: string[]
	awards: Map<string, AwardHistory[]>
}

export type RepState = 'valid' | 'expiring' | 'expired' | 'revoked' | 'missing'
export type CertificationWindows = Map<string, number>

const DAY = 86_400_000
const severity: RepState[] = ['missing', 'revoked', 'expired', 'expiring', 'valid']

export function isActiveOn(rep: Pick<ReadinessRep, 'leftAt'>, at: Date) {
	return rep.leftAt === null || rep.leftAt.getTime() > at.getTime()
}

/** Each required certification's status for a rep at `at`, from the one status function. */
export function requiredStatuses(rep: ReadinessRep, windows: CertificationWindows, at: Date) {
	return rep.required.map((code) => ({ code, ...certificationStatusAt({ awards: rep.awards.get(code) ?? [], windowDays: windows.get(code) ?? 0 }, at) }))
}

/** A rep's overall state is their worst required certification (valid when nothing is required). */
export function repState(statuses: Array<{ status: CertificationStatus }>): RepState {
	return severity.find((state) => statuses.some((s) => s.status === state)) ?? 'valid'
}

export const isCompliant = (statuses: Array<{ status: CertificationStatus }>) => statuses.every((s) => isEligibleStatus(s.status))

export type Kpis = {
	reps: number
	compliant: number
	compliantPercent: number
	expiringWithin: { 30: number; 60: number; 90: number }
	expired: number
	missing: number
	revoked: number
}

/** The KPI cards: people counted once per category they fall in, among reps active at `at`. */
export function computeKpis(reps: ReadinessRep[], windows: CertificationWindows, at: Date): Kpis {
	const kpis: Kpis = { reps: 0, compliant: 0, compliantPercent: 0, expiringWithin: { 30: 0, 60: 0, 90: 0 }, expired: 0, missing: 0, revoked: 0 }
	for (const rep of reps) {
		if (!isActiveOn(rep, at)) continue
		const statuses = requiredStatuses(rep, windows, at)
		kpis.reps += 1
		if (isCompliant(statuses)) kpis.compliant += 1
		if (statuses.some((s) => s.status === 'expired')) kpis.expired += 1
		if (statuses.some((s) => s.status === 'missing')) kpis.missing += 1
		if (statuses.some((s) => s.status === 'revoked')) kpis.revoked += 1
		const nextExpiry = Math.min(...statuses.filter((s) => isEligibleStatus(s.status)).map((s) => s.expiresAt!.getTime()))
		for (const days of [30, 60, 90] as const) if (nextExpiry <= at.getTime() + days * DAY) kpis.expiringWithin[days] += 1
	}
	kpis.compliantPercent = kpis.reps ? Math.round((kpis.compliant / kpis.reps) * 1000) / 10 : 0
	return kpis
}

export type GroupBar = { group: string } & Record<RepState, number>

/** Stacked bars: reps by their worst status, per region or team. */
export function complianceByGroup(reps: ReadinessRep[], windows: CertificationWindows, at: Date, groupBy: 'regionName' | 'teamName'): GroupBar[] {
	const groups = new Map<string, GroupBar>()
	for (const rep of reps) {
		if (!isActiveOn(rep, at)) continue
		const key = rep[groupBy]
		const bar = groups.get(key) ?? { group: key, valid: 0, expiring: 0, expired: 0, revoked: 0, missing: 0 }
		bar[repState(requiredStatuses(rep, windows, at))] += 1
		groups.set(key, bar)
	}
	return [...groups.values()].sort((a, b) => a.group.localeCompare(b.group))
}

const monthKey = (date: Date) => date.toISOString().slice(0, 7)

/** Required certifications in force at `at` that expire in each of the next 12 months. */
export function expiriesAhead(reps: ReadinessRep[], windows: CertificationWindows, at: Date) {
	const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1))
	const months = Array.from({ length: 12 }, (_, i) => ({ month: monthKey(addMonthsUtc(start, i)), expiring: 0 }))
	const byMonth = new Map(months.map((m) => [m.month, m]))
	for (const rep of reps) {
		if (!isActiveOn(rep, at)) continue
		for (const status of requiredStatuses(rep, windows, at)) {
			if (isEligibleStatus(status.status)) {
				const bucket = byMonth.get(monthKey(status.expiresAt!))
				if (bucket) bucket.expiring += 1
			}
		}
	}
	return months
}

/** Share of reps compliant at the end of each of the past 12 months (status is a function of time). */
export function complianceTrend(reps: ReadinessRep[], windows: CertificationWindows, at: Date) {
	return Array.from({ length: 12 }, (_, i) => {
		const instant = i === 11 ? at : new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - 10 + i, 1) - 1)
		let active = 0
		let compliant = 0
		for (const rep of reps) {
			if (!isActiveOn(rep, instant)) continue
			active += 1
			if (isCompliant(requiredStatuses(rep, windows, instant))) compliant += 1
		}
		return { month: monthKey(instant), compliantPercent: active ? Math.round((compliant / active) * 1000) / 10 : 0, reps: active }
	})
}

/** How many reps may do each work type at `at` and today. */
export function staffingCapacity(reps: ReadinessRep[], windows: CertificationWindows, workTypes: Array<{ code: string; name: string; requires: string[] }>, { at, today }: { at: Date; today: Date }) {
	const eligibleAt = (rep: ReadinessRep, workType: { code: string; requires: string[] }, instant: Date) =>
		isActiveOn(rep, instant) &&
		rep.workTypes.includes(workType.code) &&
		workType.requires.every((code) => isEligibleStatus(certificationStatusAt({ awards: rep.awards.get(code) ?? [], windowDays: windows.get(code) ?? 0 }, instant).status))
	return workTypes.map((workType) => ({
		code: workType.code,
		name: workType.name,
		onDate: reps.filter((rep) => eligibleAt(rep, workType, at)).length,
		today: reps.filter((rep) => eligibleAt(rep, workType, today)).length,
	}))
}
