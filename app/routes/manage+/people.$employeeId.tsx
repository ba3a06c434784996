import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { requirePermission, userCan } from '#app/auth/permissions.server.ts'
import { statusChangeSchema } from '#app/certification/award-fields.ts'
import { AwardRuleError, awardOnProgress, changeAwardStatus } from '#app/certification/awards.server.ts'
import { CompletionReviewError, heldCompletionCount, reviewHeldCompletion } from '#app/scorm/completion-review.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { findVisiblePerson } from '#app/people/directory.server.ts'
import { isAdminIntent, personAdminAction, readPersonPageForm } from './__person-admin.server.ts'
import { viewLabel } from './__person-nav.tsx'
import { PersonRecord, type ReviewedNotice, type StatusChangedNotice } from './__person-record.tsx'
import { chosenView, loadPersonView, personHeader } from './__person-views.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? `${data.person.name} · ${viewLabel(data.view.name)}` : 'Person'} · FieldReady` }]

async function requireVisiblePerson(request: Request, employeeId: string | undefined) {
	const viewer = await requirePermission(request, 'view-readiness')
	const person = await findVisiblePerson({ viewer, employeeId: employeeId ?? '' })
	// Outside the viewer's units looks exactly like not existing: no one learns who works elsewhere.
	if (!person) throw new Response('No person with this employee ID in the units you manage.', { status: 404 })
	return { viewer, person }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { viewer, person } = await requireVisiblePerson(request, params.employeeId)
	const url = new URL(request.url)
	const [view, heldCompletions] = await Promise.all([loadPersonView(chosenView(url, viewer), { viewer, person, url, at: new Date() }), heldCompletionCount(person.id)])
	return { person: personHeader(person), isAdmin: userCan(viewer, 'administer'), heldCompletions, view }
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
