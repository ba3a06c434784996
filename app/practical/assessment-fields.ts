import { z } from 'zod'

/** An observed practical: on a real work order, or on an exercise set up for it. */
export const assessmentSettings = ['work-order', 'exercise'] as const
export type AssessmentSetting = (typeof assessmentSettings)[number]
export const assessmentOutcomes = ['competent', 'not-yet-competent'] as const
export type AssessmentOutcome = (typeof assessmentOutcomes)[number]
export const itemResults = ['met', 'not-met'] as const

export const settingLabels: Record<AssessmentSetting, string> = { 'work-order': 'Work order', exercise: 'Exercise' }
export const outcomeLabels: Record<AssessmentOutcome, string> = { competent: 'Competent', 'not-yet-competent': 'Not yet competent' }

/** Assessments are recorded promptly: an observation older than this is not accepted. */
export const RECORDING_WINDOW_DAYS = 90

export type ChecklistItem = { id: string; text: string }
export type AssessedItem = ChecklistItem & { met: boolean }

/**
 * The assessor's form, shared by the server and the page. Each checklist item is a field
 * `items.<item id>` answered met or not met; which items must be there is the checklist's
 * business, checked against its version on the server.
 */
export const practicalAssessmentSchema = z
	.object({
		certificationCode: z.string({ error: 'Choose the certification assessed.' }).trim().min(1, 'Choose the certification assessed.'),
		performedOn: z.coerce.date({ error: 'Give the date the work was observed.' }),
		setting: z.enum(assessmentSettings, { error: 'Say whether this was a work order or an exercise.' }),
		reference: z.string({ error: 'Give the work order number or the exercise name.' }).trim().min(2, 'Give the work order number or the exercise name.').max(120),
		items: z.record(z.string(), z.enum(itemResults, { error: 'Mark this item met or not met.' })).default({}),
		outcome: z.enum(assessmentOutcomes, { error: 'Choose the outcome.' }),
		notes: z.string().trim().max(4000).default(''),
	})
	.refine((input) => input.outcome === 'competent' || input.notes.length >= 10, {
		path: ['notes'],
		message: 'Say what the person must work on before the next assessment (at least 10 characters).',
	})
export type PracticalAssessmentInput = z.infer<typeof practicalAssessmentSchema>
