import { z } from 'zod'

/** Form rules for award decisions, shared by server code and the person page. */
export const statusChangeSchema = z.object({
	kind: z.enum(['revoked', 'suspended', 'reinstated']),
	reason: z.string().trim().min(5, 'Give a reason of at least 5 characters.').max(1000),
})

export const manualAwardSchema = z.object({
	employeeId: z.string().trim().min(1),
	certificationCode: z.string().trim().min(1),
	evidenceNote: z.string().trim().min(10, 'Describe the external training and its evidence (at least 10 characters).').max(2000),
	completedOn: z.coerce.date({ error: 'Give the date the training was completed.' }),
})
