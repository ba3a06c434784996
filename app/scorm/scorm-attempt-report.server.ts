import { prisma, type Db } from '#app/utils/db.server.ts'
import { wholeMinutesTaken } from './plausible-time.ts'

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
			review: true,
			reviewedAt: true,
			reviewReason: true,
			reviewedById: true,
			scos: { select: { scoId: true, completionStatus: true, successStatus: true, scoreRaw: true, totalSeconds: true, launchCount: true } },
			launches: { orderBy: { startedAt: 'asc' }, select: { scoId: true, interactions: true } },
		},
	})
	const versions = new Map(
		(await db.moduleVersion.findMany({ where: { id: { in: attempts.map((a) => a.moduleVersionId) } }, select: { id: true, title: true, version: true, minimumMinutes: true } })).map((v) => [v.id, v]),
	)
	const reviewers = new Map((await db.person.findMany({ where: { id: { in: attempts.flatMap((a) => (a.reviewedById ? [a.reviewedById] : [])) } }, select: { id: true, name: true } })).map((p) => [p.id, p.name]))
	return attempts.map(({ launches, moduleVersionId, reviewedById, review, reviewedAt, reviewReason, ...attempt }) => {
		const interactions = launches.flatMap((launch) => (JSON.parse(launch.interactions) as Interaction[]).map((interaction) => ({ scoId: launch.scoId, ...interaction })))
		const version = versions.get(moduleVersionId)
		const minutesTaken = attempt.satisfiedAt ? wholeMinutesTaken({ startedAt: attempt.startedAt, finishedAt: attempt.satisfiedAt }) : null
		return {
			...attempt,
			title: version?.title ?? attempt.moduleId,
			version: version?.version ?? null,
			interactions,
			review: review ? { state: review as 'needed' | 'accepted' | 'rejected', minutesTaken, minimumMinutes: version?.minimumMinutes ?? null, by: reviewedById ? (reviewers.get(reviewedById) ?? null) : null, at: reviewedAt, reason: reviewReason } : null,
		}
	})
}
