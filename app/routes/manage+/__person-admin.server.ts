import { parseWithZod } from '@conform-to/zod/v4'
import { data } from '@remix-run/node'
import { forbidden, userCan, type SessionUser } from '#app/auth/permissions.server.ts'
import { EVIDENCE_FILE_MAX_BYTES, EVIDENCE_FILE_TOO_LARGE } from '#app/certification/award-fields.ts'
import { issueManualAward } from '#app/certification/awards.server.ts'
import { latestEmployment } from '#app/people/employment.ts'
import { deactivatePerson, reactivatePerson, setAssessorRole } from '#app/people/people.server.ts'
import { formatDate } from '#app/utils/dates.ts'
import { isMultipart, readForm } from '#app/utils/form-data.server.ts'
import { RuleError } from '#app/utils/rule-error.ts'
import { adminFormSchema, adminIntents, type AdminDateLimits, type AdminIntent, type AdminResult, type EmploymentState } from './__person-admin.tsx'

type Person = { id: string; employeeId: string; name: string }

export const isAdminIntent = (intent: FormDataEntryValue | null): intent is AdminIntent => adminIntents.some((known) => known === intent)

/** The person page's form; only an administrator may upload (a manual award's evidence file). */
export async function readPersonPageForm(request: Request, viewer: SessionUser) {
	if (isMultipart(request) && !userCan(viewer, 'administer')) forbidden('Only an administrator can do this.')
	return readForm(request, { maxFileBytes: EVIDENCE_FILE_MAX_BYTES })
}

/** The state and date bounds the administration forms show, from the person's employment periods. */
export function employmentForPage(periods: Array<{ startedAt: Date; endedAt: Date | null }>, at: Date): { state: EmploymentState; limits: AdminDateLimits } {
	const latest = latestEmployment(periods)
	const state: EmploymentState = !latest || latest.endedAt === null ? 'employed' : latest.endedAt > at ? 'leaving' : 'left'
	const first = periods.reduce<Date | null>((earliest, p) => (earliest === null || p.startedAt < earliest ? p.startedAt : earliest), null)
	return {
		state,
		limits: { awardMin: first && formatDate(first), today: formatDate(at), employedSince: latest ? formatDate(latest.startedAt) : null, lastEndedOn: latest?.endedAt ? formatDate(latest.endedAt) : null },
	}
}

async function apply(input: ReturnType<typeof adminFormSchema.parse>, { person, viewer, at }: { person: Person; viewer: SessionUser; at: Date }) {
	const actor = { type: 'person' as const, id: viewer.id }
	if (input.intent === 'manual-award') {
		const award = await issueManualAward({ input: { ...input, employeeId: person.employeeId }, actor, at })
		if (award.alreadyRecorded) return `This training was already recorded: ${input.certificationCode} for ${person.name}, valid until ${formatDate(award.expiresAt)}. Nothing new was stored.`
		return `${input.certificationCode} awarded to ${person.name}, valid until ${formatDate(award.expiresAt)}, with the evidence file ${input.evidenceFile.name}.`
	}
	if (input.intent === 'deactivate') {
		await deactivatePerson({ personId: person.id, leftAt: input.leftAt, reason: input.reason, actor, at })
		return `${person.name} is recorded as having left on ${formatDate(input.leftAt)}.`
	}
	if (input.intent === 'assessor-role') {
		const grant = input.grant === 'grant'
		await setAssessorRole({ personId: person.id, grant, reason: input.reason, actor, at })
		return grant ? `${person.name} is now an assessor.` : `${person.name} is no longer an assessor.`
	}
	await reactivatePerson({ personId: person.id, startedAt: input.startedAt, reason: input.reason, actor, at })
	return `${person.name} is employed again from ${formatDate(input.startedAt)}. Their certifications keep their own expiry dates.`
}

/**
 * Manual awards, deactivation, reactivation and the assessor role (admins only). A refusal is a message next to the
 * field it concerns, and nothing is stored.
 */
export async function personAdminAction({ form, oversizedFiles, viewer, person }: { form: FormData; oversizedFiles: string[]; viewer: SessionUser; person: Person }) {
	if (!userCan(viewer, 'administer')) forbidden('Only an administrator can do this.')
	const adminIntent = form.get('intent') as AdminIntent
	const submission = parseWithZod(form, { schema: adminFormSchema })
	// Under its own key: the page's other forms answer `{ result }`, and this must not be mistaken for theirs.
	const answer = (options: Parameters<typeof submission.reply>[0], done: string | null = null): { admin: AdminResult } => ({ admin: { adminIntent, result: submission.reply(options), done } })
	if (oversizedFiles.length > 0) return data(answer({ fieldErrors: Object.fromEntries(oversizedFiles.map((name) => [name, [EVIDENCE_FILE_TOO_LARGE]])) }), { status: 400 })
	if (submission.status !== 'success') return data(answer({}), { status: 400 })
	try {
		const done = await apply(submission.value, { person, viewer, at: new Date() })
		return data(answer({ resetForm: true }, done))
	} catch (error) {
		if (!(error instanceof RuleError)) throw error
		return data(answer(error.field ? { fieldErrors: { [error.field]: [error.message] } } : { formErrors: [error.message] }), { status: 400 })
	}
}
