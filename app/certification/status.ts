/**
 * The one certification status function. Every page, report and the API asks it; time is an
 * input, so "on the visit date" is as easy as "now". All instants are UTC.
 */

/**
 * One vocabulary everywhere. `suspended` is temporary (pending an investigation, say) and lifted
 * by any manager of the holder; `revoked` is final, reversed only by an admin or a manager above
 * the revoker. Neither counts as eligible, and a withdrawal outranks expiry.
 */
export const certificationStatuses = ['valid', 'expiring', 'expired', 'suspended', 'revoked', 'missing'] as const
export type CertificationStatus = (typeof certificationStatuses)[number]

/** The holder's own state, beside the certificate's: someone who has left holds nothing valid. */
export const holderStates = ['active', 'left'] as const
export type HolderState = (typeof holderStates)[number]

export type AwardChange = { kind: 'revoked' | 'suspended' | 'reinstated'; at: Date }
const changeKinds = new Set<AwardChange['kind']>(['revoked', 'suspended', 'reinstated'])

/** Status changes as stored (kind is a plain string column), checked into the shape the function takes. */
export function asAwardChanges(rows: Array<{ kind: string; at: Date }>): AwardChange[] {
	return rows.map(({ kind, at }) => {
		if (!changeKinds.has(kind as AwardChange['kind'])) throw new Error(`Unknown award status change "${kind}"`)
		return { kind: kind as AwardChange['kind'], at }
	})
}

export type AwardHistory = { id: string; issuedAt: Date; expiresAt: Date; changes: AwardChange[] }

export type StatusAt = { status: CertificationStatus; award: AwardHistory | null; expiresAt: Date | null; windowOpensAt: Date | null; withdrawnSince: Date | null }

const DAY_MS = 86_400_000

export function recertificationWindowStart(expiresAt: Date, windowDays: number) {
	return new Date(expiresAt.getTime() - windowDays * DAY_MS)
}

export type Withdrawal = { kind: 'revoked' | 'suspended'; since: Date }

/** Revoked or suspended at `at`, and since when: the last change made at or before `at` decides. */
export function withdrawalAt(award: Pick<AwardHistory, 'changes'>, at: Date): Withdrawal | null {
	const last = award.changes.filter((change) => change.at.getTime() <= at.getTime()).sort((a, b) => a.at.getTime() - b.at.getTime()).at(-1)
	return last === undefined || last.kind === 'reinstated' ? null : { kind: last.kind, since: last.at }
}

/**
 * Status of one certification for one person at instant `at`, from all their awards of it.
 * The latest award issued by `at` governs: valid from issue until expiry (exclusive), "expiring"
 * from the start of the recertification window, "suspended" or "revoked" while withdrawn.
 */
export function certificationStatusAt({ awards, windowDays }: { awards: AwardHistory[]; windowDays: number }, at: Date): StatusAt {
	const t = at.getTime()
	const current = awards.filter((award) => award.issuedAt.getTime() <= t).sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime()).at(-1)
	if (!current) return { status: 'missing', award: null, expiresAt: null, windowOpensAt: null, withdrawnSince: null }
	const windowOpensAt = recertificationWindowStart(current.expiresAt, windowDays)
	const base = { award: current, expiresAt: current.expiresAt, windowOpensAt, withdrawnSince: null }
	const withdrawal = withdrawalAt(current, at)
	if (withdrawal) return { ...base, status: withdrawal.kind, withdrawnSince: withdrawal.since }
	if (t >= current.expiresAt.getTime()) return { status: 'expired', ...base }
	if (t >= windowOpensAt.getTime()) return { status: 'expiring', ...base }
	return { status: 'valid', ...base }
}

/** Adds calendar months in UTC; the day is clamped to the month's end (31 Jan + 1 month = 28/29 Feb). */
export function addMonthsUtc(date: Date, months: number) {
	const result = new Date(date.getTime())
	const day = result.getUTCDate()
	result.setUTCDate(1)
	result.setUTCMonth(result.getUTCMonth() + months)
	const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate()
	result.setUTCDate(Math.min(day, lastDay))
	return result
}

/**
 * When a new award expires. Renewing before the old award expires extends from the old expiry,
 * so renewing early costs nothing; otherwise validity runs from the issue date.
 */
export function expiryForNewAward({ issuedAt, validityMonths, previousExpiry }: { issuedAt: Date; validityMonths: number; previousExpiry: Date | null }) {
	const start = previousExpiry && previousExpiry.getTime() > issuedAt.getTime() ? previousExpiry : issuedAt
	return addMonthsUtc(start, validityMonths)
}

export const isEligibleStatus = (status: CertificationStatus) => status === 'valid' || status === 'expiring'
