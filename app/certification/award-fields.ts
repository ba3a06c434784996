import { z } from 'zod'

/** Decisions on an award: suspend (temporary), revoke (final), reinstate (lift either). */
export const awardActions = ['suspended', 'revoked', 'reinstated'] as const
export type AwardAction = (typeof awardActions)[number]

/** Form rules for award decisions, shared by server code and the person page. */
export const statusChangeSchema = z.object({
	kind: z.enum(awardActions),
	reason: z.string().trim().min(5, 'Give a reason of at least 5 characters.').max(1000),
})

/** The largest evidence file accepted for a manual award: 10 MB. */
export const EVIDENCE_FILE_MAX_BYTES = 10 * 1024 * 1024
export const EVIDENCE_FILE_TOO_LARGE = 'The evidence file is larger than 10 MB.'
/** What the file picker offers; the server decides by the file's bytes, not by this. */
export const EVIDENCE_FILE_ACCEPT = '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg'

const ATTACH_EVIDENCE = 'Attach the evidence: a PDF, PNG or JPEG file of at most 10 MB.'

export const evidenceFileSchema = z
	.instanceof(File, { error: ATTACH_EVIDENCE })
	// A file input left empty sends a nameless empty file.
	.refine((file) => file.size > 0 || file.name !== '', { error: ATTACH_EVIDENCE, abort: true })
	.refine((file) => file.size > 0, 'The evidence file is empty.')
	.refine((file) => file.size <= EVIDENCE_FILE_MAX_BYTES, EVIDENCE_FILE_TOO_LARGE)

export const manualAwardSchema = z.object({
	employeeId: z.string().trim().min(1),
	certificationCode: z.string().trim().min(1),
	evidenceNote: z
		.string({ error: 'Describe the external training and its evidence (at least 10 characters).' })
		.trim()
		.min(10, 'Describe the external training and its evidence (at least 10 characters).')
		.max(2000),
	completedOn: z.coerce.date({ error: 'Give the date the training was completed.' }),
	evidenceFile: evidenceFileSchema,
})
