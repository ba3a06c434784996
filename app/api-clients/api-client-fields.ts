import { z } from 'zod'

export const apiClientNameSchema = z
	.string()
	.trim()
	.min(2, 'Give the client a name of at least 2 characters.')
	.max(60)
	.regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, 'Use letters, digits, spaces, dots, dashes or underscores.')
