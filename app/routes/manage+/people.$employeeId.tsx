import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { awardActionRefusal, completionReviewRefusal, practicalAssessmentRefusal, requirePermission, userCan, type SessionUser } from '#app/auth/permissions.server.ts'
import { awardHistoryForPerson } from '#app/certification/award-history.server.ts'
import { awardActions, statusChangeSchema } from '#app/certification/award-fields.ts'
import { activeCertifications, AwardRuleError, awardOnProgress, awardWithdrawal, changeAwardStatus } from '#app/certification/awards.server.ts'
import { certificationOverview } from '#app/certification/overview.server.ts'
import { checkHistoryForPerson } from '#app/eligibility/eligibility.server.ts'
import { myTrainingPlan } from '#app/learning/my-training.server.ts'
import { attemptsForPerson } from '#app/quiz/quiz-info.server.ts'
import { CompletionReviewError, reviewHeldCompletion } from '#app/scorm/completion-review.server.ts'
import { scormAttemptsForPerson } from '#app/scorm/scorm-attempt-report.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { findVisiblePerson } from '#app/people/directory.server.ts'
import { employmentHistoryForPerson } from '#app/people/employment.server.ts'
import { practicalStandingFor } from '#app/practical/practical-assessments.server.ts'
import { openRetrainingFor } from '#app/retraining/retraining.server.ts'
import { employmentForPage, isAdminIntent, personAdminAction, readPersonPageForm } from './__person-admin.server.ts'
import { PersonRecord, type AwardDecisions, type ReviewedNotice, type StatusChangedNotice } from './__person-record.tsx'
import { INTERACTIONS_PARAM } from './__scorm-attempts.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.person.name ?? 'Person'} · FieldReady` }]

/** The actions the viewer may take on an award, from the one module that decides, and why none when none. */
async function awardDecisions({ viewer, awardId, holder, at }: { viewer: SessionUser; awardId: string | null; holder: { id: string; orgUnit: { path: string } }; at: Date }): Promise<AwardDecisions> {
	if (!awardId) return { allowed: [], note: null }
	const withdrawn = await awardWithdrawal(awardId, at)
	const refusals = awardActions.map((action) => ({ action, refusal: awardActionRefusal({ actor: viewer, holder: { id: holder.id, orgUnitPath: holder.orgUnit.path }, withdrawn, action }) }))
	const allowed = refusals.filter((r) => r.refusal === null).map((r) => r.action)
	return { allowed, note: allowed.length ? null : (refusals.find((r) => r.action === 'reinstated' && withdrawn)?.refusal ?? refusals[0]!.refusal) }
}

async function requireVisiblePerson(request: Request, employeeId: string | undefined) {
	const viewer = await requirePermission(request, 'view-readiness')
	const person = await findVisiblePerson({ viewer, employeeId: employeeId ?? '' })
	// Outside the viewer's units looks exactly like not existing: no one learns who works elsewhere.
	if (!person) throw new Response('No person with this employee ID in the units you manage.', { status: 404 })
	return { viewer, person }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { viewer, person } = await requireVisiblePerson(request, params.employeeId)
	const at = new Date()
	const [certifications, history, checks, plan, attempts, scormAttempts, certificationCodes, employment, practicals, retraining] = await Promise.all([
		certificationOverview({ personId: person.id, at }),
		awardHistoryForPerson(person.id),
		checkHistoryForPerson(person.id),
		myTrainingPlan({ personId: person.id, at }),
		attemptsForPerson(person.id),
		scormAttemptsForPerson(person.id, { interactionsPage: new URL(request.url).searchParams.get(INTERACTIONS_PARAM) }),
		userCan(viewer, 'administer') ? activeCertifications() : [],
		employmentHistoryForPerson(person.id),
		practicalStandingFor({ personId: person.id, at }),
		openRetrainingFor({ personId: person.id, at }),
	])
	const { state, limits } = employmentForPage(employment, at)
	return {
		person: {
			employeeId: person.employeeId,
			name: person.name,
			email: person.email,
			team: person.orgUnit.name,
			roles: person.roles.map((r) => r.role),
			leftAt: person.leftAt?.toISOString() ?? null,
		},
		certifications: await Promise.all(certifications.map(async ({ moduleIds: _moduleIds, ...line }) => ({ ...line, decisions: await awardDecisions({ viewer, awardId: line.awardId, holder: person, at }) }))),
		history,
		checks,
		modules: plan.modules.map(({ moduleId, title, percent, state }) => ({ moduleId, title, percent, state })),
		attempts,
		scormAttempts,
		completionReviewRefusal: completionReviewRefusal({ actor: viewer, holder: { id: person.id, orgUnitPath: person.orgUnit.path } }),
		isAdmin: userCan(viewer, 'administer'),
		certificationCodes,
		employment,
		administration: { isSelf: viewer.id === person.id, state, limits },
		practicals,
		retraining,
		canAssess: state !== 'left' && practicalAssessmentRefusal({ actor: viewer, personId: person.id }) === null,
	}
}

const actionSchema = z.discriminatedUnion('intent', [
	statusChangeSchema.extend({ intent: z.literal('change-status'), awardId: z.string().min(1) }),
	z.object({
		intent: z.literal('review-completion'),
		attemptId: z.string().min(1).max(100),
		decision: z.enum(['accepted', 'rejected'], { error: 'Choose Accept or Reject.' }),
		reason: z.string({ error: 'Say why you accept or reject this completion.' }).trim().min(10, 'Say why in at least 10 characters.').max(500, 'Keep the reason to 500 characters.'),
	}),
])

export async function action({ request, params }: ActionFunctionArgs) {
	const { viewer, person } = await requireVisiblePerson(request, params.employeeId)
	const { form, oversizedFiles } = await readPersonPageForm(request, viewer)
	if (isAdminIntent(form.get('intent'))) return personAdminAction({ form, oversizedFiles, viewer, person })
	const submission = parseWithZod(form, { schema: actionSchema })
	if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
	const actor = { type: 'person' as const, id: viewer.id }
	const at = new Date()
	const input = submission.value
	try {
		if (input.intent === 'review-completion') {
			const reviewed = await reviewHeldCompletion({ attemptId: input.attemptId, personId: person.id, reviewer: viewer, decision: input.decision, reason: input.reason, at, onCompleted: awardOnProgress })
			return data({ result: submission.reply({ resetForm: true }), reviewed: { decision: input.decision, title: reviewed.title } })
		}
		await changeAwardStatus({ awardId: input.awardId, personId: person.id, input, actor, at })
		return data({ result: submission.reply({ resetForm: true }), changed: { awardId: input.awardId, kind: input.kind } })
	} catch (error) {
		if (error instanceof AwardRuleError || error instanceof CompletionReviewError) return data({ result: submission.reply({ formErrors: [error.message] }) }, { status: 400 })
		throw error
	}
}

export default function PersonPage() {
	const loaderData = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	return <PersonRecord {...loaderData} lastResult={actionData && 'result' in actionData ? actionData.result : undefined} reviewed={actionData && 'reviewed' in actionData ? (actionData.reviewed as ReviewedNotice) : undefined} changed={actionData && 'changed' in actionData ? (actionData.changed as StatusChangedNotice) : undefined} adminResult={actionData && 'admin' in actionData ? actionData.admin : undefined} />
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
