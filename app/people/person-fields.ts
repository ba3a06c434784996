import { z } from 'zod'

/** Field rules shared by server code and forms in the browser. */
export const employeeIdSchema = z
	.string()
	.trim()
	.regex(/^[A-Z]{2,5}-\d{3,8}$/, 'expected an employee ID like SR-1001')

export const emailSchema = z
	.string()
	.trim()
	.toLowerCase()
	.pipe(z.email('expected an email address'))
