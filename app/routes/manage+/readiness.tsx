import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requirePermission } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { overseenUnits } from '#app/people/directory.server.ts'

export const meta: MetaFunction = () => [{ title: 'Readiness · FieldReady' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const viewer = await requirePermission(request, 'view-readiness')
	return { units: await overseenUnits({ viewer, at: new Date() }) }
}

const kindLabel: Record<string, string> = { business_line: 'Business line', region: 'Region', team: 'Team' }

export default function ReadinessPage() {
	const { units } = useLoaderData<typeof loader>()
	return (
		<div className="stack">
			<h1>Readiness</h1>
			{units.length === 0 ? (
				<p className="notice">You do not manage any org units yet. Ask an administrator to assign you one.</p>
			) : (
				<div className="grid">
					{units.map((unit) => (
						<section key={unit.id} className="card" aria-label={unit.name}>
							<p className="muted">{kindLabel[unit.kind] ?? unit.kind}</p>
							<h2>{unit.name}</h2>
							<p>
								<span className="kpi">{unit.activePeople}</span> active reps
							</p>
							<Link to={`/manage/people`}>See people</Link>
						</section>
					))}
				</div>
			)}
		</div>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
