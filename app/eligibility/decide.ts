import { certificationStatusAt, isEligibleStatus, type AwardHistory, type CertificationStatus } from '#app/certification/status.ts'
import { employedAt, type EmploymentSpan } from '#app/people/employment.ts'

/** Training done for a certification whose observed practical assessment is still to come. */
export type PendingPractical = { trainingCompletedAt: Date; lapsesAt: Date }
/** Retraining owed on an award after a material change to one of its modules. */
export type OpenRetraining = { awardId: string; moduleId: string; dueSince: Date; deadline: Date; closedAt: Date | null }

export type RequirementResult = { certification: string; status: CertificationStatus; expiresAt: string | null }

/**
 * Why a rep is not eligible, for programs: a stable code beside the plain-words reason. Codes are
 * only ever added, never renamed; a client treats one it does not know as "not eligible".
 */
export const reasonCodes = ['REP_INACTIVE', 'CERT_MISSING', 'CERT_EXPIRED', 'CERT_SUSPENDED', 'CERT_REVOKED', 'PRACTICAL_PENDING', 'RETRAINING_DUE'] as const
export type ReasonCode = (typeof reasonCodes)[number]
export type ReasonDetail = { code: ReasonCode; certification?: string; since?: string; message: string }

export type EligibilityDecision = {
	employeeId: string
	workType: string
	at: string
	eligible: boolean
	validUntil: string | null
	requirements: RequirementResult[]
	reasons: string[]
	reasonDetails: ReasonDetail[]
}

export type DecisionInput = {
	employeeId: string
	/** Oldest first. */
	employment: readonly EmploymentSpan[]
	workType: string
	requirements: Array<{ certification: string; windowDays: number; awards: AwardHistory[]; pendingPractical?: PendingPractical; retraining?: OpenRetraining[] }>
	at: Date
}

const day = (date: Date) => date.toISOString().slice(0, 10)

function reasonFor({ certification, status, expiresAt, withdrawnSince }: RequirementResult & { withdrawnSince: Date | null }): ReasonDetail | null {
	const since = withdrawnSince ? { since: withdrawnSince.toISOString() } : {}
	switch (status) {
		case 'missing':
			return { code: 'CERT_MISSING', certification, message: `${certification} has never been awarded` }
		case 'expired':
			return { code: 'CERT_EXPIRED', certification, since: expiresAt!, message: `${certification} expired on ${expiresAt!.slice(0, 10)}` }
		case 'suspended':
			return { code: 'CERT_SUSPENDED', certification, ...since, message: `${certification} is suspended${withdrawnSince ? ` since ${day(withdrawnSince)}` : ''}` }
		case 'revoked':
			return { code: 'CERT_REVOKED', certification, ...since, message: `${certification} was revoked${withdrawnSince ? ` on ${day(withdrawnSince)}` : ''}` }
		default:
			return null
	}
}

/** Training for the certification was done by `at` and is still fresh then; only the observed practical is missing. */
function practicalPendingReason(certification: string, pending: PendingPractical | undefined, at: Date): ReasonDetail | null {
	if (!pending || pending.trainingCompletedAt.getTime() > at.getTime() || pending.lapsesAt.getTime() <= at.getTime()) return null
	const since = pending.trainingCompletedAt
	return { code: 'PRACTICAL_PENDING', certification, since: since.toISOString(), message: `${certification} awaits a practical assessment (training completed on ${day(since)})` }
}

/** Retraining on the award in force whose deadline has passed by `at`: the award no longer counts. */
function overdueRetraining(certification: string, owed: OpenRetraining[], at: Date): ReasonDetail[] {
	return owed
		.filter((r) => r.deadline.getTime() <= at.getTime())
		.map((r) => ({
			code: 'RETRAINING_DUE' as const,
			certification,
			since: r.deadline.toISOString(),
			message: `${certification} needs retraining on ${r.moduleId}: it changed materially on ${day(r.dueSince)} and the retraining was due by ${day(r.deadline)}`,
		}))
}

/** Why the person is not employed at `at`: they left (the last period that ended by then), or they had not started. */
function inactiveReason(employeeId: string, employment: readonly EmploymentSpan[], at: Date): ReasonDetail {
	const lastEnd = employment
		.map((period) => period.endedAt)
		.filter((end): end is Date => end !== null && end.getTime() <= at.getTime())
		.at(-1)
	if (lastEnd) return { code: 'REP_INACTIVE', since: lastEnd.toISOString(), message: `${employeeId} left the company on ${day(lastEnd)}` }
	const firstStart = employment[0]?.startedAt
	return { code: 'REP_INACTIVE', message: firstStart ? `${employeeId} was not yet employed on ${day(at)} (employed from ${day(firstStart)})` : `${employeeId} has no employment on record` }
}

/**
 * Whether a person may do a kind of work at instant `at`: employed then, every certification the
 * work type requires valid or expiring then, and no retraining on those awards past its deadline.
 * Every ineligibility gets a plain-words reason and the same reason as a code. `validUntil` is the
 * first instant the answer would change on its own: an expiry or a retraining deadline.
 */
export function decideEligibility({ employeeId, employment, workType, requirements, at }: DecisionInput): EligibilityDecision {
	const details: ReasonDetail[] = []
	const active = employedAt(employment, at)
	if (!active) details.push(inactiveReason(employeeId, employment, at))
	const limits: string[] = []
	let retrainingOverdue = false
	const results = requirements.map(({ certification, windowDays, awards, pendingPractical, retraining = [] }) => {
		const state = certificationStatusAt({ awards, windowDays }, at)
		const result: RequirementResult = { certification, status: state.status, expiresAt: state.expiresAt?.toISOString() ?? null }
		if (result.expiresAt) limits.push(result.expiresAt)
		const reason = reasonFor({ ...result, withdrawnSince: state.withdrawnSince })
		if (reason) details.push(reason)
		// Missing or expired because only the practical is outstanding: say so beside the status.
		const pending = reason && (state.status === 'missing' || state.status === 'expired') ? practicalPendingReason(certification, pendingPractical, at) : null
		if (pending) details.push(pending)
		if (isEligibleStatus(state.status) && state.award) {
			// Owed on the award in force and not yet done at `at` (a check for a past date sees what was owed then).
			const owed = retraining.filter((r) => r.awardId === state.award!.id && (r.closedAt === null || r.closedAt.getTime() > at.getTime()))
			const overdue = overdueRetraining(certification, owed, at)
			details.push(...overdue)
			retrainingOverdue ||= overdue.length > 0
			limits.push(...owed.filter((r) => r.deadline.getTime() > at.getTime()).map((r) => r.deadline.toISOString()))
		}
		return result
	})
	const eligible = active && !retrainingOverdue && results.every((r) => isEligibleStatus(r.status))
	return { employeeId, workType, at: at.toISOString(), eligible, validUntil: eligible ? (limits.sort()[0] ?? null) : null, requirements: results, reasons: details.map((d) => d.message), reasonDetails: details }
}
