import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useNavigation, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { homePathFor, requireAnonymous } from '#app/auth/permissions.server.ts'
import { sessionCookieFor } from '#app/auth/session.server.ts'
import { signIn } from '#app/auth/sign-in.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { emailSchema } from '#app/people/person-fields.ts'
import { clientIp, safeRedirectPath } from '#app/utils/request.server.ts'

export const meta: MetaFunction = () => [{ title: 'Sign in · FieldReady' }]

const loginSchema = z.object({
	email: emailSchema,
	password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(200, 'A password is at most 200 characters.'),
	redirectTo: z.string().optional(),
})

export async function loader({ request }: LoaderFunctionArgs) {
	await requireAnonymous(request)
	return null
}

export async function action({ request }: ActionFunctionArgs) {
	const submission = parseWithZod(await request.formData(), { schema: loginSchema })
	if (submission.status !== 'success') {
		return data({ result: submission.reply({ hideFields: ['password'] }) }, { status: 400 })
	}
	const { email, password, redirectTo } = submission.value
	const outcome = await signIn({ email, password, ip: clientIp(request), at: new Date() })
	if (outcome.status === 'throttled') {
		const minutes = Math.max(1, Math.ceil((outcome.retryAt.getTime() - Date.now()) / 60_000))
		return data(
			{ result: submission.reply({ formErrors: [`Too many failed attempts for this account. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`], hideFields: ['password'] }) },
			{ status: 429, headers: { 'Retry-After': String(minutes * 60) } },
		)
	}
	if (outcome.status === 'invalid') {
		return data({ result: submission.reply({ formErrors: ['Email or password is incorrect.'], hideFields: ['password'] }) }, { status: 400 })
	}
	const cookie = await sessionCookieFor(request, outcome.sessionId, outcome.expiresAt)
	const headers = { 'Set-Cookie': cookie }
	throw redirect(safeRedirectPath(redirectTo, homePathFor(outcome)), { headers })
}

export default function LoginPage() {
	const actionData = useActionData<typeof action>()
	const [searchParams] = useSearchParams()
	const navigation = useNavigation()
	const [form, fields] = useForm({
		id: 'login',
		lastResult: actionData?.result,
		defaultValue: { redirectTo: searchParams.get('redirectTo') ?? '' },
		onValidate: ({ formData }) => parseWithZod(formData, { schema: loginSchema }),
		shouldRevalidate: 'onBlur',
	})
	return (
		<div className="card auth-card">
			<h1>Sign in</h1>
			<Form method="post" {...getFormProps(form)}>
				{form.errors?.length ? (
					<div className="form-error" role="alert" id={form.errorId}>
						{form.errors.join(' ')}
					</div>
				) : null}
				<input {...getInputProps(fields.redirectTo, { type: 'hidden' })} />
				<div className="field">
					<label htmlFor={fields.email.id}>Email</label>
					<input {...getInputProps(fields.email, { type: 'email' })} autoComplete="username" autoFocus />
					{fields.email.errors ? <p className="field-error" id={fields.email.errorId}>{fields.email.errors.join(' ')}</p> : null}
				</div>
				<div className="field">
					<label htmlFor={fields.password.id}>Password</label>
					<input {...getInputProps(fields.password, { type: 'password' })} autoComplete="current-password" />
					{fields.password.errors ? <p className="field-error" id={fields.password.errorId}>{fields.password.errors.join(' ')}</p> : null}
				</div>
				<button type="submit" disabled={navigation.state === 'submitting'}>
					{navigation.state === 'submitting' ? 'Signing in…' : 'Sign in'}
				</button>
			</Form>
		</div>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
