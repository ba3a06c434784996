import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { requirePermission } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { searchPeople } from '#app/people/directory.server.ts'

export const meta: MetaFunction = () => [{ title: 'People · FieldReady' }]

const querySchema = z.object({
	q: z.string().max(100).catch(''),
	page: z.coerce.number().int().min(1).catch(1),
})

export async function loader({ request }: LoaderFunctionArgs) {
	const viewer = await requirePermission(request, 'view-readiness')
	const { q, page } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
	return { q, page, ...(await searchPeople({ viewer, query: q, page })) }
}

export default function PeoplePage() {
	const { q, page, total, pageCount, people } = useLoaderData<typeof loader>()
	const [searchParams] = useSearchParams()
	const pageLink = (target: number) => {
		const params = new URLSearchParams(searchParams)
		params.set('page', String(target))
		return `?${params}`
	}
	return (
		<div className="stack">
			<h1>People</h1>
			<Form method="get" className="toolbar" role="search">
				<div className="field">
					<label htmlFor="q">Search name, employee ID or email</label>
					<input id="q" name="q" type="search" defaultValue={q} />
				</div>
				<button type="submit">Search</button>
			</Form>
			<p className="muted" aria-live="polite">
				{total} {total === 1 ? 'person' : 'people'}
			</p>
			{people.length === 0 ? (
				<p className="notice">No one matches this search.</p>
			) : (
				<div className="table-wrap">
					<table>
						<thead>
							<tr>
								<th scope="col">Employee ID</th>
								<th scope="col">Name</th>
								<th scope="col">Team</th>
								<th scope="col">Roles</th>
								<th scope="col">Status</th>
							</tr>
						</thead>
						<tbody>
							{people.map((person) => (
								<tr key={person.employeeId}>
									<td>{person.employeeId}</td>
									<td>
										<Link to={person.employeeId}>{person.name}</Link>
									</td>
									<td>{person.team}</td>
									<td>{person.roles.join(', ')}</td>
									<td>{person.leftAt ? <span className="badge badge-inactive">Left</span> : 'Active'}</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
			<nav className="pagination" aria-label="Pages">
				{page > 1 ? <Link to={pageLink(page - 1)}>Previous</Link> : null}
				<span>
					Page {page} of {pageCount}
				</span>
				{page < pageCount ? <Link to={pageLink(page + 1)}>Next</Link> : null}
			</nav>
		</div>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
