import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { ConfirmSubmit } from '#app/components/confirm-submit.tsx'
import { FieldError, FormError } from '#app/components/form-errors.tsx'
import { EVIDENCE_FILE_ACCEPT, manualAwardSchema } from '#app/certification/award-fields.ts'
import { assessorRoleSchema, deactivationSchema, reactivationSchema } from '#app/people/person-fields.ts'

export const manualAwardFormSchema = manualAwardSchema.omit({ employeeId: true }).extend({ intent: z.literal('manual-award') })
const deactivateFormSchema = deactivationSchema.extend({ intent: z.literal('deactivate') })
const reactivateFormSchema = reactivationSchema.extend({ intent: z.literal('reactivate') })
const assessorRoleFormSchema = assessorRoleSchema.extend({ intent: z.literal('assessor-role') })

/** The person page's administration forms (admins only): manual awards, deactivation, reactivation, the assessor role. */
export const adminFormSchema = z.discriminatedUnion('intent', [manualAwardFormSchema, deactivateFormSchema, reactivateFormSchema, assessorRoleFormSchema])
export const adminIntents = ['manual-award', 'deactivate', 'reactivate', 'assessor-role'] as const
export type AdminIntent = (typeof adminIntents)[number]

export type AdminResult = { adminIntent: AdminIntent; result: SubmissionResult<string[]>; done: string | null }

/** Dates as the date inputs take them (YYYY-MM-DD, UTC): the bounds of what the server accepts. */
export type AdminDateLimits = { awardMin: string | null; today: string; employedSince: string | null; lastEndedOn: string | null }

/** employed; leaving (a leaving date still ahead); left. */
export type EmploymentState = 'employed' | 'leaving' | 'left'

type AdminProps = {
	person: { name: string; leftAt: string | null; employment: EmploymentState; isAssessor: boolean }
	isSelf: boolean
	certificationCodes: Array<{ code: string; name: string }>
	limits: AdminDateLimits
	adminResult: AdminResult | undefined
}

// As the person types, not on blur: an error vanishing as the submit button is pressed moves the button from under the pointer.
const REVALIDATE = 'onInput'

const resultFor = (intent: AdminIntent, adminResult: AdminResult | undefined) => (adminResult?.adminIntent === intent ? adminResult.result : undefined)

function ManualAwardForm({ certificationCodes, limits, adminResult }: Pick<AdminProps, 'certificationCodes' | 'limits' | 'adminResult'>) {
	const navigation = useNavigation()
	const [form, fields] = useForm({
		id: 'manual-award',
		lastResult: resultFor('manual-award', adminResult),
		onValidate: ({ formData }) => parseWithZod(formData, { schema: manualAwardFormSchema }),
		shouldRevalidate: REVALIDATE,
	})
	return (
		<Form method="post" encType="multipart/form-data" className="stack" {...getFormProps(form)}>
			<h3>Record external training</h3>
			<FormError errors={form.errors} id={form.errorId} />
			<input type="hidden" name="intent" value="manual-award" />
			<div className="field">
				<label htmlFor={fields.certificationCode.id}>Certification</label>
				<select {...getSelectProps(fields.certificationCode)} required>
					{certificationCodes.map((c) => (
						<option key={c.code} value={c.code}>
							{c.code}: {c.name}
						</option>
					))}
				</select>
				<FieldError field={fields.certificationCode} />
			</div>
			<div className="field">
				<label htmlFor={fields.completedOn.id}>Completed on</label>
				<input {...getInputProps(fields.completedOn, { type: 'date', ariaDescribedBy: `${fields.completedOn.id}-hint` })} min={limits.awardMin ?? undefined} max={limits.today} required />
				<p className="muted" id={`${fields.completedOn.id}-hint`}>
					While employed here (see the employment history) and not after today.
				</p>
				<FieldError field={fields.completedOn} />
			</div>
			<div className="field">
				<label htmlFor={fields.evidenceNote.id}>Evidence (course, provider, certificate reference)</label>
				<textarea {...getTextareaProps(fields.evidenceNote)} required minLength={10} rows={3} />
				<FieldError field={fields.evidenceNote} />
			</div>
			<div className="field">
				<label htmlFor={fields.evidenceFile.id}>Evidence file (PDF, PNG or JPEG, at most 10 MB)</label>
				<input {...getInputProps(fields.evidenceFile, { type: 'file' })} accept={EVIDENCE_FILE_ACCEPT} required />
				<FieldError field={fields.evidenceFile} />
			</div>
			<button type="submit" disabled={navigation.state !== 'idle'}>
				Award certification
			</button>
		</Form>
	)
}

function DeactivateForm({ person, limits, adminResult }: Pick<AdminProps, 'person' | 'limits' | 'adminResult'>) {
	const navigation = useNavigation()
	const [form, fields] = useForm({
		id: 'deactivate',
		lastResult: resultFor('deactivate', adminResult),
		onValidate: ({ formData }) => parseWithZod(formData, { schema: deactivateFormSchema }),
		shouldRevalidate: REVALIDATE,
	})
	return (
		<Form method="post" className="stack" {...getFormProps(form)}>
			<h3>The person left the company</h3>
			<FormError errors={form.errors} id={form.errorId} />
			<input type="hidden" name="intent" value="deactivate" />
			<div className="field">
				<label htmlFor={fields.leftAt.id}>Left on</label>
				<input {...getInputProps(fields.leftAt, { type: 'date' })} min={limits.employedSince ?? undefined} required />
				<FieldError field={fields.leftAt} />
			</div>
			<div className="field">
				<label htmlFor={fields.reason.id}>Reason</label>
				<input {...getInputProps(fields.reason, { type: 'text' })} required minLength={3} />
				<FieldError field={fields.reason} />
			</div>
			<ConfirmSubmit className="danger" disabled={navigation.state !== 'idle'} ask={() => `Deactivate ${person.name}? They are signed out at once, and from the date they left no certificate of theirs counts. An administrator can reactivate them if they rejoin.`} confirmLabel={() => `Yes: deactivate ${person.name}`}>
				Deactivate
			</ConfirmSubmit>
		</Form>
	)
}

function ReactivateForm({ person, limits, adminResult }: Pick<AdminProps, 'person' | 'limits' | 'adminResult'>) {
	const navigation = useNavigation()
	const [form, fields] = useForm({
		id: 'reactivate',
		lastResult: resultFor('reactivate', adminResult),
		defaultValue: { startedAt: limits.today },
		onValidate: ({ formData }) => parseWithZod(formData, { schema: reactivateFormSchema }),
		shouldRevalidate: REVALIDATE,
	})
	return (
		<Form method="post" className="stack" {...getFormProps(form)}>
			<h3>Reactivate: the person rejoined the company</h3>
			<p className="muted">
				A new employment period starts. Certifications are not restored: each keeps its own expiry, and any that expired in the meantime stays expired until it is
				earned again.
			</p>
			<FormError errors={form.errors} id={form.errorId} />
			<input type="hidden" name="intent" value="reactivate" />
			<div className="field">
				<label htmlFor={fields.startedAt.id}>Rejoined on</label>
				<input {...getInputProps(fields.startedAt, { type: 'date' })} min={limits.lastEndedOn ?? undefined} max={limits.today} required />
				<FieldError field={fields.startedAt} />
			</div>
			<div className="field">
				<label htmlFor={fields.reason.id}>Reason</label>
				<input {...getInputProps(fields.reason, { type: 'text' })} required minLength={3} />
				<FieldError field={fields.reason} />
			</div>
			<div className="field">
				<input {...getInputProps(fields.confirmed, { type: 'checkbox' })} required />{' '}
				<label htmlFor={fields.confirmed.id}>I confirm that {person.name} is employed again from this date.</label>
				<FieldError field={fields.confirmed} />
			</div>
			<button type="submit" disabled={navigation.state !== 'idle'}>
				Reactivate
			</button>
		</Form>
	)
}

function AssessorRoleForm({ person, adminResult }: Pick<AdminProps, 'person' | 'adminResult'>) {
	const navigation = useNavigation()
	const [form, fields] = useForm({
		id: 'assessor-role',
		lastResult: resultFor('assessor-role', adminResult),
		onValidate: ({ formData }) => parseWithZod(formData, { schema: assessorRoleFormSchema }),
		shouldRevalidate: REVALIDATE,
	})
	return (
		<Form method="post" className="stack" {...getFormProps(form)}>
			<h3>Practical assessor</h3>
			<p className="muted">
				{person.isAssessor
					? `${person.name} may observe and record practical assessments of others (never their own).`
					: `An assessor observes reps doing the work and records practical assessments. ${person.name} is not one.`}
			</p>
			<FormError errors={form.errors} id={form.errorId} />
			<input type="hidden" name="intent" value="assessor-role" />
			<input type="hidden" name="grant" value={person.isAssessor ? 'remove' : 'grant'} />
			<div className="field">
				<label htmlFor={fields.reason.id}>Reason</label>
				<input {...getInputProps(fields.reason, { type: 'text' })} required minLength={3} />
				<FieldError field={fields.reason} />
			</div>
			<button type="submit" className={person.isAssessor ? 'danger' : undefined} disabled={navigation.state !== 'idle'}>
				{person.isAssessor ? 'Remove the assessor role' : 'Make an assessor'}
			</button>
		</Form>
	)
}

/** What an admin can record about a person: external training while employed, leaving, and rejoining. */
export function PersonAdministration({ person, isSelf, certificationCodes, limits, adminResult }: AdminProps) {
	return (
		<section className="card stack" aria-labelledby="admin-heading">
			<h2 id="admin-heading">Administration</h2>
			{adminResult?.done ? (
				<p className="notice" role="status">
					{adminResult.done}
				</p>
			) : null}
			{isSelf ? (
				<p className="muted">Nobody acts on their own record: another administrator records your training, or that you left.</p>
			) : person.employment === 'employed' ? (
				<>
					<ManualAwardForm certificationCodes={certificationCodes} limits={limits} adminResult={adminResult} />
					<AssessorRoleForm person={person} adminResult={adminResult} />
					<DeactivateForm person={person} limits={limits} adminResult={adminResult} />
				</>
			) : person.employment === 'left' ? (
				<ReactivateForm person={person} limits={limits} adminResult={adminResult} />
			) : (
				<p className="muted">This person leaves on {person.leftAt?.slice(0, 10)}; they can be reactivated once they have left.</p>
			)}
		</section>
	)
}
