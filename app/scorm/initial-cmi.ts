import { cmiValue, formatDuration, type Cmi, type ScormFamily } from './tracking.ts'

export type Learner = { employeeId: string; name: string }
export type LaunchItem = { masteryScore: number | null; scaledPassingScore: number | null; dataFromLms: string | null }
/** What the previous session left behind, with the server's verdict on it; null on a SCO's first launch. */
export type PriorSession = { cmi: Cmi; finished: boolean; completion: string; success: string }

/** The status the SCO reads back is the LMS's verdict (a Finish-only 1.2 SCO was completed), not the raw value it sent. */
function lessonStatus(prior: PriorSession | null) {
	if (!prior) return 'not attempted'
	if (prior.success === 'passed' || prior.success === 'failed') return prior.success
	if (prior.completion === 'completed') return 'completed'
	return cmiValue(prior.cmi, 'core.lesson_status') || 'not attempted'
}

/** SCORM 1.2 asks for "Last, First"; a single-word name stays as it is. */
function lastFirst(name: string) {
	const parts = name.trim().split(/\s+/)
	return parts.length < 2 ? name.trim() : `${parts.at(-1)}, ${parts.slice(0, -1).join(' ')}`
}

/**
 * A learner resumes when the SCO asked to (exit "suspend") or when the last session ended without
 * Finish/Terminate (a closed tab, a crash): progress is never thrown away.
 */
function shouldResume(prior: PriorSession | null, family: ScormFamily) {
	if (!prior) return false
	const exit = cmiValue(prior.cmi, family === '1.2' ? 'core.exit' : 'exit')
	return exit === 'suspend' || !prior.finished
}

/** The CMI state a SCO starts from, in the shape scorm-again's loadFromJSON takes. */
export function initialCmi({ family, learner, item, prior, totalSeconds }: { family: ScormFamily; learner: Learner; item: LaunchItem; prior: PriorSession | null; totalSeconds: number }) {
	const resume = shouldResume(prior, family)
	const entry = resume ? 'resume' : prior ? '' : 'ab-initio'
	const kept = (dottedPath: string) => (prior && resume ? cmiValue(prior.cmi, dottedPath) : '')
	const carried = (dottedPath: string) => (prior ? cmiValue(prior.cmi, dottedPath) : '')
	const launchData = item.dataFromLms ?? ''
	if (family === '1.2') {
		return {
			core: {
				student_id: learner.employeeId,
				student_name: lastFirst(learner.name),
				entry,
				credit: 'credit',
				lesson_mode: 'normal',
				lesson_status: lessonStatus(prior),
				lesson_location: kept('core.lesson_location'),
				total_time: formatDuration(totalSeconds, family),
				score: { raw: carried('core.score.raw'), min: carried('core.score.min'), max: carried('core.score.max') },
			},
			suspend_data: kept('suspend_data'),
			launch_data: launchData,
			student_data: { mastery_score: item.masteryScore === null ? '' : String(item.masteryScore) },
		}
	}
	return {
		learner_id: learner.employeeId,
		learner_name: learner.name,
		entry,
		credit: 'credit',
		mode: 'normal',
		completion_status: prior?.completion === 'completed' ? 'completed' : carried('completion_status') || 'not attempted',
		success_status: prior && prior.success !== 'unknown' ? prior.success : 'unknown',
		location: kept('location'),
		suspend_data: kept('suspend_data'),
		launch_data: launchData,
		total_time: formatDuration(totalSeconds, family),
		score: { scaled: carried('score.scaled'), raw: carried('score.raw'), min: carried('score.min'), max: carried('score.max') },
		...(item.scaledPassingScore === null ? {} : { scaled_passing_score: String(item.scaledPassingScore) }),
	}
}
