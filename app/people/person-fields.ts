import { z } from 'zod'

/** Field rules shared by server code and forms in the browser. */
export const employeeIdSchema = z
	.string()
	.trim()
	.regex(/^[A-Z]{2,5}-\d{3,8}$/, 'expected an employee ID like SR-1001')

export const emailSchema = z
	.string({ error: 'Enter an email address.' })
	.trim()
	.toLowerCase()
	.max(200, 'An email address is at most 200 characters.')
	.pipe(z.email('Enter an email address such as name@example.com.'))

export const employmentReasonSchema = z.string({ error: 'Give a reason.' }).trim().min(3, 'Give a reason.').max(1000)

/** An admin records that a person left the company. */
export const deactivationSchema = z.object({
	leftAt: z.coerce.date({ error: 'Give the date the person left.' }),
	reason: employmentReasonSchema,
})

/** An admin records that a person who left is employed again; the box confirms it was meant. */
export const reactivationSchema = z.object({
	startedAt: z.coerce.date({ error: 'Give the date the person rejoined.' }),
	reason: employmentReasonSchema,
	confirmed: z.boolean({ error: 'Tick the box to confirm the reactivation.' }).refine((confirmed) => confirmed, 'Tick the box to confirm the reactivation.'),
})

/** An admin grants or removes the assessor role, which lets a person record practical assessments. */
export const assessorRoleSchema = z.object({
	grant: z.enum(['grant', 'remove'], { error: 'Choose whether to grant or remove the role.' }),
	reason: employmentReasonSchema,
})
