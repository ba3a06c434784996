import { newCheckIds } from '#app/eligibility/check-ids.server.ts'
import { type EvidenceRow } from '#app/eligibility/evidence.server.ts'

/** Evidence rows for one person as the writer receives them: alternately eligible, each answer naming its check. */
export function evidenceRows(count: number, { personId, apiClientId = 'client-1', checkedAt = new Date(), padding = 0 }: { personId: string; apiClientId?: string; checkedAt?: Date; padding?: number }): EvidenceRow[] {
	return newCheckIds(count, checkedAt).map((id, i) => ({
		id,
		apiClientId,
		batchId: null,
		employeeId: `E-${i}`,
		personId,
		workTypeCode: 'PATCH_APPLICATION',
		at: checkedAt,
		checkedAt,
		eligible: i % 2 === 0,
		response: JSON.stringify({ checkId: id, n: i, padding: 'x'.repeat(padding) }),
		reliedOn: '{"awardIds":["a-1"]}',
	}))
}
