import { prisma, type Db } from '#app/utils/db.server.ts'

/** A person's employment periods, oldest first, with who recorded each end and why. */
export async function employmentHistoryForPerson(personId: string, db: Db = prisma) {
	const periods = await db.employmentPeriod.findMany({
		where: { personId },
		orderBy: { startedAt: 'asc' },
		select: { id: true, startedAt: true, endedAt: true, startedById: true, startReason: true, endedById: true, endReason: true },
	})
	const recorderIds = [...new Set(periods.flatMap((p) => [p.startedById, p.endedById]).filter((id): id is string => id !== null))]
	const names = new Map((await db.person.findMany({ where: { id: { in: recorderIds } }, select: { id: true, name: true } })).map((p) => [p.id, p.name]))
	const recorder = (id: string | null) => (id === null ? 'FieldReady' : (names.get(id) ?? 'unknown'))
	return periods.map((p) => ({
		id: p.id,
		startedAt: p.startedAt,
		endedAt: p.endedAt,
		startReason: p.startReason,
		startedBy: recorder(p.startedById),
		endReason: p.endReason,
		endedBy: p.endedAt ? recorder(p.endedById) : null,
	}))
}
