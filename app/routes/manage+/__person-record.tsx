import { type SubmissionResult } from '@conform-to/react'
import { Form, Link } from '@remix-run/react'
import { DataTable } from '#app/components/data-table.tsx'
import { ConfirmSubmit } from '#app/components/confirm-submit.tsx'
import { PracticalStandingList, type PracticalStanding } from '#app/components/practical-standing.tsx'
import { RetrainingList, type OpenRetraining } from '#app/components/retraining-list.tsx'
import { ProgressBar, StatusBadge } from '#app/components/status-badge.tsx'
import { type AwardAction } from '#app/certification/award-fields.ts'
import { type CertificationStatus } from '#app/certification/status.ts'
import { formatDate, formatDateTime } from '#app/utils/dates.ts'
import { EmploymentHistory, type EmploymentHistoryRow } from './__employment-history.tsx'
import { PersonAdministration, type AdminDateLimits, type AdminResult, type EmploymentState } from './__person-admin.tsx'
import { ScormAttempts } from './__scorm-attempts.tsx'

type Props = {
	person: { employeeId: string; name: string; email: string; team: string; roles: string[]; leftAt: string | null }
	certifications: Array<{ code: string; name: string; required: boolean; status: CertificationStatus; awardId: string | null; expiresAt: string | Date | null; decisions: AwardDecisions }>
	history: Array<{ id: string; certificationCode: string; issuedAt: string | Date; expiresAt: string | Date; source: string; evidenceNote: string | null; evidenceFile: { sha256: string; fileName: string } | null; changes: Array<{ kind: string; reason: string; at: string | Date; by: string }> }>
	checks: Array<{ id: string; workTypeCode: string; at: string | Date; checkedAt: string | Date; eligible: boolean; client: string; reasons: string[] }>
	modules: Array<{ moduleId: string; title: string; percent: number; state: string }>
	attempts: Array<{ id: string; quizId: string; startedAt: string | Date; submittedAt: string | Date | null; scorePercent: number | null; passed: boolean | null }>
	scormAttempts: Parameters<typeof ScormAttempts>[0]['attempts']
	/** Why the viewer may not accept or reject this person's held course completions, or null. */
	completionReviewRefusal: string | null
	reviewed: ReviewedNotice | undefined
	changed: StatusChangedNotice | undefined
	isAdmin: boolean
	certificationCodes: Array<{ code: string; name: string }>
	lastResult: SubmissionResult<string[]> | undefined
	employment: EmploymentHistoryRow[]
	administration: { isSelf: boolean; state: EmploymentState; limits: AdminDateLimits }
	adminResult: AdminResult | undefined
	practicals: PracticalStanding[]
	retraining: OpenRetraining[]
	/** Whether the viewer may record a practical assessment of this person (an assessor, not themself). */
	canAssess: boolean
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

/** What the viewer may decide on an award (the permissions module says), or why nothing. */
export type AwardDecisions = { allowed: AwardAction[]; note: string | null }

const actionLabels = (status: CertificationStatus): Record<AwardAction, string> => ({
	suspended: 'Suspend (temporary)',
	revoked: 'Revoke (final)',
	reinstated: status === 'suspended' ? 'Lift the suspension' : 'Reinstate',
})

const chosenAction = (form: HTMLFormElement) => new FormData(form).get('kind') as AwardAction

/** Suspending and revoking take work away from someone at once (and a revocation is not its author's to reverse): asked once. */
function statusChangeQuestion(form: HTMLFormElement, certificationCode: string) {
	const action = chosenAction(form)
	if (action === 'revoked') return `Revoke ${certificationCode}? It stops counting at once; only an administrator, or a manager above you, can reverse a revocation, never you.`
	if (action === 'suspended') return `Suspend ${certificationCode}? It stops counting at once, until a manager of this person or an administrator lifts the suspension.`
	return null
}

function StatusChangeForm({ awardId, certificationCode, status, decisions }: { awardId: string; certificationCode: string; status: CertificationStatus; decisions: AwardDecisions }) {
	if (decisions.allowed.length === 0) return <span className="muted">{decisions.note ?? '—'}</span>
	const labels = actionLabels(status)
	const lifting = decisions.allowed.includes('reinstated')
	return (
		// Keyed by status: after a change the row's form starts empty, so a revoke reason never reappears as a reinstatement's.
		<Form key={status} method="post" className="toolbar">
			<input type="hidden" name="intent" value="change-status" />
			<input type="hidden" name="awardId" value={awardId} />
			<div className="field">
				<label htmlFor={`kind-${awardId}`}>Action</label>
				<select id={`kind-${awardId}`} name="kind" defaultValue={decisions.allowed[0]}>
					{decisions.allowed.map((action) => (
						<option key={action} value={action}>
							{labels[action]}
						</option>
					))}
				</select>
			</div>
			<div className="field">
				<label htmlFor={`reason-${awardId}`}>Reason (required)</label>
				<input id={`reason-${awardId}`} name="reason" required minLength={5} />
			</div>
			<ConfirmSubmit className={lifting && decisions.allowed.length === 1 ? undefined : 'danger'} ask={(form) => statusChangeQuestion(form, certificationCode)} confirmLabel={(form) => `Yes: ${labels[chosenAction(form)].toLowerCase()}`}>
				Apply
			</ConfirmSubmit>
		</Form>
	)
}

const pageSections = [
	['certifications-heading', 'Certifications'],
	['history-heading', 'Certification history'],
	['training-heading', 'Training progress'],
	['retraining-heading', 'Retraining'],
	['practicals-heading', 'Practical assessments'],
	['attempts-heading', 'Quiz attempts'],
	['scorm-attempts-heading', 'SCORM courses'],
	['checks-heading', 'Dispatch checks'],
] as const

/** The page is long: where each part is, and what matters most before reading any of it. */
function PersonAtAGlance({ certifications, isAdmin, needsReview }: { certifications: Array<{ status: CertificationStatus; required: boolean }>; isAdmin: boolean; needsReview: boolean }) {
	const required = certifications.filter((c) => c.required)
	const counting = required.filter((c) => c.status === 'valid' || c.status === 'expiring').length
	const expiring = required.filter((c) => c.status === 'expiring').length
	return (
		<nav aria-label="On this page" className="card on-this-page">
			<p>
				<strong>
					{counting} of {required.length} required certifications count
				</strong>
				{expiring ? `, ${expiring} expiring soon` : ''}
				{needsReview ? '; a course completion needs your review' : ''}.
			</p>
			<ul>
				{[...pageSections, ...(isAdmin ? ([['admin-heading', 'Administration']] as const) : [])].map(([id, label]) => (
					<li key={id}>
						<a href={`#${id}`}>{label}</a>
					</li>
				))}
			</ul>
		</nav>
	)
}

export function PersonRecord({ person, certifications, history, checks, modules, attempts, scormAttempts, completionReviewRefusal, reviewed, changed, isAdmin, certificationCodes, lastResult, employment, administration, adminResult, practicals, retraining, canAssess }: Props) {
	return (
		<div className="stack">
			<h1>{person.name}</h1>
			<p>
				<a className="button secondary" href={`/manage/evidence-pack?${new URLSearchParams({ employeeId: person.employeeId })}`} download>
					Download audit evidence pack
				</a>
			</p>
			<ErrorSummary lastResult={lastResult} />
			{changed ? (
				<p className="notice" role="status">
					{changedVerbs[changed.kind]} {certifications.find((c) => c.awardId === changed.awardId)?.code ?? 'the certification'} for {person.name}; the reason is recorded in the audit log.
				</p>
			) : null}
			{reviewed ? (
				<p className="notice" role="status">
					{reviewed.decision === 'accepted' ? `Accepted: ${reviewed.title} now counts toward ${person.name}'s certifications.` : `Rejected: ${person.name} will take ${reviewed.title} again.`}
				</p>
			) : null}
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
			<PersonAtAGlance certifications={certifications} isAdmin={isAdmin} needsReview={scormAttempts.some((a) => a.review?.state === 'needed')} />
			<EmploymentHistory periods={employment} />
			<section aria-labelledby="certifications-heading">
				<h2 id="certifications-heading">Certifications</h2>
				<DataTable
					label="Certifications"
					rows={certifications}
					rowKey={(c) => c.code}
					empty="No certification is required of or held by this person."
					columns={[
						{ header: 'Certification', cell: (c) => <>{c.name} <span className="muted">({c.code}{c.required ? '' : ', not required'})</span></> },
						{ header: 'Status now', cell: (c) => <StatusBadge status={c.status} /> },
						{ header: 'Expires', cell: (c) => formatDate(c.expiresAt) },
						{ header: 'Suspend, revoke or reinstate', cell: (c) => (c.awardId && c.status !== 'expired' ? <StatusChangeForm awardId={c.awardId} certificationCode={c.code} status={c.status} decisions={c.decisions} /> : '—') },
					]}
				/>
			</section>
			<section aria-labelledby="history-heading">
				<h2 id="history-heading">Certification history</h2>
				{history.length === 0 ? (
					<p className="muted">No awards yet.</p>
				) : (
					<ul className="stack">
						{history.map((award) => (
							<li key={award.id}>
								<strong>{award.certificationCode}</strong> awarded {formatDate(award.issuedAt)} ({award.source}), expires {formatDate(award.expiresAt)}
								{award.evidenceNote ? <span className="muted"> · {award.evidenceNote}</span> : null}
								{award.evidenceFile ? (
									<>
										{' · '}
										<a href={`/manage/evidence-files/${award.evidenceFile.sha256}`} download>
											Evidence file: {award.evidenceFile.fileName}
										</a>
									</>
								) : null}
								{award.changes.length > 0 ? (
									<ul>
										{award.changes.map((change) => (
											<li key={`${change.kind}-${String(change.at)}`}>
												{formatDateTime(change.at)}: {change.kind} by {change.by}: {change.reason}
											</li>
										))}
									</ul>
								) : null}
							</li>
						))}
					</ul>
				)}
			</section>
			<section aria-labelledby="training-heading">
				<h2 id="training-heading">Training progress</h2>
				<DataTable
					label="Training progress by module"
					rows={modules}
					rowKey={(m) => m.moduleId}
					empty="No module is required of this person."
					columns={[
						{ header: 'Module', cell: (m) => m.title },
						{ header: 'Progress', cell: (m) => <ProgressBar percent={m.percent} label={`${m.title} progress`} /> },
						{ header: 'Done', cell: (m) => `${m.percent}%` },
					]}
				/>
			</section>
			<section aria-labelledby="retraining-heading" className="stack">
				<h2 id="retraining-heading">Retraining after material changes</h2>
				<RetrainingList retraining={retraining} audience="manager" />
			</section>
			<section aria-labelledby="practicals-heading" className="stack">
				<h2 id="practicals-heading">Practical assessments</h2>
				<PracticalStandingList standing={practicals} audience="manager" />
				{canAssess ? (
					<ul className="toolbar">
						{practicals.map((p) => (
							<li key={p.certificationCode}>
								<Link to={`/manage/practical-assessments/${person.employeeId}/${p.certificationCode}`}>Record a practical assessment for {p.certificationCode}</Link>
							</li>
						))}
					</ul>
				) : null}
			</section>
			<section aria-labelledby="attempts-heading">
				<h2 id="attempts-heading">Quiz attempts</h2>
				<DataTable
					label="Quiz attempts"
					rows={attempts}
					rowKey={(a) => a.id}
					empty="No quiz attempts yet."
					columns={[
						{ header: 'Quiz', cell: (a) => a.quizId },
						{ header: 'Started', cell: (a) => formatDateTime(a.startedAt) },
						{ header: 'Result', cell: (a) => (a.submittedAt ? (a.passed ? 'Passed' : 'Not passed') : 'In progress') },
						{ header: 'Score', cell: (a) => (a.scorePercent === null ? '—' : `${a.scorePercent}%`) },
					]}
				/>
			</section>
			<ScormAttempts attempts={scormAttempts} reviewRefusal={completionReviewRefusal} />
			<section aria-labelledby="checks-heading">
				<h2 id="checks-heading">Dispatch eligibility checks</h2>
				<DataTable
					label="Dispatch eligibility checks"
					rows={checks}
					rowKey={(c) => c.id}
					empty="Dispatch has not asked about this person yet."
					columns={[
						{ header: 'Asked', cell: (c) => formatDateTime(c.checkedAt) },
						{ header: 'By', cell: (c) => c.client },
						{ header: 'Work type', cell: (c) => c.workTypeCode },
						{ header: 'For', cell: (c) => formatDateTime(c.at) },
						{ header: 'Answer', cell: (c) => (c.eligible ? 'Eligible' : `Not eligible: ${c.reasons.join('; ')}`) },
						{ header: 'Check ID', cell: (c) => <code>{c.id}</code> },
					]}
				/>
			</section>
			{isAdmin ? <PersonAdministration person={{ name: person.name, leftAt: person.leftAt, employment: administration.state, isAssessor: person.roles.includes('assessor') }} isSelf={administration.isSelf} certificationCodes={certificationCodes} limits={administration.limits} adminResult={adminResult} /> : null}
		</div>
	)
}
