import { z } from 'zod'
import { prisma, type Db } from '#app/utils/db.server.ts'
import { wholeMinutesTaken } from './plausible-time.ts'

type Interaction = { id: string; type: string; response: string; result: string }

/** How many of one part's interactions the person page shows at a time: a part may record 250 in each session (COLLECTION_LIMITS), too many for one page. */
export const INTERACTIONS_PER_PAGE = 25

/**
 * Which part's interactions are paged, and to which page: `<attemptId>:<scoId>:<page>`. The SCO
 * identifier comes from the package's manifest, so it may hold a colon; an attempt ID never does, and
 * the page is last. Anything else (and a page past the end, below) shows every part from its first page.
 */
const interactionsPageSchema = z
	.string()
	.max(500)
	.regex(/^[^:]+:.+:[1-9]\d{0,4}$/)
	.transform((value) => {
		const first = value.indexOf(':')
		const last = value.lastIndexOf(':')
		return { attemptId: value.slice(0, first), scoId: value.slice(first + 1, last), page: Number(value.slice(last + 1)) }
	})
	.nullable()
	.catch(null)

type InteractionsPage = z.infer<typeof interactionsPageSchema>

/** One page of a part's interactions (all its sessions, in order), numbered from 1 across the part, and the values that page to its neighbours. */
function pageOfPart({ attemptId, scoId, all, requested }: { attemptId: string; scoId: string; all: Interaction[]; requested: InteractionsPage }) {
	const pageCount = Math.max(1, Math.ceil(all.length / INTERACTIONS_PER_PAGE))
	const paged = requested?.attemptId === attemptId && requested.scoId === scoId
	const page = paged && requested.page <= pageCount ? requested.page : 1
	const start = (page - 1) * INTERACTIONS_PER_PAGE
	const rows = all.slice(start, start + INTERACTIONS_PER_PAGE).map((interaction, index) => ({ number: start + index + 1, ...interaction }))
	const pageValue = (target: number) => `${attemptId}:${scoId}:${target}`
	return { scoId, total: all.length, page, pageCount, from: start + 1, to: start + rows.length, rows, previous: page > 1 ? pageValue(page - 1) : null, next: page < pageCount ? pageValue(page + 1) : null, paged }
}

/**
 * Each SCORM learning attempt of a person, as their manager sees it: status, score, time and what
 * they answered. Previews are not the person's training. Interactions come a page of each part at a
 * time, so an attempt at the collection limits stays small: `interactionsPage` (the person page's
 * search parameter, unchecked) picks another page of one part.
 */
export async function scormAttemptsForPerson(personId: string, { interactionsPage }: { interactionsPage?: string | null } = {}, db: Db = prisma) {
	const requested = interactionsPageSchema.parse(interactionsPage ?? null)
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
		const byPart = new Map<string, Interaction[]>()
		for (const launch of launches) {
			const all = byPart.get(launch.scoId) ?? []
			all.push(...(JSON.parse(launch.interactions) as Interaction[]))
			byPart.set(launch.scoId, all)
		}
		const parts = [...byPart].filter(([, all]) => all.length > 0).map(([scoId, all]) => pageOfPart({ attemptId: attempt.id, scoId, all, requested }))
		const version = versions.get(moduleVersionId)
		const minutesTaken = attempt.satisfiedAt ? wholeMinutesTaken({ startedAt: attempt.startedAt, finishedAt: attempt.satisfiedAt }) : null
		return {
			...attempt,
			title: version?.title ?? attempt.moduleId,
			version: version?.version ?? null,
			interactions: { total: parts.reduce((sum, part) => sum + part.total, 0), parts },
			review: review ? { state: review as 'needed' | 'accepted' | 'rejected', minutesTaken, minimumMinutes: version?.minimumMinutes ?? null, by: reviewedById ? (reviewers.get(reviewedById) ?? null) : null, at: reviewedAt, reason: reviewReason } : null,
		}
	})
}
