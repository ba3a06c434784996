import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation, useSearchParams } from '@remix-run/react'
import { useState, type ChangeEvent } from 'react'
import { z } from 'zod'
import { requirePermission } from '#app/auth/permissions.server.ts'
import { DataTable } from '#app/components/data-table.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { CapacityChart, ComplianceChart, ExpiriesChart, TrendChart } from '#app/components/readiness-charts.tsx'
import { StatusBadge } from '#app/components/status-badge.tsx'
import { queueManagerReminders } from '#app/certification/reminders.server.ts'
import { findVisiblePerson } from '#app/people/directory.server.ts'
import { parseReadinessQuery, readinessReport } from '#app/readiness/readiness-report.server.ts'
import { retrainingOverview } from '#app/retraining/retraining.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { formatDate } from '#app/utils/dates.ts'

export const meta: MetaFunction = () => [{ title: 'Readiness · FieldReady' }]

const PAGE_SIZE = 25

function parseQueryOr400(url: URL) {
	const parsed = parseReadinessQuery(url)
	if (!parsed.ok) throw new Response(parsed.message, { status: 400 })
	return parsed
}

const remindSchema = z.object({ employeeId: z.array(z.string().min(1)).min(1, 'Select at least one person to remind.').max(500) })

export async function action({ request }: ActionFunctionArgs) {
	const viewer = await requirePermission(request, 'view-readiness')
	const form = await request.formData()
	const parsed = remindSchema.safeParse({ employeeId: form.getAll('employeeId') })
	if (!parsed.success) return data({ error: parsed.error.issues[0]!.message, reminded: 0 }, { status: 400 })
	const people = await Promise.all(parsed.data.employeeId.map((employeeId) => findVisiblePerson({ viewer, employeeId })))
	// Someone outside the viewer's units is refused as a whole: nothing is sent.
	if (people.some((p) => p === null)) return data({ error: 'Some selected people are not in the units you manage.', reminded: 0 }, { status: 403 })
	const { queued } = await queueManagerReminders({ managerId: viewer.id, managerName: viewer.name, personIds: people.map((p) => p!.id), at: new Date() })
	return { error: null, reminded: queued }
}

export async function loader({ request }: LoaderFunctionArgs) {
	const viewer = await requirePermission(request, 'view-readiness')
	const { filters, table } = parseQueryOr400(new URL(request.url))
	const now = new Date()
	const unit = filters.unit ? await prisma.orgUnit.findUnique({ where: { code: filters.unit }, select: { path: true } }) : null
	const [{ at, summary, options, people }, retraining] = await Promise.all([
		readinessReport({ viewer, filters, table, pageSize: PAGE_SIZE, now }),
		retrainingOverview({ viewer, unitPath: unit?.path ?? null, at: now }),
	])
	return { filters, table, at: at.toISOString(), summary, options, people, retraining }
}

const kindLabel: Record<string, string> = { business_line: 'Business line', region: 'Region', team: 'Team' }

/**
 * Form fields that always show what the URL says: set from the loader's values, and set again on
 * every navigation (Back, Forward, a link, a submission). `defaultValue` only counts at mount, so
 * after Back the fields kept whatever was last chosen. Between navigations the fields are editable.
 */
function useFieldsFromUrl<Name extends string>(fromUrl: Record<Name, string>) {
	const { key } = useLocation()
	const [edited, setEdited] = useState({ key, values: fromUrl })
	if (edited.key !== key) setEdited({ key, values: fromUrl })
	const values = edited.key === key ? edited.values : fromUrl
	return (name: Name) => ({ id: name, name, value: values[name], onChange: (event: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setEdited({ key, values: { ...values, [name]: event.target.value } }) })
}

function Filters({ filters, options }: Pick<Awaited<ReturnType<typeof loader>>, 'filters' | 'options'>) {
	const field = useFieldsFromUrl({ asOf: filters.asOf ?? '', unit: filters.unit ?? '', certification: filters.certification ?? '', workType: filters.workType ?? '' })
	return (
		<Form method="get" className="card toolbar" aria-label="Filters">
			<div className="field">
				<label htmlFor="asOf">As of</label>
				<input type="date" {...field('asOf')} />
			</div>
			<div className="field">
				<label htmlFor="unit">Business line, region or team</label>
				<select {...field('unit')}>
					<option value="">Everything I manage</option>
					{options.units.map((u) => (
						<option key={u.code} value={u.code}>
							{kindLabel[u.kind]}: {u.name}
						</option>
					))}
				</select>
			</div>
			<div className="field">
				<label htmlFor="certification">Certification</label>
				<select {...field('certification')}>
					<option value="">All required</option>
					{options.certifications.map((c) => (
						<option key={c.code} value={c.code}>
							{c.name} ({c.code})
						</option>
					))}
				</select>
			</div>
			<div className="field">
				<label htmlFor="workType">Work type</label>
				<select {...field('workType')}>
					<option value="">Any</option>
					{options.workTypes.map((w) => (
						<option key={w.code} value={w.code}>
							{w.name}
						</option>
					))}
				</select>
			</div>
			<button type="submit">Apply</button>
		</Form>
	)
}

export default function ReadinessPage() {
	const { filters, table, at, summary, options, people, retraining } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const [searchParams] = useSearchParams()
	const withParams = (changes: Record<string, string>) => {
		const params = new URLSearchParams(searchParams)
		for (const [key, value] of Object.entries(changes)) params.set(key, value)
		return `?${params}`
	}
	const { kpis } = summary
	const onDate = filters.asOf ? `on ${filters.asOf}` : 'now'
	const searchField = useFieldsFromUrl({ q: table.q, sort: table.sort })
	return (
		<div className="stack">
			<h1>Readiness</h1>
			<Filters filters={filters} options={options} />
			<p className="muted">
				Status {filters.asOf ? `at the end of ${filters.asOf} (UTC)` : `now (${formatDate(at)})`} for {kpis.reps} active reps.
			</p>
			<section className="kpis" aria-label="Key figures">
				<div className="card">
					<p className="kpi">{kpis.compliantPercent}%</p>
					<p>fully compliant ({kpis.compliant} of {kpis.reps})</p>
				</div>
				{([30, 60, 90] as const).map((days) => (
					<div className="card" key={days}>
						<p className="kpi">{kpis.expiringWithin[days]}</p>
						<p>expiring within {days} days</p>
					</div>
				))}
				<div className="card">
					<p className="kpi">{kpis.expired}</p>
					<p>with an expired certification</p>
				</div>
				<div className="card">
					<p className="kpi">{kpis.missing}</p>
					<p>missing a certification</p>
				</div>
				<div className="card">
					<p className="kpi">{kpis.revoked}</p>
					<p>with a revoked certification</p>
				</div>
				<div className="card">
					<p className="kpi">{kpis.suspended}</p>
					<p>with a suspended certification</p>
				</div>
				<div className="card">
					<p className="kpi">{retraining.overdue}</p>
					<p>
						<a href="#retraining-heading">with retraining overdue</a> (now; not dispatchable for that certification)
					</p>
				</div>
			</section>
			<div className="charts">
				<ComplianceChart bars={summary.byGroup.bars} groupBy={summary.byGroup.groupBy} />
				<CapacityChart capacity={summary.capacity} onDateLabel={onDate} />
				<ExpiriesChart months={summary.expiriesAhead} />
				<TrendChart points={summary.trend} />
			</div>
			<section aria-labelledby="retraining-heading" className="stack">
				<h2 id="retraining-heading">Retraining after material changes (now)</h2>
				<p>
					{retraining.overdue} overdue (the certification no longer counts for dispatch) · {retraining.due} within their grace period
				</p>
				<DataTable
					rows={retraining.rows}
					rowKey={(r) => r.id}
					label="Retraining owed, most urgent first"
					empty="Nobody owes retraining: no required module has changed materially since their training."
					columns={[
						{ header: 'Person', cell: (r) => <Link to={`/manage/people/${r.employeeId}`}>{r.name}</Link> },
						{ header: 'Certification', cell: (r) => r.certificationName },
						{ header: 'Changed module', cell: (r) => r.moduleTitle },
						{ header: 'Deadline', cell: (r) => <>{formatDate(r.deadline)}{r.overdue ? <> <span className="badge badge-expired">Overdue</span></> : null}</> },
					]}
				/>
			</section>
			<section aria-labelledby="people-heading" className="stack">
				<h2 id="people-heading">People ({people.total})</h2>
				<Form method="get" className="toolbar" role="search">
					{Object.entries(filters).map(([key, value]) => (value ? <input key={key} type="hidden" name={key} value={value} /> : null))}
					<div className="field">
						<label htmlFor="q">Search name, employee ID or team</label>
						<input type="search" {...searchField('q')} />
					</div>
					<div className="field">
						<label htmlFor="sort">Sort by</label>
						<select {...searchField('sort')}>
							<option value="state">Status (worst first)</option>
							<option value="nextExpiry">Next expiry</option>
							<option value="name">Name</option>
							<option value="team">Team</option>
						</select>
					</div>
					<button type="submit">Show</button>
					<a className="button secondary" href={`/manage/readiness.csv${withParams({})}`} download>
						Download CSV
					</a>
					{filters.unit ? (
						<a className="button secondary" href={`/manage/evidence-pack?${new URLSearchParams({ unit: filters.unit })}`} download>
							Download audit evidence pack
						</a>
					) : null}
				</Form>
				{actionData?.error ? (
					<p className="form-error" role="alert">
						{actionData.error}
					</p>
				) : actionData?.reminded ? (
					<p className="notice" role="status">
						Reminded {actionData.reminded} {actionData.reminded === 1 ? 'person' : 'people'}.
					</p>
				) : null}
				<Form method="post" id="remind-form">
					<button type="submit" className="secondary">
						Remind selected
					</button>
				</Form>
				<DataTable
					rows={people.rows}
					rowKey={(r) => r.employeeId}
					label="People"
					empty="No one matches."
					columns={[
						{ header: 'Select', cell: (r) => <input type="checkbox" name="employeeId" value={r.employeeId} form="remind-form" aria-label={`Select ${r.name}`} /> },
						{ header: 'Employee ID', cell: (r) => r.employeeId },
						{ header: 'Name', cell: (r) => <Link to={`/manage/people/${r.employeeId}`}>{r.name}</Link> },
						{ header: 'Team', cell: (r) => r.team },
						{ header: 'Status', cell: (r) => <StatusBadge status={r.state} /> },
						{ header: 'Next expiry', cell: (r) => formatDate(r.nextExpiry) },
					]}
				/>
				<nav className="pagination" aria-label="Pages">
					{table.page > 1 ? <Link to={withParams({ page: String(table.page - 1) })}>Previous</Link> : null}
					<span>
						Page {table.page} of {people.pageCount}
					</span>
					{table.page < people.pageCount ? <Link to={withParams({ page: String(table.page + 1) })}>Next</Link> : null}
				</nav>
			</section>
		</div>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
