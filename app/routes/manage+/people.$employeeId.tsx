import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { requirePermission } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { findVisiblePerson } from '#app/people/directory.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.person.name ?? 'Person'} · FieldReady` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const viewer = await requirePermission(request, 'view-readiness')
	const person = await findVisiblePerson({ viewer, employeeId: params.employeeId ?? '' })
	// Outside the viewer's units looks exactly like not existing: no one learns who works elsewhere.
	if (!person) throw new Response('No person with this employee ID in the units you manage.', { status: 404 })
	return {
		person: {
			employeeId: person.employeeId,
			name: person.name,
			email: person.email,
			team: person.orgUnit.name,
			roles: person.roles.map((r) => r.role),
			leftAt: person.leftAt?.toISOString() ?? null,
		},
	}
}

export default function PersonPage() {
	const { person } = useLoaderData<typeof loader>()
	return (
		<div className="stack">
			<h1>{person.name}</h1>
			<dl className="card">
				<dt>Employee ID</dt>
				<dd>{person.employeeId}</dd>
				<dt>Email</dt>
				<dd>{person.email}</dd>
				<dt>Team</dt>
				<dd>{person.team}</dd>
				<dt>Roles</dt>
				<dd>{person.roles.join(', ')}</dd>
				<dt>Status</dt>
				<dd>{person.leftAt ? `Left on ${person.leftAt.slice(0, 10)}` : 'Active'}</dd>
			</dl>
		</div>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
