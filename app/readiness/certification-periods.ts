import { withdrawalAt, type AwardHistory, type Withdrawal } from '#app/certification/status.ts'

/**
 * A stretch of time in which one award governs a person's standing in one certification and
 * its withdrawal does not change; instants in epoch milliseconds. Within a period the status
 * function's answer at `t` is: revoked or suspended if withdrawn, else expired from `expiresAt`, else
 * expiring from the recertification window, else valid. Before the first period: missing.
 */
export type CertificationPeriod = {
	awardId: string
	startsAt: number
	/** When the next award or status change takes over; null while this one still governs. */
	endsAt: number | null
	expiresAt: number
	/** Eligible (valid or expiring) from `startsAt` until this instant; null if never. */
	eligibleUntil: number | null
	withdrawal: Withdrawal['kind'] | null
}

function eligibleUntil({ startsAt, endsAt, expiresAt, withdrawal }: Omit<CertificationPeriod, 'awardId' | 'eligibleUntil'>) {
	if (withdrawal) return null
	const until = endsAt !== null && endsAt < expiresAt ? endsAt : expiresAt
	return until > startsAt ? until : null
}

/**
 * The periods of one person's certification, from all their awards of it (in issue order; on a
 * tie the later one listed governs, as in certificationStatusAt). An award governs from its issue
 * until the next award is issued; a new period starts at each status change in between. The
 * migration that created the table backfills with the same rules in SQL.
 */
export function certificationPeriods(awards: AwardHistory[]): CertificationPeriod[] {
	const ordered = [...awards].sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime())
	return ordered.flatMap((award, index) => {
		const start = award.issuedAt.getTime()
		const end = ordered[index + 1]?.issuedAt.getTime() ?? null
		if (end === start) return []
		const inside = award.changes.map((c) => c.at.getTime()).filter((t) => t > start && (end === null || t < end))
		const starts = [...new Set([start, ...inside])].sort((a, b) => a - b)
		return starts.map((startsAt, i) => {
			const period = { startsAt, endsAt: starts[i + 1] ?? end, expiresAt: award.expiresAt.getTime(), withdrawal: withdrawalAt(award, new Date(startsAt))?.kind ?? null }
			return { awardId: award.id, ...period, eligibleUntil: eligibleUntil(period) }
		})
	})
}
