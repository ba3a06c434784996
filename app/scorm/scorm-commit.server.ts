import { z } from 'zod'
import { type OnModuleCompleted } from '#app/learning/module-progress.server.ts'
import { lockPerson, prisma, type Db } from '#app/utils/db.server.ts'
import { readStoredManifest } from './package-store.server.ts'
import { ownedAttempt, ScormNotFoundError } from './scorm-attempts.server.ts'
import { refreshStanding } from './scorm-standing.server.ts'
import { cmiValue, durationSeconds, scoOutcome, scormFamily, type Cmi, type Completion, type ScoOutcome, type ScormFamily, type Success } from './tracking.ts'

/** SCORM 2004's limit, applied to 1.2 too: authoring tools routinely exceed 1.2's 4,096. */
export const SUSPEND_DATA_LIMIT = 64_000

export const scormCommitSchema = z.object({
	launchId: z.string().min(1).max(64),
	sequence: z.number().int().min(1),
	finished: z.boolean().default(false),
	cmi: z.record(z.string(), z.unknown()),
})
export type ScormCommit = z.infer<typeof scormCommitSchema>

export class ScormCommitRejectedError extends Error {
	override name = 'ScormCommitRejectedError'
}

export type CommitResult = { applied: boolean; completion: string; success: string; satisfied: boolean; item: { id: string; completion: Completion; success: Success } }

/**
 * How many entries a collection may hold: SCORM 2004 (4th edition) requires an LMS to keep at
 * least these (its smallest permitted maxima), and so do we, for 1.2 as well; more is refused, so
 * that one SCO cannot make every later commit, and the manager's person page, slow.
 */
export const COLLECTION_LIMITS = { interactions: 250, objectives: 100, comments_from_learner: 250 } as const

const entriesOf = (value: unknown) => (value && typeof value === 'object' ? Object.values(value).filter((entry) => entry && typeof entry === 'object').length : 0)

function checkLimits(cmi: Cmi, family: ScormFamily) {
	const suspendData = cmiValue(cmi, 'suspend_data')
	if (suspendData.length > SUSPEND_DATA_LIMIT) throw new ScormCommitRejectedError(`suspend_data has ${suspendData.length} characters; the limit is ${SUSPEND_DATA_LIMIT}`)
	const location = cmiValue(cmi, family === '1.2' ? 'core.lesson_location' : 'location')
	if (location.length > 1000) throw new ScormCommitRejectedError(`the location has ${location.length} characters; the limit is 1000`)
	for (const [collection, limit] of Object.entries(COLLECTION_LIMITS)) {
		const count = entriesOf(cmi[collection])
		if (count > limit) throw new ScormCommitRejectedError(`cmi.${collection} has ${count} entries; the limit is ${limit}`)
	}
}

type Interaction = { id: string; type: string; response: string; result: string }

function interactionsOf(cmi: Cmi, family: ScormFamily): Interaction[] {
	const list = cmi.interactions
	if (!list || typeof list !== 'object') return []
	return Object.values(list as Record<string, Cmi>)
		.filter((entry) => entry && typeof entry === 'object')
		.map((entry) => ({
			id: cmiValue(entry, 'id'),
			type: cmiValue(entry, 'type'),
			response: cmiValue(entry, family === '1.2' ? 'student_response' : 'learner_response'),
			result: cmiValue(entry, 'result'),
		}))
}

/**
 * Reviewing a finished part must not undo it: completion stays once reached, and a result stays
 * until a later session reports a new one.
 */
function keepAchievements(outcome: ScoOutcome, earlier: { completionStatus: string; successStatus: string }): ScoOutcome {
	return {
		...outcome,
		completion: earlier.completionStatus === 'completed' ? 'completed' : outcome.completion,
		success: outcome.success === 'unknown' ? (earlier.successStatus as Success) : outcome.success,
	}
}

const isNewer = (launch: number, sequence: number, state: { appliedLaunch: number; appliedSequence: number }) =>
	launch > state.appliedLaunch || (launch === state.appliedLaunch && sequence > state.appliedSequence)

/**
 * Applies one commit from a SCO session. Commits are ordered by (launch, sequence): a duplicate
 * or a late one never overwrites newer state, though a late one's session time still counts.
 * When the package's completion rule is first met, the module is completed (and certifications
 * re-evaluated through `onCompleted`) in the same transaction.
 */
export async function commitScormState(
	{ personId, attemptId, commit, at, onCompleted }: { personId: string; attemptId: string; commit: ScormCommit; at: Date; onCompleted?: OnModuleCompleted },
	db: Db = prisma,
): Promise<CommitResult> {
	return db.$transaction(async (tx) => {
		// Commits of one person's attempts are applied one after another, each on what the last stored.
		await lockPerson(tx, personId)
		const attempt = await ownedAttempt({ attemptId, personId }, tx)
		const launch = await tx.scormLaunch.findUnique({ where: { id: commit.launchId }, select: { attemptId: true, scoId: true, ordinal: true, lastSequence: true } })
		if (!launch || launch.attemptId !== attemptId) throw new ScormNotFoundError('This SCORM session does not exist')
		const manifest = await readStoredManifest(attempt.packageId, tx)
		const family = scormFamily(manifest.version)
		checkLimits(commit.cmi, family)
		const item = manifest.scos.find((sco) => sco.item.identifier === launch.scoId)!.item
		const current = { attemptId, scoId: launch.scoId }

		if (commit.sequence > launch.lastSequence) {
			const sessionSeconds = durationSeconds(cmiValue(commit.cmi, family === '1.2' ? 'core.session_time' : 'session_time'), family)
			const interactions = interactionsOf(commit.cmi, family)
			await tx.scormLaunch.update({
				where: { id: commit.launchId },
				data: { lastSequence: commit.sequence, lastCommitAt: at, commitCount: { increment: 1 }, sessionSeconds, interactions: JSON.stringify(interactions) },
			})
		}
		const state = await tx.scormScoState.findUniqueOrThrow({ where: { attemptId_scoId: current }, select: { appliedLaunch: true, appliedSequence: true, completionStatus: true, successStatus: true } })
		const applied = isNewer(launch.ordinal, commit.sequence, state)
		const launches = await tx.scormLaunch.findMany({ where: current, select: { sessionSeconds: true, interactions: true } })
		const scoSeconds = launches.reduce((sum, l) => sum + l.sessionSeconds, 0)
		const interactionCount = launches.reduce((sum, l) => sum + (JSON.parse(l.interactions) as unknown[]).length, 0)
		const outcome = applied ? keepAchievements(scoOutcome({ family, cmi: commit.cmi, criteria: item, finished: commit.finished }), state) : null
		const stored = await tx.scormScoState.update({
			where: { attemptId_scoId: current },
			data: {
				totalSeconds: scoSeconds,
				interactionCount,
				...(outcome
					? { cmi: JSON.stringify(commit.cmi), appliedLaunch: launch.ordinal, appliedSequence: commit.sequence, terminated: commit.finished, completionStatus: outcome.completion, successStatus: outcome.success, scoreRaw: outcome.scoreRaw, scoreScaled: outcome.scoreScaled, updatedAt: at }
					: {}),
			},
			select: { completionStatus: true, successStatus: true },
		})
		const standing = await refreshStanding(tx, { attempt: { ...attempt, personId }, manifest, at, onCompleted })
		return { applied, completion: standing.completion, success: standing.success, satisfied: standing.satisfied, item: { id: launch.scoId, completion: stored.completionStatus as Completion, success: stored.successStatus as Success } }
	})
}
