import { certificationStatusAt, isEligibleStatus, type AwardHistory, type CertificationStatus } from '#app/certification/status.ts'

export type RequirementResult = { certification: string; status: CertificationStatus; expiresAt: string | null }

export type EligibilityDecision = {
	employeeId: string
	workType: string
	at: string
	eligible: boolean
	validUntil: string | null
	requirements: RequirementResult[]
	reasons: string[]
}

export type DecisionInput = {
	employeeId: string
	leftAt: Date | null
	workType: string
	requirements: Array<{ certification: string; windowDays: number; awards: AwardHistory[] }>
	at: Date
}

const day = (date: Date) => date.toISOString().slice(0, 10)

function reasonFor(requirement: RequirementResult, withdrawnAt: Date | null): string | null {
	switch (requirement.status) {
		case 'missing':
			return `${requirement.certification} has never been awarded`
		case 'expired':
			return `${requirement.certification} expired on ${requirement.expiresAt!.slice(0, 10)}`
		case 'revoked':
			return `${requirement.certification} was revoked${withdrawnAt ? ` on ${day(withdrawnAt)}` : ''}`
		default:
			return null
	}
}

/**
 * Whether a person may do a kind of work at instant `at`: active then, and every certification
 * the work type requires valid or expiring then. Every ineligibility gets a plain-words reason.
 */
export function decideEligibility({ employeeId, leftAt, workType, requirements, at }: DecisionInput): EligibilityDecision {
	const reasons: string[] = []
	const active = leftAt === null || leftAt.getTime() > at.getTime()
	if (!active) reasons.push(`${employeeId} left the company on ${day(leftAt!)}`)
	const results = requirements.map(({ certification, windowDays, awards }) => {
		const state = certificationStatusAt({ awards, windowDays }, at)
		const result: RequirementResult = { certification, status: state.status, expiresAt: state.expiresAt?.toISOString() ?? null }
		const withdrawnAt = state.status === 'revoked' ? (state.award!.changes.filter((c) => c.at <= at).at(-1)?.at ?? null) : null
		const reason = reasonFor(result, withdrawnAt)
		if (reason) reasons.push(reason)
		return result
	})
	const eligible = active && results.every((r) => isEligibleStatus(r.status))
	const expiries = results.map((r) => r.expiresAt!).sort()
	return { employeeId, workType, at: at.toISOString(), eligible, validUntil: eligible ? (expiries[0] ?? null) : null, requirements: results, reasons }
}
