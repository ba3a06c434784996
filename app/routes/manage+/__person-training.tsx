import { DataTable } from '#app/components/data-table.tsx'
import { ProgressBar } from '#app/components/status-badge.tsx'
import { formatDateTime } from '#app/utils/dates.ts'
import { ScormAttempts } from './__scorm-attempts.tsx'

export type TrainingData = {
	name: 'training'
	modules: Array<{ moduleId: string; title: string; percent: number; state: string }>
	attempts: Array<{ id: string; quizId: string; quizTitle: string; startedAt: string | Date; submittedAt: string | Date | null; scorePercent: number | null; passed: boolean | null }>
	scormAttempts: Parameters<typeof ScormAttempts>[0]['attempts']
	/** Why the viewer may not accept or reject this person's held course completions, or null. */
	completionReviewRefusal: string | null
}

/** How the person's training is going: modules, quizzes, and SCORM courses (where a too-fast completion is reviewed). */
export function PersonTraining({ view }: { view: TrainingData }) {
	return (
		<>
			<section aria-labelledby="training-heading">
				<h2 id="training-heading">Training progress</h2>
				<DataTable
					label="Training progress by module"
					rows={view.modules}
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
					label="Quiz attempts"
					rows={view.attempts}
					rowKey={(a) => a.id}
					empty="No quiz attempts yet."
					columns={[
						{ header: 'Quiz', cell: (a) => a.quizTitle },
						{ header: 'Started', cell: (a) => formatDateTime(a.startedAt) },
						{ header: 'Result', cell: (a) => (a.submittedAt ? (a.passed ? 'Passed' : 'Not passed') : 'In progress') },
						{ header: 'Score', cell: (a) => (a.scorePercent === null ? '—' : `${a.scorePercent}%`) },
					]}
				/>
			</section>
			<ScormAttempts attempts={view.scormAttempts} reviewRefusal={view.completionReviewRefusal} />
		</>
	)
}
