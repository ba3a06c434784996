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

/** A person's SCORM course attempts for their manager: status, score, time spent, interactions. */
export function ScormAttempts({ attempts }: { attempts: ScormAttemptRow[] }) {
	return (
		<section aria-labelledby="scorm-attempts-heading" className="stack">
			<h2 id="scorm-attempts-heading">SCORM course attempts</h2>
			<DataTable
				rows={attempts}
				rowKey={(a) => a.id}
				empty="No SCORM course started yet."
				columns={[
					{ header: 'Course', cell: (a) => a.title },
					{ header: 'Started', cell: (a) => formatDateTime(a.startedAt) },
					{ header: 'Status', cell: (a) => (a.satisfiedAt ? `Done ${formatDate(a.satisfiedAt)}` : a.completionStatus) },
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
