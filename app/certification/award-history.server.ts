import { prisma, type Db } from '#app/utils/db.server.ts'

/** Every award a person has held, newest first, with revocations and reinstatements and who decided. */
export async function awardHistoryForPerson(personId: string, db: Db = prisma) {
	const awards = await db.certificationAward.findMany({
		where: { personId },
		orderBy: [{ certificationCode: 'asc' }, { issuedAt: 'desc' }],
		select: {
			id: true,
			certificationCode: true,
			issuedAt: true,
			expiresAt: true,
			source: true,
			evidenceNote: true,
			evidenceFile: { select: { sha256: true, fileName: true } },
			renewsAwardId: true,
			changes: { orderBy: { at: 'asc' }, select: { kind: true, reason: true, at: true, actorId: true } },
		},
	})
	const actorIds = [...new Set(awards.flatMap((a) => a.changes.map((c) => c.actorId)))]
	const actors = new Map((await db.person.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } })).map((p) => [p.id, p.name]))
	return awards.map((award) => ({ ...award, changes: award.changes.map((c) => ({ kind: c.kind, reason: c.reason, at: c.at, by: actors.get(c.actorId) ?? 'unknown' })) }))
}
