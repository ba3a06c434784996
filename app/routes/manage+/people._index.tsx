import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { requirePermission } from '#app/auth/permissions.server.ts'
import { DataTable } from '#app/components/data-table.tsx'
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
			<DataTable
				label="People"
				rows={people}
				rowKey={(p) => p.employeeId}
				empty="No one matches this search."
				columns={[
					{ header: 'Employee ID', cell: (p) => p.employeeId },
					{ header: 'Name', cell: (p) => <Link to={p.employeeId}>{p.name}</Link> },
					{ header: 'Team', cell: (p) => p.team },
					{ header: 'Roles', cell: (p) => p.roles.join(', ') },
					{ header: 'Status', cell: (p) => (p.leftAt ? <span className="badge badge-inactive">Left</span> : 'Active') },
				]}
			/>
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
