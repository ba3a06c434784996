import { prisma, type Db } from '#app/utils/db.server.ts'

type Interaction = { id: string; type: string; response: string; result: string }

/** Each SCORM learning attempt of a person, as their manager sees it: status, score, time and what they answered. Previews are not the person's training. */
export async function scormAttemptsForPerson(personId: string, db: Db = prisma) {
	const attempts = await db.scormAttempt.findMany({
		where: { personId, purpose: 'learning' },
		orderBy: { startedAt: 'desc' },
		select: {
			id: true,
			moduleId: true,
			moduleVersionId: true,
			startedAt: true,
			updatedAt: true,
			completionStatus: true,
			successStatus: true,
			scoreScaled: true,
			totalSeconds: true,
			satisfiedAt: true,
			scos: { select: { scoId: true, completionStatus: true, successStatus: true, scoreRaw: true, totalSeconds: true, launchCount: true } },
			launches: { orderBy: { startedAt: 'asc' }, select: { scoId: true, interactions: true } },
		},
	})
	const versions = new Map(
		(await db.moduleVersion.findMany({ where: { id: { in: attempts.map((a) => a.moduleVersionId) } }, select: { id: true, title: true, version: true } })).map((v) => [v.id, v]),
	)
	return attempts.map(({ launches, moduleVersionId, ...attempt }) => {
		const interactions = launches.flatMap((launch) => (JSON.parse(launch.interactions) as Interaction[]).map((interaction) => ({ scoId: launch.scoId, ...interaction })))
		return { ...attempt, title: versions.get(moduleVersionId)?.title ?? attempt.moduleId, version: versions.get(moduleVersionId)?.version ?? null, interactions }
	})
}
