import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { requirePermission, userCan } from '#app/auth/permissions.server.ts'
import { DataTable } from '#app/components/data-table.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { outcomeLabels, type AssessmentOutcome } from '#app/practical/assessment-fields.ts'
import { certificationsWithPractical, practicalQueue } from '#app/practical/practical-assessments.server.ts'
import { formatDate } from '#app/utils/dates.ts'

export const meta: MetaFunction = () => [{ title: 'Practical assessments · FieldReady' }]

const querySchema = z.object({ page: z.coerce.number().int().min(1).catch(1) })

export async function loader({ request }: LoaderFunctionArgs) {
	const viewer = await requirePermission(request, 'see-practical-queue')
	const { page } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
	const [queue, certifications] = await Promise.all([practicalQueue({ viewer, at: new Date(), page }), certificationsWithPractical()])
	return { ...queue, certifications, canAssess: userCan(viewer, 'assess-practicals') }
}

export default function PracticalAssessmentsPage() {
	const { rows, total, page, pageCount, certifications, canAssess } = useLoaderData<typeof loader>()
	return (
		<div className="stack">
			<h1>Practical assessments</h1>
			<p>
				Certifications for high-risk work ({certifications.map((c) => c.code).join(', ') || 'none at present'}) are awarded only after an assessor has watched the rep do the
				work safely and recorded every checklist item as met. These people have finished the training and await that observation.
			</p>
			<p className="muted" aria-live="polite">
				{total} {total === 1 ? 'person awaits' : 'people await'} a practical assessment
			</p>
			<DataTable
				rows={rows}
				rowKey={(r) => `${r.employeeId}-${r.certificationCode}`}
				label="People awaiting a practical assessment, longest waiting first"
				empty="Nobody awaits a practical assessment: everyone who finished the training has been assessed."
				columns={[
					{ header: 'Employee ID', cell: (r) => r.employeeId },
					{ header: 'Name', cell: (r) => r.name },
					{ header: 'Team', cell: (r) => r.team },
					{ header: 'Certification', cell: (r) => r.certificationCode },
					{ header: 'Training completed', cell: (r) => formatDate(r.trainingCompletedAt) },
					{ header: 'Training counts until', cell: (r) => formatDate(r.lapsesAt) },
					{ header: 'Last assessment', cell: (r) => (r.lastAssessment ? `${outcomeLabels[r.lastAssessment.outcome as AssessmentOutcome] ?? r.lastAssessment.outcome}, ${formatDate(r.lastAssessment.performedOn)}` : 'None yet') },
					...(canAssess
						? [{ header: 'Assess', cell: (r: (typeof rows)[number]) => <Link to={`${r.employeeId}/${r.certificationCode}`} aria-label={`Record assessment of ${r.name} for ${r.certificationCode}`}>Record assessment</Link> }]
						: []),
				]}
			/>
			<nav className="pagination" aria-label="Pages">
				{page > 1 ? <Link to={`?page=${page - 1}`}>Previous</Link> : null}
				<span>
					Page {page} of {pageCount}
				</span>
				{page < pageCount ? <Link to={`?page=${page + 1}`}>Next</Link> : null}
			</nav>
			{canAssess && certifications.length > 0 ? (
				<section className="card stack" aria-labelledby="assess-anyone-heading">
					<h2 id="assess-anyone-heading">Assess someone not in this list</h2>
					<p className="muted">A practical may be observed before the rep finishes the training; it counts once the training is done, within the same cycle.</p>
					<Form method="get" action="record" className="toolbar">
						<div className="field">
							<label htmlFor="employeeId">Employee ID</label>
							<input id="employeeId" name="employeeId" required pattern="[A-Z]{2,5}-[0-9]{3,8}" title="An employee ID like SR-1001" />
						</div>
						<div className="field">
							<label htmlFor="certificationCode">Certification</label>
							<select id="certificationCode" name="certificationCode" required>
								{certifications.map((c) => (
									<option key={c.code} value={c.code}>
										{c.code}: {c.name}
									</option>
								))}
							</select>
						</div>
						<button type="submit">Open the checklist</button>
					</Form>
				</section>
			) : null}
		</div>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
