import { type SubmissionResult } from '@conform-to/react'
import { type AwardAction } from '#app/certification/award-fields.ts'
import { formatDate } from '#app/utils/dates.ts'
import { EmploymentHistory, type EmploymentHistoryRow } from './__employment-history.tsx'
import { PersonAdministration, type AdminDateLimits, type AdminResult, type EmploymentState } from './__person-admin.tsx'
import { PersonHistory, type HistoryData } from './__person-history.tsx'
import { PersonViewNav } from './__person-nav.tsx'
import { PersonOverview, type OverviewData } from './__person-overview.tsx'
import { PersonTraining, type TrainingData } from './__person-training.tsx'

type AdministrationData = {
	name: 'administration'
	employment: EmploymentHistoryRow[]
	certificationCodes: Array<{ code: string; name: string }>
	isSelf: boolean
	state: EmploymentState
	limits: AdminDateLimits
}

/** One view's data: the loader reads only what the chosen view shows. */
export type PersonViewData = OverviewData | TrainingData | HistoryData | AdministrationData

type Props = {
	person: { employeeId: string; name: string; email: string; team: string; roles: string[]; leftAt: string | null }
	isAdmin: boolean
	/** Counted on every view: the navigation shows it beside Training, where they are reviewed. */
	heldCompletions: number
	view: PersonViewData
	lastResult: SubmissionResult<string[]> | undefined
	reviewed: ReviewedNotice | undefined
	changed: StatusChangedNotice | undefined
	adminResult: AdminResult | undefined
}

function ErrorSummary({ lastResult }: { lastResult: Props['lastResult'] }) {
	const messages = Object.values(lastResult?.error ?? {}).flat().filter((m): m is string => typeof m === 'string')
	if (lastResult?.status !== 'error' || messages.length === 0) return null
	return (
		<div className="form-error" role="alert">
			{messages.join(' ')}
		</div>
	)
}

/** What the last review of a held course completion decided, for the success message. */
export type ReviewedNotice = { decision: 'accepted' | 'rejected'; title: string }

/** The suspension, revocation or reinstatement just applied, for the success message. */
export type StatusChangedNotice = { awardId: string; kind: AwardAction }

const changedVerbs: Record<AwardAction, string> = { suspended: 'Suspended', revoked: 'Revoked', reinstated: 'Reinstated' }

function Notices({ person, view, reviewed, changed }: Pick<Props, 'person' | 'view' | 'reviewed' | 'changed'>) {
	// Status changes are made from the overview, so its certifications name the one just changed.
	const changedCode = changed && view.name === 'overview' ? view.certifications.find((c) => c.awardId === changed.awardId)?.code : undefined
	return (
		<>
			{changed ? (
				<p className="notice" role="status">
					{changedVerbs[changed.kind]} {changedCode ?? 'the certification'} for {person.name}; the reason is recorded in the audit log.
				</p>
			) : null}
			{reviewed ? (
				<p className="notice" role="status">
					{reviewed.decision === 'accepted' ? `Accepted: ${reviewed.title} now counts toward ${person.name}'s certifications.` : `Rejected: ${person.name} will take ${reviewed.title} again.`}
				</p>
			) : null}
		</>
	)
}

function ChosenView({ person, view, heldCompletions, adminResult }: Pick<Props, 'person' | 'view' | 'heldCompletions' | 'adminResult'>) {
	switch (view.name) {
		case 'overview':
			return <PersonOverview view={view} employeeId={person.employeeId} heldCompletions={heldCompletions} />
		case 'training':
			return <PersonTraining view={view} />
		case 'history':
			return <PersonHistory view={view} />
		case 'administration':
			return (
				<>
					{/* The forms' dates are bounded by these periods, so they are shown beside them. */}
					<EmploymentHistory periods={view.employment} />
					<PersonAdministration person={{ name: person.name, leftAt: person.leftAt, employment: view.state, isAssessor: person.roles.includes('assessor') }} isSelf={view.isSelf} certificationCodes={view.certificationCodes} limits={view.limits} adminResult={adminResult} />
				</>
			)
	}
}

export function PersonRecord({ person, isAdmin, heldCompletions, view, lastResult, reviewed, changed, adminResult }: Props) {
	return (
		<div className="stack">
			<h1>{person.name}</h1>
			<p>
				<a className="button secondary" href={`/manage/evidence-pack?${new URLSearchParams({ employeeId: person.employeeId })}`} download>
					Download audit evidence pack
				</a>
			</p>
			<ErrorSummary lastResult={lastResult} />
			<Notices person={person} view={view} reviewed={reviewed} changed={changed} />
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
				<dd>{person.leftAt ? <span className="badge badge-inactive">Left on {formatDate(person.leftAt)}</span> : 'Active'}</dd>
			</dl>
			<PersonViewNav current={view.name} isAdmin={isAdmin} heldCompletions={heldCompletions} />
			<ChosenView person={person} view={view} heldCompletions={heldCompletions} adminResult={adminResult} />
		</div>
	)
}
