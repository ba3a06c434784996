import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { currentChainHead, formatChainHead } from '#app/audit/chain-head.server.ts'
import { requirePermission } from '#app/auth/permissions.server.ts'
import { activeThrottles, clearThrottle } from '#app/auth/sign-in-throttle.server.ts'
import { DataTable } from '#app/components/data-table.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { formatDateTime } from '#app/utils/dates.ts'

export const meta: MetaFunction = () => [{ title: 'Audit log · FieldReady' }]

export async function loader({ request }: LoaderFunctionArgs) {
	await requirePermission(request, 'administer')
	const at = new Date()
	const [head, throttles] = await Promise.all([currentChainHead(), activeThrottles(at)])
	return {
		head: head ? { seq: head.seq, at: head.at.toISOString(), line: formatChainHead(head) } : null,
		throttles: throttles.map((t) => ({ ...t, until: t.until.toISOString(), lastAt: t.lastAt.toISOString() })),
	}
}

const clearSchema = z.object({
	intent: z.literal('clear-throttle'),
	key: z.string().min(1).max(400),
	reason: z.string({ error: 'Say why you lift this limit.' }).trim().min(10, 'Say why in at least 10 characters.').max(500),
})

export async function action({ request }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'administer')
	const submission = parseWithZod(await request.formData(), { schema: clearSchema })
	if (submission.status !== 'success') return data({ error: Object.values(submission.error ?? {}).flat().join(' '), cleared: null }, { status: 400 })
	const cleared = await clearThrottle({ key: submission.value.key, reason: submission.value.reason, actor: { type: 'person', id: user.id }, at: new Date() })
	return { error: null, cleared: cleared ? submission.value.key : null }
}

const describeKey = (key: string) => {
	const [kind, value] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)]
	if (kind === 'account-address') return `Account ${value.split('|')[0]} from ${value.split('|')[1]}`
	return kind === 'address' ? `Address ${value}, any account` : `Account ${value}, from anywhere (slowed)`
}

/** The chain head to keep outside FieldReady, and how an outside party checks the log against it. */
export default function AuditLogPage() {
	const { head } = useLoaderData<typeof loader>()
	return (
		<div className="stack">
			<h1>Audit log</h1>
			<p>
				Every sign-in and every change that can affect a certification is a row in a hash-chained, append-only log. A chain can prove it was not altered in the middle; only a head kept outside
				FieldReady proves it was not cut short or rewritten whole.
			</p>
			<section className="card stack" aria-labelledby="head-heading">
				<h2 id="head-heading">Chain head now</h2>
				{head ? (
					<>
						<p>
							Event #{head.seq}, recorded {formatDateTime(head.at)}. Keep this line somewhere FieldReady cannot change it (a ticket, an email to the customer, the audit file):
						</p>
						<pre className="copyable">
							<code>{head.line}</code>
						</pre>
						<p>To prove later that the log still reaches it, run on the server:</p>
						<pre className="copyable">
							<code>{`npm run audit:verify -- --head '${head.line}'`}</code>
						</pre>
					</>
				) : (
					<p>The log is empty: nothing has happened yet.</p>
				)}
			</section>
			<p className="muted">Evidence packs carry the head at the time they were built (auditChainHeadLine in manifest.json); `npm run audit:head` prints it on the server.</p>
			<ThrottleList />
		</div>
	)
}

/** Sign-in limits that are refusing someone now; an admin can lift one, with a reason (audited). */
function ThrottleList() {
	const { throttles } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	return (
		<section className="card stack" aria-labelledby="throttles-heading">
			<h2 id="throttles-heading">Sign-in limits in force</h2>
			{result?.cleared ? (
				<p className="notice" role="status">
					Lifted: {describeKey(result.cleared)}.
				</p>
			) : null}
			{result?.error ? (
				<p className="form-error" role="alert">
					{result.error}
				</p>
			) : null}
			<DataTable
				rows={throttles}
				rowKey={(t) => t.key}
				label="Sign-in limits refusing someone now, or locked out"
				empty="No sign-in limit is refusing anyone now."
				columns={[
					{ header: 'Who', cell: (t) => describeKey(t.key) },
					{ header: 'Attempts', cell: (t) => `${t.attempts} of ${t.limit}` },
					{ header: 'Refused', cell: (t) => t.refusals },
					{ header: 'Limited until', cell: (t) => formatDateTime(t.until) },
					{ header: 'Lockouts in a row', cell: (t) => String(t.lockouts) },
					{
						header: 'Lift',
						cell: (t) => (
							<Form method="post" className="toolbar">
								<input type="hidden" name="intent" value="clear-throttle" />
								<input type="hidden" name="key" value={t.key} />
								<div className="field">
									<label htmlFor={`reason-${t.key}`}>Reason (required)</label>
									<input id={`reason-${t.key}`} name="reason" required minLength={10} maxLength={500} />
								</div>
								<button type="submit">Lift</button>
							</Form>
						),
					},
				]}
			/>
		</section>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
