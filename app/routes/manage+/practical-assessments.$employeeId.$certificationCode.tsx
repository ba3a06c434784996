import { getFormProps, getInputProps, getTextareaProps, useForm, type FieldMetadata } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { practicalAssessmentRefusal, requirePermission } from '#app/auth/permissions.server.ts'
import { FieldError, FormError } from '#app/components/form-errors.tsx'
import { PracticalStandingList } from '#app/components/practical-standing.tsx'
import { assessmentOutcomes, assessmentSettings, outcomeLabels, practicalAssessmentSchema, RECORDING_WINDOW_DAYS, settingLabels } from '#app/practical/assessment-fields.ts'
import { AssessmentRuleError, currentChecklistFor, practicalStandingFor, recordPracticalAssessment } from '#app/practical/practical-assessments.server.ts'
import { isActiveAt } from '#app/people/people.server.ts'
import { formatDate } from '#app/utils/dates.ts'
import { prisma } from '#app/utils/db.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Practical assessment${data ? `: ${data.person.name}, ${data.checklist.certificationCode}` : ''} · FieldReady` }]

const DAY_MS = 86_400_000

/** The person and the checklist the assessor works from: 404 when either does not exist. */
async function requireSubject(request: Request, params: LoaderFunctionArgs['params']) {
	const assessor = await requirePermission(request, 'assess-practicals')
	const person = await prisma.person.findUnique({ where: { employeeId: params.employeeId ?? '' }, select: { id: true, employeeId: true, name: true, leftAt: true, orgUnit: { select: { name: true } } } })
	if (!person) throw new Response(`No person with employee ID ${params.employeeId}.`, { status: 404 })
	const checklist = await currentChecklistFor(params.certificationCode ?? '')
	if (!checklist) throw new Response(`${params.certificationCode} is not a certification that requires a practical assessment.`, { status: 404 })
	return { assessor, person, checklist }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { assessor, person, checklist } = await requireSubject(request, params)
	const at = new Date()
	const standing = (await practicalStandingFor({ personId: person.id, at })).filter((s) => s.certificationCode === checklist.certificationCode)
	return {
		person: { employeeId: person.employeeId, name: person.name, team: person.orgUnit.name, active: isActiveAt(person, at) },
		checklist,
		standing,
		refusal: practicalAssessmentRefusal({ actor: assessor, personId: person.id }),
		dates: { min: formatDate(new Date(at.getTime() - RECORDING_WINDOW_DAYS * DAY_MS)), today: formatDate(at) },
	}
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { assessor, person, checklist } = await requireSubject(request, params)
	const submission = parseWithZod(await request.formData(), { schema: practicalAssessmentSchema })
	if (submission.status !== 'success') return data({ result: submission.reply(), done: null }, { status: 400 })
	if (submission.value.certificationCode !== checklist.certificationCode) return data({ result: submission.reply({ formErrors: ['This form is for another certification; reload the page.'] }), done: null }, { status: 400 })
	try {
		const recorded = await recordPracticalAssessment({ employeeId: person.employeeId, input: submission.value, assessor, at: new Date() })
		const outcome = outcomeLabels[recorded.outcome as keyof typeof outcomeLabels] ?? recorded.outcome
		const awarded = recorded.awarded.length > 0 ? ` ${recorded.awarded.join(', ')} awarded to ${person.name}.` : recorded.outcome === 'competent' ? ` ${person.name} still has training to finish before ${checklist.certificationCode} is awarded.` : ''
		return data({ result: submission.reply({ resetForm: true }), done: `Recorded: ${outcome}.${awarded}` })
	} catch (error) {
		if (!(error instanceof AssessmentRuleError)) throw error
		return data({ result: submission.reply(error.field ? { fieldErrors: { [error.field]: [error.message] } } : { formErrors: [error.message] }), done: null }, { status: 400 })
	}
}

/** One required choice among a few, as radio buttons, with its error under them. */
function ChoiceGroup<Choice extends string>({ legend, hint, field, choices, labels }: { legend: string; hint?: string; field: FieldMetadata<unknown>; choices: readonly Choice[]; labels: Record<Choice, string> }) {
	return (
		<fieldset aria-describedby={field.errors ? field.errorId : undefined}>
			<legend>{legend}</legend>
			{choices.map((choice) => (
				<label key={choice} className="choice">
					<input type="radio" name={field.name} value={choice} required /> {labels[choice]}
				</label>
			))}
			{hint ? <p className="muted">{hint}</p> : null}
			<FieldError field={field} />
		</fieldset>
	)
}

export default function RecordPracticalAssessmentPage() {
	const { person, checklist, standing, refusal, dates } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const navigation = useNavigation()
	const [form, fields] = useForm({
		id: 'practical-assessment',
		lastResult: actionData?.result,
		defaultValue: { certificationCode: checklist.certificationCode, performedOn: dates.today },
		onValidate: ({ formData }) => parseWithZod(formData, { schema: practicalAssessmentSchema }),
		shouldValidate: 'onSubmit',
		shouldRevalidate: 'onInput',
	})
	const itemErrors = (id: string) => form.allErrors[`items.${id}`]
	return (
		<div className="stack">
			<p>
				<Link to="/manage/practical-assessments">← Practical assessments</Link>
			</p>
			<h1>
				Practical assessment: {person.name} <span className="muted">({person.employeeId}, {person.team})</span>
			</h1>
			<p>
				{checklist.certificationCode}: {checklist.certificationName}. Checklist: {checklist.title}, version {checklist.version}.
			</p>
			<p>{checklist.summary}</p>
			{actionData?.done ? (
				<p className="notice" role="status">
					{actionData.done}
				</p>
			) : null}
			{refusal ? (
				<p className="notice">{refusal}</p>
			) : !person.active ? (
				<p className="notice">{person.name} has left the company: no assessment can be recorded.</p>
			) : (
				<Form method="post" className="card stack" {...getFormProps(form)}>
					<h2>Record what you observed</h2>
					<FormError errors={form.errors} id={form.errorId} />
					<input type="hidden" name="certificationCode" value={checklist.certificationCode} />
					<div className="field">
						<label htmlFor={fields.performedOn.id}>Observed on</label>
						<input {...getInputProps(fields.performedOn, { type: 'date', ariaDescribedBy: `${fields.performedOn.id}-hint` })} min={dates.min} max={dates.today} required />
						<p className="muted" id={`${fields.performedOn.id}-hint`}>
							Not in the future, and recorded within {RECORDING_WINDOW_DAYS} days of the observation.
						</p>
						<FieldError field={fields.performedOn} />
					</div>
					<ChoiceGroup legend="Setting" field={fields.setting} choices={assessmentSettings} labels={settingLabels} />
					<div className="field">
						<label htmlFor={fields.reference.id}>Work order number or exercise name</label>
						<input {...getInputProps(fields.reference, { type: 'text' })} required minLength={2} maxLength={120} />
						<FieldError field={fields.reference} />
					</div>
					<fieldset className="stack">
						<legend>Checklist: was each item seen done?</legend>
						<ol className="stack">
							{checklist.items.map((item) => {
								const errors = itemErrors(item.id)
								const errorId = `item-${item.id}-error`
								return (
									<li key={item.id}>
										<fieldset aria-describedby={errors ? errorId : undefined}>
											<legend>{item.text}</legend>
											<label className="choice">
												<input type="radio" name={`items.${item.id}`} value="met" required /> Met
											</label>{' '}
											<label className="choice">
												<input type="radio" name={`items.${item.id}`} value="not-met" required /> Not met
											</label>
											<FieldError field={{ errors, errorId }} />
										</fieldset>
									</li>
								)
							})}
						</ol>
					</fieldset>
					<ChoiceGroup legend="Outcome" hint="Competent only when every item is met." field={fields.outcome} choices={assessmentOutcomes} labels={outcomeLabels} />
					<div className="field">
						<label htmlFor={fields.notes.id}>Notes (required when not yet competent: what to work on)</label>
						<textarea {...getTextareaProps(fields.notes)} rows={4} maxLength={4000} />
						<FieldError field={fields.notes} />
					</div>
					<button type="submit" disabled={navigation.state !== 'idle'}>
						Record the assessment
					</button>
				</Form>
			)}
			<section aria-labelledby="standing-heading" className="stack">
				<h2 id="standing-heading">{person.name}'s practicals for {checklist.certificationCode}</h2>
				<PracticalStandingList standing={standing} audience="manager" />
			</section>
		</div>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
