import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { requirePermission, userCan } from '#app/auth/permissions.server.ts'
import { awardHistoryForPerson } from '#app/certification/award-history.server.ts'
import { manualAwardSchema, statusChangeSchema } from '#app/certification/award-fields.ts'
import { activeCertifications, AwardRuleError, changeAwardStatus, issueManualAward } from '#app/certification/awards.server.ts'
import { certificationOverview } from '#app/certification/overview.server.ts'
import { checkHistoryForPerson } from '#app/eligibility/eligibility.server.ts'
import { myTrainingPlan } from '#app/learning/my-training.server.ts'
import { attemptsForPerson } from '#app/quiz/quiz-info.server.ts'
import { scormAttemptsForPerson } from '#app/scorm/scorm-attempt-report.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { findVisiblePerson } from '#app/people/directory.server.ts'
import { deactivatePerson } from '#app/people/people.server.ts'
import { PersonRecord } from './__person-record.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.person.name ?? 'Person'} · FieldReady` }]

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
	const [certifications, history, checks, plan, attempts, scormAttempts, certificationCodes] = await Promise.all([
		certificationOverview({ personId: person.id, at }),
		awardHistoryForPerson(person.id),
		checkHistoryForPerson(person.id),
		myTrainingPlan({ personId: person.id, at }),
		attemptsForPerson(person.id),
		scormAttemptsForPerson(person.id),
		userCan(viewer, 'administer') ? activeCertifications() : [],
	])
	return {
		person: {
			employeeId: person.employeeId,
			name: person.name,
			email: person.email,
			team: person.orgUnit.name,
			roles: person.roles.map((r) => r.role),
			leftAt: person.leftAt?.toISOString() ?? null,
		},
		certifications: certifications.map(({ moduleIds: _moduleIds, ...line }) => line),
		history,
		checks,
		modules: plan.modules.map(({ moduleId, title, percent, state }) => ({ moduleId, title, percent, state })),
		attempts,
		scormAttempts,
		isAdmin: userCan(viewer, 'administer'),
		certificationCodes,
	}
}

const actionSchema = z.discriminatedUnion('intent', [
	statusChangeSchema.extend({ intent: z.literal('change-status'), awardId: z.string().min(1) }),
	manualAwardSchema.omit({ employeeId: true }).extend({ intent: z.literal('manual-award') }),
	z.object({ intent: z.literal('deactivate'), leftOn: z.coerce.date({ error: 'Give the date the person left.' }), reason: z.string().trim().min(3, 'Give a reason.') }),
])

export async function action({ request, params }: ActionFunctionArgs) {
	const { viewer, person } = await requireVisiblePerson(request, params.employeeId)
	const submission = parseWithZod(await request.formData(), { schema: actionSchema })
	if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
	const actor = { type: 'person' as const, id: viewer.id }
	const at = new Date()
	const input = submission.value
	try {
		if (input.intent === 'change-status') {
			await changeAwardStatus({ awardId: input.awardId, personId: person.id, input, actor, at })
		} else {
			if (!userCan(viewer, 'administer')) throw new Response('Only an administrator can do this.', { status: 403 })
			if (input.intent === 'manual-award') await issueManualAward({ input: { ...input, employeeId: person.employeeId }, actor, at })
			else await deactivatePerson({ personId: person.id, leftAt: input.leftOn, reason: input.reason, actor, at })
		}
	} catch (error) {
		if (error instanceof AwardRuleError) return data({ result: submission.reply({ formErrors: [error.message] }) }, { status: 400 })
		throw error
	}
	return data({ result: submission.reply({ resetForm: true }) })
}

export default function PersonPage() {
	const loaderData = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	return <PersonRecord {...loaderData} lastResult={actionData?.result} />
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
