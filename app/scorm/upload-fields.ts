import { z } from 'zod'
import { minimumMinutesField } from './plausible-time.ts'
import { completionRules } from './tracking.ts'

/** The upload form's fields besides the file; shared by the form and the server. */
export const scormUploadFieldsSchema = z.object({
	moduleId: z
		.string({ error: 'Give the module an id.' })
		.trim()
		.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Use lowercase words joined by dashes, e.g. arc-flash-refresher.')
		.max(60),
	title: z.string({ error: 'Give the module a title.' }).trim().min(3, 'Use at least 3 characters.').max(120),
	summary: z.string().trim().max(400).optional(),
	estimatedMinutes: z.coerce.number({ error: 'Give the time in minutes.' }).int('Use whole minutes.').min(1).max(240),
	completion: z.enum(['auto', ...completionRules], { error: 'Choose a completion rule.' }),
	/** Empty: half the estimated time. */
	minimumMinutes: z.coerce
		.number({ error: 'Give the minimum time in whole minutes, or leave it empty.' })
		.int('Use whole minutes.')
		.min(minimumMinutesField.min, 'Use 0 or more minutes.')
		.max(minimumMinutesField.max, `Use at most ${minimumMinutesField.max} minutes.`)
		.optional(),
	/** Org unit codes the course is offered to (and the units below them); none: everyone. */
	audience: z.array(z.string().trim().min(1).max(40)).max(100, 'Choose at most 100 org units.').default([]),
})
export type ScormUploadFields = z.infer<typeof scormUploadFieldsSchema>
