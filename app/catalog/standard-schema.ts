import { z } from 'zod'

/**
 * Traceability to IEC 62443-2-4: content/standard.yaml names the edition the catalog maps and the
 * requirement ids it may cite; modules and quiz questions say which of them they cover.
 */

/** SP.07 (a functional area), SP.07.01 (a requirement in it) or SP.07.01 RE(1) (an enhancement of that). */
export const requirementIdSchema = z
	.string()
	.regex(/^SP\.\d{2}(\.\d{2}( RE\(\d+\))?)?$/, 'an IEC 62443-2-4 requirement id: SP.07 (a functional area), SP.07.01 (a requirement) or SP.07.01 RE(1) (an enhancement)')

const coversMessage = 'name the IEC 62443-2-4 requirements covered, e.g. covers: [SP.07] (ids listed in content/standard.yaml)'

/** What a module or a quiz question covers: at least one requirement id. */
export const coversSchema = z
	.array(requirementIdSchema, { error: (issue) => (issue.input === undefined ? coversMessage : 'a list of requirement ids, e.g. [SP.07, SP.09]') })
	.min(1, coversMessage)

export const standardSchema = z.strictObject({
	edition: z
		.string({ error: (issue) => (issue.input === undefined ? 'state the edition of IEC 62443-2-4 the catalog maps, e.g. edition: IEC 62443-2-4:2015+AMD1:2017 (edition 1.1)' : 'must be text') })
		.trim()
		.regex(/^IEC 62443-2-4:\d{4}/, 'must name IEC 62443-2-4 and its year, e.g. IEC 62443-2-4:2015+AMD1:2017 (edition 1.1)')
		.max(120, 'must be at most 120 characters'),
	requirements: z
		.array(z.strictObject({ id: requirementIdSchema, title: z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters') }))
		.min(1, 'list the requirements the catalog may cite'),
})

export type StandardFile = z.infer<typeof standardSchema>
export type CatalogStandard = StandardFile & { file: string }

/** The id one level up: SP.07.01 RE(1) → SP.07.01 → SP.07 → null. */
export function parentRequirement(id: string) {
	if (id.includes(' RE(')) return id.slice(0, id.indexOf(' RE('))
	const parts = id.split('.')
	return parts.length > 2 ? parts.slice(0, -1).join('.') : null
}

/** Whether `id` is `scope` itself or lies inside it (SP.07.01 inside SP.07). */
export function isWithinRequirement(id: string, scope: string) {
	for (let current: string | null = id; current; current = parentRequirement(current)) if (current === scope) return true
	return false
}
