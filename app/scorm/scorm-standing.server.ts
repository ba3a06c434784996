import { appendAuditEvent } from '#app/audit/audit-log.server.ts'
import { type OnModuleCompleted } from '#app/learning/module-progress.server.ts'
import { type DbTransaction } from '#app/utils/db.server.ts'
import { type ScormManifest } from './manifest.server.ts'
import { visibleScos } from './organization.ts'
import { finishedTooFast, minutesTaken } from './plausible-time.ts'
import { packageOutcome, satisfiesRule, scormFamily, type Completion, type CompletionRule, type ScoOutcome, type Success } from './tracking.ts'

export type StandingAttempt = { id: string; personId: string; moduleId: string; moduleVersionId: string; purpose: string; completionRule: string; satisfiedAt: Date | null; startedAt: Date }

export type Standing = { completion: Completion; success: Success; scoreScaled: number | null; satisfied: boolean }

/**
 * SCORM 1.2 has no rollup of its own: the package stands as its visible SCOs do. In SCORM 2004 the
 * sequencing engine rolls the activity tree up to the root, and its verdict was stored with the
 * last sequencing save; a SCO's commit alone never changes it.
 */
async function packageStanding(tx: DbTransaction, { attempt, manifest }: { attempt: StandingAttempt; manifest: ScormManifest }): Promise<Omit<Standing, 'satisfied'>> {
	if (scormFamily(manifest.version) === '2004') {
		const stored = await tx.scormAttempt.findUniqueOrThrow({ where: { id: attempt.id }, select: { completionStatus: true, successStatus: true, scoreScaled: true } })
		return { completion: stored.completionStatus as Completion, success: stored.successStatus as Success, scoreScaled: stored.scoreScaled }
	}
	const states = new Map((await tx.scormScoState.findMany({ where: { attemptId: attempt.id }, select: { scoId: true, completionStatus: true, successStatus: true, scoreRaw: true, scoreScaled: true } })).map((s) => [s.scoId, s]))
	const tracked = visibleScos(manifest).map(({ item }) => {
		const state = states.get(item.identifier)
		const outcome = state ? ({ completion: state.completionStatus, success: state.successStatus, scoreRaw: state.scoreRaw, scoreScaled: state.scoreScaled } as ScoOutcome) : null
		return { criteria: item, outcome }
	})
	return packageOutcome(tracked)
}

async function completeModule(tx: DbTransaction, { attempt, at, onCompleted }: { attempt: StandingAttempt; at: Date; onCompleted?: OnModuleCompleted }) {
	const { minimumMinutes } = await tx.moduleVersion.findUniqueOrThrow({ where: { id: attempt.moduleVersionId }, select: { minimumMinutes: true } })
	const tooFast = minimumMinutes !== null && finishedTooFast({ startedAt: attempt.startedAt, at, minimumMinutes })
	const claimed = await tx.scormAttempt.updateMany({ where: { id: attempt.id, satisfiedAt: null }, data: { satisfiedAt: at, ...(tooFast ? { review: 'needed' } : {}) } })
	if (claimed.count !== 1) return
	if (!tooFast) return recordScormCompletion(tx, { attempt, completedAt: at, at, onCompleted })
	await appendAuditEvent(tx, {
		actor: { type: 'person', id: attempt.personId },
		action: 'scorm.completion_held',
		subject: { type: 'scorm_attempt', id: attempt.id },
		details: { moduleId: attempt.moduleId, moduleVersionId: attempt.moduleVersionId, startedAt: attempt.startedAt.toISOString(), minutesTaken: minutesTaken({ startedAt: attempt.startedAt, finishedAt: at }), minimumMinutes },
		at,
	})
}

/** The module completion a satisfied (or, after review, accepted) learning attempt earns, and what follows from it. */
export async function recordScormCompletion(tx: DbTransaction, { attempt, completedAt, at, onCompleted }: { attempt: Pick<StandingAttempt, 'id' | 'personId' | 'moduleId' | 'moduleVersionId'>; completedAt: Date; at: Date; onCompleted?: OnModuleCompleted }) {
	const { personId } = attempt
	const completion = await tx.moduleCompletion.create({ data: { personId, moduleId: attempt.moduleId, moduleVersionId: attempt.moduleVersionId, source: 'scorm', completedAt }, select: { id: true } })
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
 * Recomputes an attempt's standing and time after anything changed it. When an attempt first
 * meets its module's completion rule it is marked satisfied; a learning attempt also completes the
 * module (and certifications are re-evaluated through `onCompleted`) in the same transaction. A
 * preview never completes anything.
 */
export async function refreshStanding(tx: DbTransaction, { attempt, manifest, at, onCompleted }: { attempt: StandingAttempt; manifest: ScormManifest; at: Date; onCompleted?: OnModuleCompleted }): Promise<Standing> {
	const outcome = await packageStanding(tx, { attempt, manifest })
	const satisfied = satisfiesRule(outcome, attempt.completionRule as CompletionRule)
	const time = await tx.scormLaunch.aggregate({ where: { attemptId: attempt.id }, _sum: { sessionSeconds: true } })
	await tx.scormAttempt.update({
		where: { id: attempt.id },
		data: { completionStatus: outcome.completion, successStatus: outcome.success, scoreScaled: outcome.scoreScaled, totalSeconds: time._sum.sessionSeconds ?? 0, updatedAt: at },
	})
	if (satisfied && attempt.satisfiedAt === null) {
		if (attempt.purpose === 'learning') await completeModule(tx, { attempt, at, onCompleted })
		else await tx.scormAttempt.updateMany({ where: { id: attempt.id, satisfiedAt: null }, data: { satisfiedAt: at } })
	}
	return { ...outcome, satisfied }
}
