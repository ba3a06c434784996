import { z } from 'zod'
import { type OnModuleCompleted } from '#app/learning/module-progress.server.ts'
import { lockPerson, prisma, type Db } from '#app/utils/db.server.ts'
import { readStoredManifest } from './package-store.server.ts'
import { ownedAttempt } from './scorm-attempts.server.ts'
import { ScormCommitRejectedError } from './scorm-commit.server.ts'
import { refreshStanding, type Standing } from './scorm-standing.server.ts'
import { scormFamily } from './tracking.ts'

/** scorm-again's serialised engine state grows by about 3 KB per activity; this leaves room for courses of a thousand. */
export const SEQUENCING_STATE_LIMIT = 4_000_000

export const sequencingSaveSchema = z.object({
	sequence: z.number().int().min(1),
	state: z
		.string()
		.max(SEQUENCING_STATE_LIMIT)
		.refine((text) => {
			try {
				const parsed: unknown = JSON.parse(text)
				return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
			} catch {
				return false
			}
		}, 'is not the sequencing engine\'s JSON state'),
	root: z.object({
		completion: z.enum(['completed', 'incomplete', 'not attempted']),
		success: z.enum(['passed', 'failed', 'unknown']),
		scoreScaled: z.number().min(-1).max(1).nullable(),
	}),
})
export type SequencingSave = z.infer<typeof sequencingSaveSchema>

/**
 * Records the SCORM 2004 sequencing engine's state after a navigation, and takes the root
 * activity's rolled-up status as the package's standing: rollup rules, objectives and what counts
 * are the engine's to decide, as they were when the learner was told. Saves from one content
 * session are ordered by their sequence number, so a late one never overwrites a newer one.
 */
export async function saveSequencingState(
	{ personId, attemptId, contentSessionId, save, at, onCompleted }: { personId: string; attemptId: string; contentSessionId: string; save: SequencingSave; at: Date; onCompleted?: OnModuleCompleted },
	db: Db = prisma,
): Promise<Standing & { applied: boolean }> {
	return db.$transaction(async (tx) => {
		// Saves are ordered by reading the last one stored: one at a time per person.
		await lockPerson(tx, personId)
		const attempt = await ownedAttempt({ attemptId, personId }, tx)
		const manifest = await readStoredManifest(attempt.packageId, tx)
		if (scormFamily(manifest.version) !== '2004') throw new ScormCommitRejectedError('SCORM 1.2 packages have no sequencing state to save')
		const stored = await tx.scormAttempt.findUniqueOrThrow({ where: { id: attemptId }, select: { sequencingSavedBy: true, sequencingSequence: true } })
		const applied = stored.sequencingSavedBy !== contentSessionId || save.sequence > stored.sequencingSequence
		if (applied) {
			await tx.scormAttempt.update({
				where: { id: attemptId },
				data: {
					sequencingState: save.state,
					sequencingSavedBy: contentSessionId,
					sequencingSequence: save.sequence,
					completionStatus: save.root.completion,
					successStatus: save.root.success,
					scoreScaled: save.root.scoreScaled,
				},
			})
		}
		const standing = await refreshStanding(tx, { attempt, manifest, at, onCompleted })
		return { ...standing, applied }
	})
}
