import { appendAuditEvent } from '#app/audit/audit-log.server.ts'
import { completionReviewRefusal, type SessionUser } from '#app/auth/permissions.server.ts'
import { type OnModuleCompleted } from '#app/learning/module-progress.server.ts'
import { prisma, type Db } from '#app/utils/db.server.ts'
import { recordScormCompletion } from './scorm-standing.server.ts'

/** A review the rules refuse; the message is for the reviewer. */
export class CompletionReviewError extends Error {
	override name = 'CompletionReviewError'
}

export type ReviewDecision = 'accepted' | 'rejected'

/**
 * A manager's decision on a SCORM completion that came faster than its module's minimum plausible
 * time. Accepting records the module completion as of when the course was finished (certifications
 * follow); rejecting leaves the module to be done again in a new attempt. Either way the decision,
 * its reason and who made it are audited; nobody reviews their own.
 */
export async function reviewHeldCompletion(
	{ attemptId, personId, reviewer, decision, reason, at, onCompleted }: { attemptId: string; personId: string; reviewer: SessionUser; decision: ReviewDecision; reason: string; at: Date; onCompleted?: OnModuleCompleted },
	db: Db = prisma,
) {
	return db.$transaction(async (tx) => {
		const attempt = await tx.scormAttempt.findUnique({ where: { id: attemptId }, select: { id: true, personId: true, moduleId: true, moduleVersionId: true, satisfiedAt: true, review: true } })
		// Another person's attempt, reached from this person's page, is as unknown as a missing one.
		if (!attempt || attempt.personId !== personId) throw new CompletionReviewError('This person has no such course attempt.')
		const holder = await tx.person.findUniqueOrThrow({ where: { id: attempt.personId }, select: { orgUnit: { select: { path: true } } } })
		const refusal = completionReviewRefusal({ actor: reviewer, holder: { id: attempt.personId, orgUnitPath: holder.orgUnit.path } })
		if (refusal) throw new CompletionReviewError(refusal)
		const claimed = await tx.scormAttempt.updateMany({ where: { id: attemptId, review: 'needed' }, data: { review: decision, reviewedById: reviewer.id, reviewedAt: at, reviewReason: reason } })
		if (claimed.count !== 1) throw new CompletionReviewError(`This completion was already ${attempt.review === 'needed' ? 'reviewed' : attempt.review ?? 'counted without review'}.`)
		await appendAuditEvent(tx, {
			actor: { type: 'person', id: reviewer.id },
			action: decision === 'accepted' ? 'scorm.completion_accepted' : 'scorm.completion_rejected',
			subject: { type: 'scorm_attempt', id: attemptId },
			details: { personId: attempt.personId, moduleId: attempt.moduleId, moduleVersionId: attempt.moduleVersionId, reason },
			at,
		})
		if (decision === 'accepted') await recordScormCompletion(tx, { attempt, completedAt: attempt.satisfiedAt!, at, onCompleted })
		const { title } = await tx.moduleVersion.findUniqueOrThrow({ where: { id: attempt.moduleVersionId }, select: { title: true } })
		return { title }
	})
}

/** Course completions held until a manager accepts or rejects them: counted for the person page's navigation, without reading any attempt. */
export function heldCompletionCount(personId: string, db: Db = prisma) {
	return db.scormAttempt.count({ where: { personId, purpose: 'learning', review: 'needed' } })
}
