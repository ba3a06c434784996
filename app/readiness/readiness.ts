import { addMonthsUtc } from '#app/certification/status.ts'

export type RepState = 'valid' | 'expiring' | 'expired' | 'suspended' | 'revoked' | 'missing'

/** Worst first: a rep's state is the worst of their required certifications (valid when none). */
export const repStatesWorstFirst: RepState[] = ['missing', 'revoked', 'suspended', 'expired', 'expiring', 'valid']

export type Kpis = {
	reps: number
	compliant: number
	compliantPercent: number
	expiringWithin: { 30: number; 60: number; 90: number }
	expired: number
	missing: number
	suspended: number
	revoked: number
}

export type GroupBar = { group: string } & Record<RepState, number>

export const DAY_MS = 86_400_000
export const expiringWithinDays = [30, 60, 90] as const

export const monthKey = (date: Date) => date.toISOString().slice(0, 7)

export const percentOf = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : 0)

/** The trend's instants: the end of each of the 11 months before `at`'s month, then `at` itself. */
export function trendInstants(at: Date) {
	const monthEnds = Array.from({ length: 11 }, (_, i) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - 10 + i, 1) - 1))
	return [...monthEnds, at]
}

/** The starts of `at`'s month and the 12 after it: the expiries-ahead chart's month boundaries. */
export function expiryMonthStarts(at: Date) {
	const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1))
	return Array.from({ length: 13 }, (_, i) => addMonthsUtc(start, i))
}
