import { Form } from '@remix-run/react'
import { DataTable } from '#app/components/data-table.tsx'
import { formatDate, formatDateTime } from '#app/utils/dates.ts'
import { formatTimeSpent } from '#app/utils/durations.ts'

type ScormAttemptRow = {
	id: string
	title: string
	version: number | null
	startedAt: string | Date
	updatedAt: string | Date
	completionStatus: string
	successStatus: string
	scoreScaled: number | null
	totalSeconds: number
	satisfiedAt: string | Date | null
	scos: Array<{ scoId: string; completionStatus: string; successStatus: string; scoreRaw: number | null; totalSeconds: number; launchCount: number }>
	interactions: Array<{ scoId: string; id: string; type: string; response: string; result: string }>
	review: { state: 'needed' | 'accepted' | 'rejected'; minutesTaken: number | null; minimumMinutes: number | null; by: string | null; at: string | Date | null; reason: string | null } | null
}

function statusOf(attempt: ScormAttemptRow) {
	if (!attempt.satisfiedAt) return attempt.completionStatus
	const done = `Done ${formatDate(attempt.satisfiedAt)}`
	switch (attempt.review?.state) {
		case 'needed':
			return `${done}: needs review`
		case 'accepted':
			return `${done}: accepted by ${attempt.review.by ?? 'a manager'} on review`
		case 'rejected':
			return `${done}: rejected by ${attempt.review.by ?? 'a manager'} on review (does not count)`
		default:
			return done
	}
}

/** A completion that came too fast to be believed without a look: the manager accepts or rejects it, with a reason. */
function ReviewForm({ attempt, refusal }: { attempt: ScormAttemptRow; refusal: string | null }) {
	const review = attempt.review!
	return (
		<div className="card stack">
			<h4>{attempt.title}</h4>
			<p>
				Finished {attempt.satisfiedAt ? formatDateTime(attempt.satisfiedAt) : ''}, {review.minutesTaken ?? '?'} minute{review.minutesTaken === 1 ? '' : 's'} after starting; the least plausible time for this course is{' '}
				{review.minimumMinutes ?? '?'} minutes. Until reviewed it does not count toward any certification. Look at the parts and answers below before deciding.
			</p>
			{refusal ? (
				<p className="muted">{refusal}</p>
			) : (
				<Form method="post" className="toolbar">
					<input type="hidden" name="intent" value="review-completion" />
					<input type="hidden" name="attemptId" value={attempt.id} />
					<div className="field">
						<label htmlFor={`review-reason-${attempt.id}`}>Reason (required)</label>
						<input id={`review-reason-${attempt.id}`} name="reason" required minLength={10} maxLength={500} />
					</div>
					<button type="submit" name="decision" value="accepted">
						Accept: it counts
					</button>
					<button type="submit" name="decision" value="rejected" className="danger">
						Reject: take it again
					</button>
				</Form>
			)}
		</div>
	)
}

const percent = (scaled: number | null) => (scaled === null ? '—' : `${Math.round(scaled * 100)}%`)

function AttemptDetails({ attempt }: { attempt: ScormAttemptRow }) {
	return (
		<details>
			<summary>
				{attempt.title}
				{attempt.version ? ` (version ${attempt.version})` : ''}: parts and {attempt.interactions.length} recorded interaction{attempt.interactions.length === 1 ? '' : 's'}
			</summary>
			<DataTable
				rows={attempt.scos}
				rowKey={(s) => s.scoId}
				empty="No part of this course has been opened."
				columns={[
					{ header: 'Part', cell: (s) => s.scoId },
					{ header: 'Completion', cell: (s) => s.completionStatus },
					{ header: 'Success', cell: (s) => s.successStatus },
					{ header: 'Raw score', cell: (s) => s.scoreRaw ?? '—' },
					{ header: 'Time', cell: (s) => formatTimeSpent(s.totalSeconds) },
					{ header: 'Sessions', cell: (s) => s.launchCount },
				]}
			/>
			<DataTable
				rows={attempt.interactions}
				rowKey={(i) => `${i.scoId}:${i.id}:${attempt.interactions.indexOf(i)}`}
				empty="The course recorded no interactions."
				columns={[
					{ header: 'Part', cell: (i) => i.scoId },
					{ header: 'Interaction', cell: (i) => i.id || '—' },
					{ header: 'Type', cell: (i) => i.type || '—' },
					{ header: 'Response', cell: (i) => i.response || '—' },
					{ header: 'Result', cell: (i) => i.result || '—' },
				]}
			/>
		</details>
	)
}

/**
 * A person's SCORM course attempts for their manager: completions held for review first, then
 * status, score, time spent and interactions. `reviewRefusal` is why the viewer may not review
 * (their own record, or not their manager), or null.
 */
export function ScormAttempts({ attempts, reviewRefusal }: { attempts: ScormAttemptRow[]; reviewRefusal: string | null }) {
	const held = attempts.filter((a) => a.review?.state === 'needed')
	return (
		<section aria-labelledby="scorm-attempts-heading" className="stack">
			<h2 id="scorm-attempts-heading">SCORM course attempts</h2>
			{held.length > 0 ? (
				<section aria-labelledby="needs-review-heading" className="stack">
					<h3 id="needs-review-heading">Needs review: finished faster than plausible</h3>
					{held.map((attempt) => (
						<ReviewForm key={attempt.id} attempt={attempt} refusal={reviewRefusal} />
					))}
				</section>
			) : null}
			<DataTable
				rows={attempts}
				rowKey={(a) => a.id}
				empty="No SCORM course started yet."
				columns={[
					{ header: 'Course', cell: (a) => a.title },
					{ header: 'Started', cell: (a) => formatDateTime(a.startedAt) },
					{ header: 'Status', cell: statusOf },
					{ header: 'Success', cell: (a) => a.successStatus },
					{ header: 'Score', cell: (a) => percent(a.scoreScaled) },
					{ header: 'Time spent', cell: (a) => formatTimeSpent(a.totalSeconds) },
					{ header: 'Last activity', cell: (a) => formatDateTime(a.updatedAt) },
				]}
			/>
			{attempts.map((attempt) => (
				<AttemptDetails key={attempt.id} attempt={attempt} />
			))}
		</section>
	)
}
