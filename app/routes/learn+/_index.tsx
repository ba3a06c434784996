import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { requirePermission } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { prisma } from '#app/utils/db.server.ts'

export const meta: MetaFunction = () => [{ title: 'My training · FieldReady' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'learn')
	const unit = await prisma.orgUnit.findUniqueOrThrow({ where: { id: user.orgUnitId }, select: { name: true } })
	return { name: user.name, team: unit.name }
}

export default function MyTrainingPage() {
	const { name, team } = useLoaderData<typeof loader>()
	return (
		<div className="stack">
			<h1>My training</h1>
			<p className="muted">
				{name} · {team}
			</p>
			<section className="card" aria-labelledby="required-heading">
				<h2 id="required-heading">Required certifications</h2>
				<p>No training has been assigned to you yet.</p>
			</section>
		</div>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
