import { startOfUtcDay } from '#app/utils/dates.ts'
import { type DbTransaction } from '#app/utils/db.server.ts'


/**
 * The practical that counts for a certification: the latest one observed on or after the day
 * `since` falls on (assessments record a day, not an instant), if it found the person competent.
 * A later "not yet competent" supersedes an earlier "competent".
 */
export async function competentPracticalSince({ personId, certificationCode, since, at }: { personId: string; certificationCode: string; since: Date; at: Date }, tx: DbTransaction) {
	const latest = await tx.practicalAssessment.findFirst({
		where: { personId, certificationCode, performedOn: { gte: startOfUtcDay(since), lte: at } },
		orderBy: [{ performedOn: 'desc' }, { recordedAt: 'desc' }],
		select: { id: true, outcome: true },
	})
	return latest?.outcome === 'competent' ? { id: latest.id } : null
}

/** Training done, practical not: the person now awaits an assessment, until the training goes stale at `lapsesAt`. */
export async function markPracticalPending(tx: DbTransaction, { personId, certificationCode, trainingCompletedAt, lapsesAt }: { personId: string; certificationCode: string; trainingCompletedAt: Date; lapsesAt: Date }) {
	const fields = { trainingCompletedAt, lapsesAt }
	await tx.pendingPractical.upsert({ where: { personId_certificationCode: { personId, certificationCode } }, create: { personId, certificationCode, ...fields }, update: fields })
}

export async function clearPracticalPending(tx: DbTransaction, { personId, certificationCode }: { personId: string; certificationCode: string }) {
	await tx.pendingPractical.deleteMany({ where: { personId, certificationCode } })
}
