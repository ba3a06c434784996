import { asAwardChanges } from '#app/certification/status.ts'
import { type Db, type DbTransaction } from '#app/utils/db.server.ts'
import { certificationPeriods } from './certification-periods.ts'

/**
 * Rewrites the read model for one person's certification from its awards and status changes.
 * Call it in the transaction that changes them, so readiness never sees one without the other,
 * and after the audit event: appending that serialises writers, so two changes to one
 * certification cannot rewrite its periods at the same time.
 */
export async function refreshCertificationPeriods(tx: DbTransaction | Db, pair: { personId: string; certificationCode: string }) {
	const awards = await tx.certificationAward.findMany({
		where: pair,
		orderBy: [{ issuedAt: 'asc' }, { id: 'asc' }],
		select: { id: true, issuedAt: true, expiresAt: true, changes: { orderBy: [{ at: 'asc' }, { id: 'asc' }], select: { kind: true, at: true } } },
	})
	const periods = certificationPeriods(awards.map((award) => ({ ...award, changes: asAwardChanges(award.changes) })))
	await tx.certificationPeriod.deleteMany({ where: pair })
	await tx.certificationPeriod.createMany({ data: periods.map((period) => ({ ...pair, ...period })) })
}
