import { Form, Link } from '@remix-run/react'
import { ConfirmSubmit } from '#app/components/confirm-submit.tsx'
import { DataTable } from '#app/components/data-table.tsx'
import { PracticalStandingList, type PracticalStanding } from '#app/components/practical-standing.tsx'
import { RetrainingList, type OpenRetraining } from '#app/components/retraining-list.tsx'
import { StatusBadge } from '#app/components/status-badge.tsx'
import { type AwardAction } from '#app/certification/award-fields.ts'
import { type CertificationStatus } from '#app/certification/status.ts'
import { formatDate } from '#app/utils/dates.ts'
import { viewHref, type PersonView } from './__person-nav.tsx'

/** What the viewer may decide on an award (the permissions module says), or why nothing. */
export type AwardDecisions = { allowed: AwardAction[]; note: string | null }

type CertificationLine = { code: string; name: string; required: boolean; status: CertificationStatus; awardId: string | null; expiresAt: string | Date | null; decisions: AwardDecisions }

export type OverviewData = {
	name: 'overview'
	certifications: CertificationLine[]
	retraining: OpenRetraining[]
	practicals: PracticalStanding[]
	/** Whether the viewer may record a practical assessment of this person (an assessor, not themself). */
	canAssess: boolean
}

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

const counted = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/** What needs doing about this person, each item a link to where it is done: on this view, or (held completions) on the training view. */
function AtAGlance({ certifications, retraining, practicals, heldCompletions }: Omit<OverviewData, 'name' | 'canAssess'> & { heldCompletions: number }) {
	const required = certifications.filter((c) => c.required)
	const requiredIn = (status: CertificationStatus) => required.filter((c) => c.status === status).length
	const counting = required.filter((c) => c.status === 'valid' || c.status === 'expiring').length
	const [expired, expiring] = [requiredIn('expired'), requiredIn('expiring')]
	const pending = practicals.filter((p) => p.awaitingSince !== null).length
	const overdue = retraining.filter((r) => r.overdue).length
	const items: Array<{ count: number; text: string; anchor: string; view?: PersonView }> = [
		{ count: expired, text: counted(expired, 'required certification has expired', 'required certifications have expired'), anchor: '#certifications-heading' },
		{ count: expiring, text: counted(expiring, 'required certification expires soon', 'required certifications expire soon'), anchor: '#certifications-heading' },
		{ count: heldCompletions, text: counted(heldCompletions, 'course completion awaits review', 'course completions await review'), anchor: '#needs-review-heading', view: 'training' as const },
		{ count: pending, text: counted(pending, 'practical assessment is pending', 'practical assessments are pending'), anchor: '#practicals-heading' },
		{ count: overdue, text: `Retraining is overdue for ${counted(overdue, 'module', 'modules')}`, anchor: '#retraining-heading' },
	].filter((item) => item.count > 0)
	return (
		<section aria-labelledby="glance-heading" className="card at-a-glance">
			<h2 id="glance-heading">At a glance</h2>
			<p>
				<strong>
					{counting} of {required.length} required certifications count.
				</strong>
			</p>
			{items.length === 0 ? (
				<p className="muted">Nothing needs attention.</p>
			) : (
				<ul>
					{items.map((item) => (
						<li key={item.text}>{item.view ? <Link to={viewHref(item.view, item.anchor)}>{item.text}</Link> : <a href={item.anchor}>{item.text}</a>}</li>
					))}
				</ul>
			)}
		</section>
	)
}

/** The default view: where the person stands, and what can be done about it here. */
export function PersonOverview({ view, employeeId, heldCompletions }: { view: OverviewData; employeeId: string; heldCompletions: number }) {
	const { certifications, retraining, practicals, canAssess } = view
	return (
		<>
			<AtAGlance certifications={certifications} retraining={retraining} practicals={practicals} heldCompletions={heldCompletions} />
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
								<Link to={`/manage/practical-assessments/${employeeId}/${p.certificationCode}`}>Record a practical assessment for {p.certificationCode}</Link>
							</li>
						))}
					</ul>
				) : null}
			</section>
		</>
	)
}
