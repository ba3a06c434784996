import { z } from 'zod'
import { certificationStatuses, holderStates } from '#app/certification/status.ts'
import { reasonCodes } from '#app/eligibility/decide.ts'

/**
 * The v1 contract of the competency API. These schemas validate every request and generate the
 * OpenAPI document, so the two cannot drift.
 */

export const employeeIdParam = z.string().min(1).max(40).meta({ description: 'Employee ID, e.g. SR-1002', example: 'SR-1002' })
export const workTypeCode = z.string().min(1, 'is required').max(60).meta({ description: 'A work type code from GET /api/v1/work-types', example: 'PATCH_APPLICATION' })
const EARLIEST = Date.UTC(2000, 0, 1)
const LATEST = Date.UTC(2101, 0, 1)
/** Minutes east of UTC in an ISO-8601 instant's offset (Z is 0). */
const offsetMinutes = (value: string) => {
	const match = /([+-])(\d{2}):?(\d{2})$/.exec(value)
	return match ? Number(match[2]) * 60 + Number(match[3]) : 0
}
export const instant = z.iso
	.datetime({ offset: true, message: 'must be an ISO-8601 instant with a time zone, e.g. 2026-12-15T08:00:00Z' })
	.refine((value) => offsetMinutes(value) <= 14 * 60, 'must have a UTC offset between -14:00 and +14:00')
	.refine((value) => Date.parse(value) >= EARLIEST && Date.parse(value) < LATEST, 'must be between the years 2000 and 2100')
	.meta({ description: 'An instant between the years 2000 and 2100; the visit date for planning, or a past instant for audits' })

export const eligibilityQuerySchema = z.object({
	workType: workTypeCode,
	at: instant.optional().meta({ description: 'The instant to decide for (default: now)' }),
})

export const MAX_BATCH = 1000

export const batchRequestSchema = z.object({
	workType: workTypeCode,
	at: instant.optional(),
	employeeIds: z
		.array(employeeIdParam)
		.min(1, 'must list at least one employee ID')
		.max(MAX_BATCH, `must list at most ${MAX_BATCH} employee IDs`)
		.refine((ids) => new Set(ids).size === ids.length, 'must not list the same employee ID twice'),
})

// v1 may add a status (as `suspended` was added); clients treat one they do not know as not valid.
const statusSchema = z.enum(certificationStatuses).meta({
	description: 'valid and expiring are in force; anything else (including a status added later) is not',
	'x-extensible-enum': true,
})

export const reasonDetailSchema = z
	.object({
		code: z.enum(reasonCodes).meta({ description: 'Stable code; codes are only ever added, so treat an unknown one as a reason for ineligibility', 'x-extensible-enum': true }),
		certification: z.string().optional().meta({ description: 'The certification the reason is about, where there is one' }),
		since: z.string().optional().meta({ description: 'When this became true (ISO-8601, UTC), where known' }),
		message: z.string().meta({ description: 'The same reason in plain words, as in `reasons`' }),
	})
	.meta({ id: 'ReasonDetail' })

export const requirementSchema = z.object({
	certification: z.string().meta({ example: 'SEC-FOUNDATION' }),
	status: statusSchema,
	expiresAt: z.string().nullable().meta({ description: 'Expiry of the award in force at `at`; null when missing' }),
})

export const eligibilityResponseSchema = z
	.object({
		checkId: z.string().meta({ description: 'Identifies the recorded decision (GET /api/v1/checks/{checkId})', example: 'chk_2x8Qv0pZrJ3e1yHn5sTw' }),
		employeeId: z.string(),
		workType: z.string(),
		at: z.string().meta({ description: 'The instant decided for (ISO-8601, UTC)' }),
		eligible: z.boolean().meta({ description: 'Active at `at`, every required certification valid or expiring at `at`, and no retraining on them past its deadline (RETRAINING_DUE)' }),
		validUntil: z.string().nullable().meta({ description: 'When eligible: the earliest expiry among the required certifications or retraining deadline on them; else null' }),
		requirements: z.array(requirementSchema),
		reasons: z.array(z.string()).meta({ description: 'Every reason for ineligibility, in plain words' }),
		reasonDetails: z.array(reasonDetailSchema).meta({ description: 'The same reasons, machine-readable, in the same order. Decisions recorded before this field existed are returned without it.' }),
	})
	.meta({ id: 'EligibilityDecision' })

export const batchResponseSchema = z.object({
	results: z.array(z.union([eligibilityResponseSchema, z.object({ employeeId: z.string(), error: z.literal('not_found') })])).meta({ description: 'One entry per requested ID, in request order' }),
})

export const awardSchema = z.object({
	awardId: z.string(),
	certification: z.string(),
	issuedAt: z.string(),
	expiresAt: z.string(),
	source: z.enum(['earned', 'manual', 'imported']),
	status: statusSchema.meta({ description: 'Status of this award now' }),
})

export const certificationsResponseSchema = z.object({
	employeeId: z.string(),
	holder: z
		.object({ state: z.enum(holderStates).meta({ 'x-extensible-enum': true }), since: z.string().nullable().meta({ description: 'For a leaver, when they left (ISO-8601, UTC)' }) })
		.meta({ description: "The holder's own state: a leaver holds nothing valid, whatever each award's own status" }),
	awards: z.array(awardSchema),
})

export const workTypesResponseSchema = z.object({
	workTypes: z.array(z.object({ code: z.string(), name: z.string(), description: z.string(), requiredCertifications: z.array(z.string()) })),
})

export const problemSchema = z
	.object({
		type: z.string(),
		title: z.string(),
		status: z.number().int(),
		detail: z.string(),
		errors: z.array(z.object({ parameter: z.string(), detail: z.string() })).optional(),
	})
	.meta({ id: 'Problem', description: 'RFC 9457 problem details' })
