import { type SubmissionResult } from '@conform-to/react'
import { Form, useNavigation } from '@remix-run/react'
import { DataTable } from '#app/components/data-table.tsx'
import { ProgressBar, StatusBadge } from '#app/components/status-badge.tsx'
import { type CertificationStatus } from '#app/certification/status.ts'
import { formatDate, formatDateTime } from '#app/utils/dates.ts'
import { ScormAttempts } from './__scorm-attempts.tsx'

type Props = {
	person: { employeeId: string; name: string; email: string; team: string; roles: string[]; leftAt: string | null }
	certifications: Array<{ code: string; name: string; required: boolean; status: CertificationStatus; awardId: string | null; expiresAt: string | Date | null }>
	history: Array<{ id: string; certificationCode: string; issuedAt: string | Date; expiresAt: string | Date; source: string; evidenceNote: string | null; changes: Array<{ kind: string; reason: string; at: string | Date; by: string }> }>
	checks: Array<{ id: string; workTypeCode: string; at: string | Date; checkedAt: string | Date; eligible: boolean; client: string; reasons: string[] }>
	modules: Array<{ moduleId: string; title: string; percent: number; state: string }>
	attempts: Array<{ id: string; quizId: string; startedAt: string | Date; submittedAt: string | Date | null; scorePercent: number | null; passed: boolean | null }>
	scormAttempts: Parameters<typeof ScormAttempts>[0]['attempts']
	isAdmin: boolean
	certificationCodes: Array<{ code: string; name: string }>
	lastResult: SubmissionResult<string[]> | undefined
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

function StatusChangeForm({ awardId, status }: { awardId: string; status: CertificationStatus }) {
	const withdrawn = status === 'revoked'
	return (
		<Form method="post" className="toolbar">
			<input type="hidden" name="intent" value="change-status" />
			<input type="hidden" name="awardId" value={awardId} />
			<div className="field">
				<label htmlFor={`kind-${awardId}`}>Action</label>
				<select id={`kind-${awardId}`} name="kind" defaultValue={withdrawn ? 'reinstated' : 'revoked'}>
					{withdrawn ? (
						<option value="reinstated">Reinstate</option>
					) : (
						<>
							<option value="revoked">Revoke</option>
							<option value="suspended">Suspend</option>
						</>
					)}
				</select>
			</div>
			<div className="field">
				<label htmlFor={`reason-${awardId}`}>Reason (required)</label>
				<input id={`reason-${awardId}`} name="reason" required minLength={5} />
			</div>
			<button type="submit" className={withdrawn ? undefined : 'danger'}>
				Apply
			</button>
		</Form>
	)
}

export function PersonRecord({ person, certifications, history, checks, modules, attempts, scormAttempts, isAdmin, certificationCodes, lastResult }: Props) {
	const navigation = useNavigation()
	return (
		<div className="stack">
			<h1>{person.name}</h1>
			<p>
				<a className="button secondary" href={`/manage/evidence-pack?${new URLSearchParams({ employeeId: person.employeeId })}`} download>
					Download audit evidence pack
				</a>
			</p>
			<ErrorSummary lastResult={lastResult} />
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
			<section aria-labelledby="certifications-heading">
				<h2 id="certifications-heading">Certifications</h2>
				<DataTable
					rows={certifications}
					rowKey={(c) => c.code}
					empty="No certification is required of or held by this person."
					columns={[
						{ header: 'Certification', cell: (c) => <>{c.name} <span className="muted">({c.code}{c.required ? '' : ', not required'})</span></> },
						{ header: 'Status now', cell: (c) => <StatusBadge status={c.status} /> },
						{ header: 'Expires', cell: (c) => formatDate(c.expiresAt) },
						{ header: 'Revoke or reinstate', cell: (c) => (c.awardId && c.status !== 'expired' ? <StatusChangeForm awardId={c.awardId} status={c.status} /> : '—') },
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
			<section aria-labelledby="attempts-heading">
				<h2 id="attempts-heading">Quiz attempts</h2>
				<DataTable
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
			<ScormAttempts attempts={scormAttempts} />
			<section aria-labelledby="checks-heading">
				<h2 id="checks-heading">Dispatch eligibility checks</h2>
				<DataTable
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
			{isAdmin && !person.leftAt ? (
				<section className="card stack" aria-labelledby="admin-heading">
					<h2 id="admin-heading">Administration</h2>
					<Form method="post" className="stack">
						<h3>Record external training</h3>
						<input type="hidden" name="intent" value="manual-award" />
						<div className="field">
							<label htmlFor="certificationCode">Certification</label>
							<select id="certificationCode" name="certificationCode" required>
								{certificationCodes.map((c) => (
									<option key={c.code} value={c.code}>
										{c.code}: {c.name}
									</option>
								))}
							</select>
						</div>
						<div className="field">
							<label htmlFor="completedOn">Completed on</label>
							<input id="completedOn" name="completedOn" type="date" required />
						</div>
						<div className="field">
							<label htmlFor="evidenceNote">Evidence (course, provider, certificate reference)</label>
							<textarea id="evidenceNote" name="evidenceNote" required minLength={10} rows={3} />
						</div>
						<button type="submit" disabled={navigation.state !== 'idle'}>
							Award certification
						</button>
					</Form>
					<Form method="post" className="stack">
						<h3>The person left the company</h3>
						<input type="hidden" name="intent" value="deactivate" />
						<div className="field">
							<label htmlFor="leftOn">Left on</label>
							<input id="leftOn" name="leftOn" type="date" required />
						</div>
						<div className="field">
							<label htmlFor="deactivate-reason">Reason</label>
							<input id="deactivate-reason" name="reason" required minLength={3} />
						</div>
						<button type="submit" className="danger" disabled={navigation.state !== 'idle'}>
							Deactivate
						</button>
					</Form>
				</section>
			) : null}
		</div>
	)
}
