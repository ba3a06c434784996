import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { apiClientNameSchema } from '#app/api-clients/api-client-fields.ts'
import { ApiClientError, createApiClient, listApiClients, revokeApiClient } from '#app/api-clients/api-keys.server.ts'
import { requirePermission } from '#app/auth/permissions.server.ts'
import { DataTable } from '#app/components/data-table.tsx'
import { ConfirmSubmit } from '#app/components/confirm-submit.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { formatDateTime } from '#app/utils/dates.ts'

export const meta: MetaFunction = () => [{ title: 'API clients · FieldReady' }]

export async function loader({ request }: LoaderFunctionArgs) {
	await requirePermission(request, 'administer')
	const now = new Date()
	const clients = await listApiClients()
	return {
		clients: clients.map((c) => ({
			name: c.name,
			keyHint: `fr_${c.keyPrefix}_…`,
			createdAt: c.createdAt.toISOString(),
			lastUsedAt: c.lastUsedAt?.toISOString() ?? null,
			state: c.revokedAt ? `Revoked ${formatDateTime(c.revokedAt)}` : c.expiresAt && c.expiresAt <= now ? `Expired ${formatDateTime(c.expiresAt)}` : c.expiresAt ? `Active until ${formatDateTime(c.expiresAt)}` : 'Active',
			active: !c.revokedAt && !(c.expiresAt && c.expiresAt <= now),
			audit: c.scopes.split(' ').includes('audit'),
		})),
	}
}

const actionSchema = z.discriminatedUnion('intent', [
	z.object({ intent: z.literal('create'), name: apiClientNameSchema, expiresInDays: z.coerce.number().int().min(1, 'Use at least 1 day.').max(3650).optional(), audit: z.literal('on').optional() }),
	z.object({ intent: z.literal('revoke'), name: z.string().min(1) }),
])

export async function action({ request }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'administer')
	const submission = parseWithZod(await request.formData(), { schema: actionSchema })
	if (submission.status !== 'success') return data({ result: submission.reply(), createdKey: null }, { status: 400 })
	const actor = { type: 'person' as const, id: user.id }
	const at = new Date()
	try {
		if (submission.value.intent === 'revoke') {
			await revokeApiClient({ name: submission.value.name, actor, at })
			return { result: submission.reply({ resetForm: true }), createdKey: null, revoked: submission.value.name }
		}
		const { expiresInDays, name, audit } = submission.value
		const { key } = await createApiClient({ name, expiresAt: expiresInDays ? new Date(at.getTime() + expiresInDays * 86_400_000) : null, audit: audit === 'on', actor, at })
		return { result: submission.reply({ resetForm: true }), createdKey: { name, key } }
	} catch (error) {
		if (error instanceof ApiClientError) return data({ result: submission.reply({ formErrors: [error.message] }), createdKey: null }, { status: 400 })
		throw error
	}
}

export default function ApiClientsPage() {
	const { clients } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const navigation = useNavigation()
	const errors = Object.values(actionData?.result.error ?? {}).flat()
	return (
		<div className="stack">
			<h1>API clients</h1>
			<p className="muted">
				Systems such as dispatch call the competency API with a key. Keys are shown once, stored only as a hash, and can be revoked here or with
				<code> npm run -s apikey -- revoke --name &lt;name&gt;</code>. The API is described at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.
			</p>
			{actionData && 'revoked' in actionData && actionData.revoked ? (
				<p className="notice" role="status">
					Revoked the key of {actionData.revoked}: its calls are refused from now on.
				</p>
			) : null}
			{actionData?.createdKey ? (
				<div className="notice" role="status">
					<p>
						Key for <strong>{actionData.createdKey.name}</strong>. Copy it now: it will not be shown again.
					</p>
					<p>
						<code data-testid="new-api-key">{actionData.createdKey.key}</code>
					</p>
				</div>
			) : null}
			{errors.length ? (
				<p className="form-error" role="alert">
					{errors.join(' ')}
				</p>
			) : null}
			<Form method="post" className="card toolbar">
				<input type="hidden" name="intent" value="create" />
				<div className="field">
					<label htmlFor="name">Client name</label>
					<input id="name" name="name" required minLength={2} maxLength={60} />
				</div>
				<div className="field">
					<label htmlFor="expiresInDays">Expires after (days, optional)</label>
					<input id="expiresInDays" name="expiresInDays" type="number" min={1} max={3650} />
				</div>
				<div className="field">
					<label>
						<input type="checkbox" name="audit" value="on" /> May read every client&apos;s checks (audit); without it a key reads only the checks it made
					</label>
				</div>
				<button type="submit" disabled={navigation.state !== 'idle'}>
					Create key
				</button>
			</Form>
			<DataTable
				label="API clients"
				rows={clients}
				rowKey={(c) => c.name}
				empty="No API clients yet."
				columns={[
					{ header: 'Name', cell: (c) => c.name },
					{ header: 'Key', cell: (c) => <code>{c.keyHint}</code> },
					{ header: 'May', cell: (c) => (c.audit ? 'Check; read every client’s checks' : 'Check; read its own checks') },
					{ header: 'State', cell: (c) => c.state },
					{ header: 'Last used', cell: (c) => (c.lastUsedAt ? formatDateTime(c.lastUsedAt) : 'Never') },
					{
						header: 'Revoke',
						cell: (c) =>
							c.active ? (
								<Form method="post">
									<input type="hidden" name="intent" value="revoke" />
									<input type="hidden" name="name" value={c.name} />
									<ConfirmSubmit className="danger" ask={() => `Revoke the key of ${c.name}? Its calls are refused from now on; this cannot be undone (a new key can be created).`} confirmLabel={() => `Yes: revoke ${c.name}`}>
										Revoke<span className="visually-hidden"> the key of {c.name}</span>
									</ConfirmSubmit>
								</Form>
							) : (
								'—'
							),
					},
				]}
			/>
		</div>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
