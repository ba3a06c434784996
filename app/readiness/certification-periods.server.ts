import { awardHistories } from '#app/certification/award-histories.server.ts'
import { type Db, type DbTransaction } from '#app/utils/db.server.ts'
import { certificationPeriods } from './certification-periods.ts'

/**
 * Rewrites the read model for one person's certification from its awards and status changes.
 * Call it in the transaction that changes them, so readiness never sees one without the other,
 * and after the audit event: appending that serialises writers, so two changes to one
 * certification cannot rewrite its periods at the same time.
 */
export async function refreshCertificationPeriods(tx: DbTransaction | Db, pair: { personId: string; certificationCode: string }) {
	const periods = certificationPeriods(await awardHistories(pair.personId, pair.certificationCode, tx))
	await tx.certificationPeriod.deleteMany({ where: pair })
	await tx.certificationPeriod.createMany({ data: periods.map((period) => ({ ...pair, ...period })) })
}
