import { prisma, type Db, type DbTransaction } from '#app/utils/db.server.ts'
import { asAwardChanges, type AwardHistory } from './status.ts'

type Reader = Db | DbTransaction

/** A person's awards with their status changes, grouped by certification, in one query. */
export async function awardHistoriesByCertification(personId: string, db: Reader = prisma, certificationCodes?: string[]) {
	const awards = await db.certificationAward.findMany({
		where: { personId, ...(certificationCodes ? { certificationCode: { in: certificationCodes } } : {}) },
		// Ties broken by id, so that the status function and the readiness read model read one order.
		orderBy: [{ issuedAt: 'asc' }, { id: 'asc' }],
		select: { id: true, certificationCode: true, issuedAt: true, expiresAt: true, changes: { select: { kind: true, at: true }, orderBy: [{ at: 'asc' }, { id: 'asc' }] } },
	})
	const byCertification = new Map<string, AwardHistory[]>()
	for (const { certificationCode, ...award } of awards) {
		byCertification.set(certificationCode, [...(byCertification.get(certificationCode) ?? []), { ...award, changes: asAwardChanges(award.changes) }])
	}
	return byCertification
}

export async function awardHistories(personId: string, certificationCode: string, db: Reader = prisma): Promise<AwardHistory[]> {
	return (await awardHistoriesByCertification(personId, db, [certificationCode])).get(certificationCode) ?? []
}
