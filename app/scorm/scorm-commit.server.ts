import { z } from 'zod'
import { appendAuditEvent } from '#app/audit/audit-log.server.ts'
import { type OnModuleCompleted } from '#app/learning/module-progress.server.ts'
import { prisma, type Db, type DbTransaction } from '#app/utils/db.server.ts'
import { type ScormManifest } from './manifest.server.ts'
import { visibleScos } from './organization.ts'
import { readStoredManifest } from './package-store.server.ts'
import { ownedAttempt, ScormNotFoundError } from './scorm-attempts.server.ts'
import { cmiValue, durationSeconds, packageOutcome, scoOutcome, scormFamily, type Cmi, type CompletionRule, type ScoOutcome, type ScormFamily, type Success } from './tracking.ts'

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

export type CommitResult = { applied: boolean; completion: string; success: string; satisfied: boolean }

function checkLimits(cmi: Cmi, family: ScormFamily) {
	const suspendData = cmiValue(cmi, 'suspend_data')
	if (suspendData.length > SUSPEND_DATA_LIMIT) throw new ScormCommitRejectedError(`suspend_data has ${suspendData.length} characters; the limit is ${SUSPEND_DATA_LIMIT}`)
	const location = cmiValue(cmi, family === '1.2' ? 'core.lesson_location' : 'location')
	if (location.length > 1000) throw new ScormCommitRejectedError(`the location has ${location.length} characters; the limit is 1000`)
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

/** The whole package's standing, recomputed from every visible SCO's latest state. */
async function refreshAttempt(tx: DbTransaction, { attemptId, manifest, rule, at }: { attemptId: string; manifest: ScormManifest; rule: CompletionRule; at: Date }) {
	const states = new Map((await tx.scormScoState.findMany({ where: { attemptId }, select: { scoId: true, completionStatus: true, successStatus: true, scoreRaw: true, scoreScaled: true } })).map((s) => [s.scoId, s]))
	const tracked = visibleScos(manifest).map(({ item }) => {
		const state = states.get(item.identifier)
		const outcome = state ? ({ completion: state.completionStatus, success: state.successStatus, scoreRaw: state.scoreRaw, scoreScaled: state.scoreScaled } as ScoOutcome) : null
		return { criteria: item, outcome }
	})
	const outcome = packageOutcome(tracked, rule)
	const time = await tx.scormLaunch.aggregate({ where: { attemptId }, _sum: { sessionSeconds: true } })
	await tx.scormAttempt.update({
		where: { id: attemptId },
		data: { completionStatus: outcome.completion, successStatus: outcome.success, scoreScaled: outcome.scoreScaled, totalSeconds: time._sum.sessionSeconds ?? 0, updatedAt: at },
	})
	return outcome
}

async function completeModule(tx: DbTransaction, { attempt, personId, at, onCompleted }: { attempt: { id: string; moduleVersionId: string; moduleId: string }; personId: string; at: Date; onCompleted?: OnModuleCompleted }) {
	const claimed = await tx.scormAttempt.updateMany({ where: { id: attempt.id, satisfiedAt: null }, data: { satisfiedAt: at } })
	if (claimed.count !== 1) return
	const completion = await tx.moduleCompletion.create({ data: { personId, moduleId: attempt.moduleId, moduleVersionId: attempt.moduleVersionId, source: 'scorm', completedAt: at }, select: { id: true } })
	await appendAuditEvent(tx, {
		actor: { type: 'person', id: personId },
		action: 'module.completed',
		subject: { type: 'module_completion', id: completion.id },
		details: { moduleId: attempt.moduleId, moduleVersionId: attempt.moduleVersionId, source: 'scorm', scormAttemptId: attempt.id },
		at,
	})
	if (onCompleted) await onCompleted(tx, { personId, moduleId: attempt.moduleId, at })
}

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
		await tx.scormScoState.update({
			where: { attemptId_scoId: current },
			data: {
				totalSeconds: scoSeconds,
				interactionCount,
				...(outcome
					? { cmi: JSON.stringify(commit.cmi), appliedLaunch: launch.ordinal, appliedSequence: commit.sequence, terminated: commit.finished, completionStatus: outcome.completion, successStatus: outcome.success, scoreRaw: outcome.scoreRaw, scoreScaled: outcome.scoreScaled, updatedAt: at }
					: {}),
			},
		})
		const standing = await refreshAttempt(tx, { attemptId, manifest, rule: attempt.completionRule as CompletionRule, at })
		if (standing.satisfied && attempt.satisfiedAt === null) {
			await completeModule(tx, { attempt, personId, at, onCompleted })
		}
		return { applied, completion: standing.completion, success: standing.success, satisfied: standing.satisfied }
	})
}
