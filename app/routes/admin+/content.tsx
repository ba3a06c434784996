import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { requirePermission } from '#app/auth/permissions.server.ts'
import { catalogOverview } from '#app/catalog/catalog-overview.server.ts'
import { formatProblemText } from '#app/catalog/format-problem.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { formatDateTime } from '#app/utils/dates.ts'

export const meta: MetaFunction = () => [{ title: 'Content · FieldReady' }]

export async function loader({ request }: LoaderFunctionArgs) {
	await requirePermission(request, 'administer')
	return catalogOverview()
}

export default function ContentPage() {
	const { modules, quizzes, certifications, workTypes, lastSync, lastGoodSyncAt } = useLoaderData<typeof loader>()
	return (
		<div className="stack">
			<h1>Content</h1>
			<section className="card" aria-labelledby="sync-heading">
				<h2 id="sync-heading">Last catalog sync</h2>
				{!lastSync ? (
					<p>The catalog has not been synced yet. It syncs from content/ every time the app starts.</p>
				) : lastSync.ok ? (
					<p>Synced {formatDateTime(lastSync.at)} without problems.</p>
				) : (
					<div className="form-error" role="alert">
						<p>
							The sync at {formatDateTime(lastSync.at)} was rejected; the catalog below is the last good one
							{lastGoodSyncAt ? ` (synced ${formatDateTime(lastGoodSyncAt)})` : ''}. Fix these problems (npm run content:check lists them too):
						</p>
						<ul>
							{lastSync.problems.map((problem) => (
								<li key={formatProblemText(problem)}>
									<code>{formatProblemText(problem)}</code>
								</li>
							))}
						</ul>
					</div>
				)}
			</section>
			<h2>Modules ({modules.length})</h2>
			<div className="table-wrap">
				<table>
					<thead>
						<tr>
							<th scope="col">Module</th>
							<th scope="col">Kind</th>
							<th scope="col">Current version</th>
							<th scope="col">Versions</th>
						</tr>
					</thead>
					<tbody>
						{modules.map((m) => (
							<tr key={m.id}>
								<td>
									{m.title} <span className="muted">({m.id})</span> {m.retired ? <span className="badge badge-missing">Retired</span> : null}
								</td>
								<td>{m.kind}</td>
								<td>
									v{m.current.version} · <code>{m.current.hash}</code> · {formatDateTime(m.current.createdAt)}
								</td>
								<td>{m.versionCount}</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
			<h2>Quizzes ({quizzes.length})</h2>
			<div className="table-wrap">
				<table>
					<thead>
						<tr>
							<th scope="col">Quiz</th>
							<th scope="col">Questions</th>
							<th scope="col">Pass mark</th>
							<th scope="col">Current version</th>
							<th scope="col">Versions</th>
						</tr>
					</thead>
					<tbody>
						{quizzes.map((q) => (
							<tr key={q.id}>
								<td>
									{q.title} {q.retired ? <span className="badge badge-missing">Retired</span> : null}
								</td>
								<td>
									{q.questionsPerAttempt} of {q.questionCount}
								</td>
								<td>{q.passMark}%</td>
								<td>
									v{q.current.version} · <code>{q.current.hash}</code>
								</td>
								<td>{q.versionCount}</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
			<h2>Certifications ({certifications.length})</h2>
			<div className="table-wrap">
				<table>
					<thead>
						<tr>
							<th scope="col">Code</th>
							<th scope="col">Name</th>
							<th scope="col">Validity</th>
							<th scope="col">Renewal window</th>
							<th scope="col">Required modules</th>
						</tr>
					</thead>
					<tbody>
						{certifications.map((c) => (
							<tr key={c.code}>
								<td>{c.code}</td>
								<td>
									{c.name}
									{c.requiredForAllReps ? ' (every rep)' : ''}
								</td>
								<td>{c.validityMonths} months</td>
								<td>{c.recertificationWindowDays} days</td>
								<td>{c.requirements.join(', ')}</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
			<h2>Work types ({workTypes.length})</h2>
			<div className="table-wrap">
				<table>
					<thead>
						<tr>
							<th scope="col">Code</th>
							<th scope="col">Name</th>
							<th scope="col">Requires</th>
						</tr>
					</thead>
					<tbody>
						{workTypes.map((w) => (
							<tr key={w.code}>
								<td>{w.code}</td>
								<td>{w.name}</td>
								<td>{w.requirements.join(', ')}</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
		</div>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
