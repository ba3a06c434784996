import { Form, Link, useSearchParams } from '@remix-run/react'
import { DataTable } from '#app/components/data-table.tsx'
import { formatDate, formatDateTime } from '#app/utils/dates.ts'
import { formatTimeSpent } from '#app/utils/durations.ts'

/** The person page's search parameter that pages one part's interactions; the report hands out its values (`previous`, `next`) and reads them back. */
export const INTERACTIONS_PARAM = 'interactions'

type PartInteractions = {
	scoId: string
	total: number
	page: number
	pageCount: number
	from: number
	to: number
	rows: Array<{ number: number; id: string; type: string; response: string; result: string }>
	previous: string | null
	next: string | null
	/** Whether the URL pages this part: its attempt's details open on it. */
	paged: boolean
}

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
	/** One page of each part's interactions, and how many all parts recorded. */
	interactions: { total: number; parts: PartInteractions[] }
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

const interactionsAnchor = (attemptId: string, scoId: string) => `interactions-${attemptId}-${scoId}`

/** Previous and Next by plain links (they work without JavaScript), keeping the page's other search parameters and coming back to this part's interactions. */
function InteractionsPager({ attemptId, part }: { attemptId: string; part: PartInteractions }) {
	const [searchParams] = useSearchParams()
	if (part.pageCount <= 1) return null
	const linkTo = (value: string) => {
		const params = new URLSearchParams(searchParams)
		params.set(INTERACTIONS_PARAM, value)
		return `?${params}#${encodeURIComponent(interactionsAnchor(attemptId, part.scoId))}`
	}
	return (
		<nav className="pagination" aria-label={`Pages of interactions in part ${part.scoId}`}>
			{part.previous ? (
				<Link to={linkTo(part.previous)} rel="prev" aria-label={`Previous page of interactions in part ${part.scoId}`}>
					Previous
				</Link>
			) : null}
			<span aria-current="page">
				Interactions {part.from}–{part.to} of {part.total}
			</span>
			{part.next ? (
				<Link to={linkTo(part.next)} rel="next" aria-label={`Next page of interactions in part ${part.scoId}`}>
					Next
				</Link>
			) : null}
		</nav>
	)
}

function AttemptDetails({ attempt }: { attempt: ScormAttemptRow }) {
	const { total, parts } = attempt.interactions
	return (
		<details open={parts.some((part) => part.paged)}>
			<summary>
				{attempt.title}
				{attempt.version ? ` (version ${attempt.version})` : ''}: parts and {total} recorded interaction{total === 1 ? '' : 's'}
			</summary>
			<DataTable
				label={`Parts of ${attempt.title}, attempt started ${formatDateTime(attempt.startedAt)}`}
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
			{parts.length === 0 ? <p className="notice">The course recorded no interactions.</p> : null}
			{parts.map((part) => (
				<section key={part.scoId} aria-labelledby={interactionsAnchor(attempt.id, part.scoId)} className="stack">
					<h3 id={interactionsAnchor(attempt.id, part.scoId)}>Interactions in part {part.scoId}</h3>
					<DataTable
						rows={part.rows}
						rowKey={(i) => String(i.number)}
						label={`Interactions in part ${part.scoId}, ${part.from} to ${part.to} of ${part.total}, attempt started ${formatDateTime(attempt.startedAt)}`}
						empty="This part recorded no interactions."
						columns={[
							{ header: 'No.', cell: (i) => i.number },
							{ header: 'Interaction', cell: (i) => i.id || '—' },
							{ header: 'Type', cell: (i) => i.type || '—' },
							{ header: 'Response', cell: (i) => i.response || '—' },
							{ header: 'Result', cell: (i) => i.result || '—' },
						]}
					/>
					<InteractionsPager attemptId={attempt.id} part={part} />
				</section>
			))}
		</details>
	)
}

/**
 * A person's SCORM course attempts for their manager: completions held for review first, then
 * status, score, time spent and interactions (a page of each part at a time). `reviewRefusal` is why the viewer may not review
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
				label="SCORM course attempts"
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
