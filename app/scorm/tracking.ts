/**
 * What a SCO's CMI data means for completion, success, score and time, for SCORM 1.2 and 2004.
 * Pure: the server decides with these, and tests pin the rules down without a browser.
 */

export type ScormFamily = '1.2' | '2004'
export const scormFamily = (version: string): ScormFamily => (version === '1.2' ? '1.2' : '2004')

export const completionRules = ['Completed', 'Passed', 'CompletedAndPassed', 'CompletedOrPassed'] as const
export type CompletionRule = (typeof completionRules)[number]

export type Completion = 'completed' | 'incomplete' | 'not attempted'
export type Success = 'passed' | 'failed' | 'unknown'
export type ScoOutcome = { completion: Completion; success: Success; scoreRaw: number | null; scoreScaled: number | null }

/** The parts of a manifest item that decide success when the SCO leaves it open. */
export type PassingCriteria = { masteryScore: number | null; scaledPassingScore: number | null }

export type Cmi = Record<string, unknown>

/** The string at a dotted path of the CMI object ("core.score.raw"), or '' when absent. */
export function cmiValue(cmi: Cmi, dottedPath: string): string {
	let node: unknown = cmi
	for (const key of dottedPath.split('.')) {
		if (node === null || typeof node !== 'object') return ''
		node = (node as Record<string, unknown>)[key]
	}
	return typeof node === 'string' || typeof node === 'number' ? String(node) : ''
}

function cmiNumber(cmi: Cmi, dottedPath: string) {
	const text = cmiValue(cmi, dottedPath).trim()
	if (text === '') return null
	const value = Number(text)
	return Number.isFinite(value) ? value : null
}

const ISO_DURATION = /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/
const CMI_TIMESPAN = /^(\d{2,4}):(\d{2}):(\d{2}(?:\.\d{1,2})?)$/

/** Seconds in a SCORM 1.2 CMITimespan (HHHH:MM:SS.SS) or a SCORM 2004 ISO 8601 duration; 0 if malformed. */
export function durationSeconds(value: string, family: ScormFamily): number {
	if (family === '1.2') {
		const match = CMI_TIMESPAN.exec(value.trim())
		return match ? Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]) : 0
	}
	const match = ISO_DURATION.exec(value.trim())
	if (!match || value.trim() === 'P' || value.trim().endsWith('T')) return 0
	const [years, months, days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number]
	// Years and months have no fixed length; SCORM sessions never use them in practice.
	return ((years * 365 + months * 30 + days) * 24 + hours) * 3600 + minutes * 60 + seconds
}

/** A total time the SCO can read back: HH:MM:SS.SS for 1.2, PT#H#M#S for 2004. */
export function formatDuration(totalSeconds: number, family: ScormFamily): string {
	const centiseconds = Math.round(totalSeconds * 100)
	const hours = Math.floor(centiseconds / 360_000)
	const minutes = Math.floor((centiseconds % 360_000) / 6000)
	const seconds = (centiseconds % 6000) / 100
	if (family === '2004') return `PT${hours}H${minutes}M${Number(seconds.toFixed(2))}S`
	const pad = (n: number) => String(n).padStart(2, '0')
	return `${pad(hours)}:${pad(minutes)}:${seconds.toFixed(2).padStart(5, '0')}`
}

function scaledFromRaw(raw: number | null, min: number | null, max: number | null) {
	if (raw === null) return null
	const low = min ?? 0
	const high = max ?? 100
	return high > low ? Math.min(1, Math.max(0, (raw - low) / (high - low))) : null
}

/**
 * SCORM 1.2: lesson_status carries both completion and success. A mastery score from the manifest
 * turns a raw score into passed/failed when the SCO set neither, and a SCO that finishes without
 * setting any status is completed (the 1.2 LMS behaviour on LMSFinish).
 */
function outcome12(cmi: Cmi, criteria: PassingCriteria, finished: boolean): ScoOutcome {
	let status = cmiValue(cmi, 'core.lesson_status') || 'not attempted'
	if (finished && status === 'not attempted') status = 'completed'
	const scoreRaw = cmiNumber(cmi, 'core.score.raw')
	if (criteria.masteryScore !== null && scoreRaw !== null && status !== 'passed' && status !== 'failed') {
		status = scoreRaw >= criteria.masteryScore ? 'passed' : 'failed'
	}
	const completion: Completion = ['completed', 'passed', 'failed'].includes(status) ? 'completed' : status === 'not attempted' ? 'not attempted' : 'incomplete'
	const success: Success = status === 'passed' || status === 'failed' ? status : 'unknown'
	return { completion, success, scoreRaw, scoreScaled: scaledFromRaw(scoreRaw, cmiNumber(cmi, 'core.score.min'), cmiNumber(cmi, 'core.score.max')) }
}

/**
 * SCORM 2004: completion_status and success_status are separate. A progress measure decides
 * completion against a completion threshold; the manifest's scaled passing score decides success
 * from score.scaled when the SCO left success_status unknown.
 */
function outcome2004(cmi: Cmi, criteria: PassingCriteria): ScoOutcome {
	const progress = cmiNumber(cmi, 'progress_measure')
	const threshold = cmiNumber(cmi, 'completion_threshold')
	const reported = cmiValue(cmi, 'completion_status')
	const completion: Completion =
		progress !== null && threshold !== null ? (progress >= threshold ? 'completed' : 'incomplete') : reported === 'completed' ? 'completed' : reported === 'not attempted' || reported === '' ? 'not attempted' : 'incomplete'
	const scoreScaled = cmiNumber(cmi, 'score.scaled')
	let success = cmiValue(cmi, 'success_status') as Success
	if (success !== 'passed' && success !== 'failed') success = 'unknown'
	if (success === 'unknown' && criteria.scaledPassingScore !== null && scoreScaled !== null) success = scoreScaled >= criteria.scaledPassingScore ? 'passed' : 'failed'
	const scoreRaw = cmiNumber(cmi, 'score.raw')
	return { completion, success, scoreRaw, scoreScaled: scoreScaled ?? scaledFromRaw(scoreRaw, cmiNumber(cmi, 'score.min'), cmiNumber(cmi, 'score.max')) }
}

export function scoOutcome({ family, cmi, criteria, finished }: { family: ScormFamily; cmi: Cmi; criteria: PassingCriteria; finished: boolean }): ScoOutcome {
	return family === '1.2' ? outcome12(cmi, criteria, finished) : outcome2004(cmi, criteria)
}

export type TrackedSco = { criteria: PassingCriteria; outcome: ScoOutcome | null }
export type PackageOutcome = { completion: Completion; success: Success; scoreScaled: number | null }

/**
 * SCORM 1.2, which has no rollup of its own: a package is completed when every SCO is; passed when
 * every SCO that judges success (by a passing score in the manifest or by reporting one) passed;
 * failed as soon as one failed.
 */
export function packageOutcome(scos: TrackedSco[]): PackageOutcome {
	const outcomes = scos.map((sco) => sco.outcome)
	const completion: Completion = outcomes.every((o) => o?.completion === 'completed')
		? 'completed'
		: outcomes.some((o) => o && o.completion !== 'not attempted')
			? 'incomplete'
			: 'not attempted'
	const judged = scos.filter((sco) => sco.criteria.masteryScore !== null || sco.criteria.scaledPassingScore !== null || (sco.outcome && sco.outcome.success !== 'unknown'))
	const success: Success = outcomes.some((o) => o?.success === 'failed')
		? 'failed'
		: judged.length > 0 && judged.every((sco) => sco.outcome?.success === 'passed')
			? 'passed'
			: 'unknown'
	const scores = outcomes.map((o) => o?.scoreScaled).filter((s): s is number => typeof s === 'number')
	const scoreScaled = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null
	return { completion, success, scoreScaled }
}

/** Whether a package's standing meets the module's completion rule. */
export function satisfiesRule({ completion, success }: Pick<PackageOutcome, 'completion' | 'success'>, rule: CompletionRule) {
	const completed = completion === 'completed'
	const passed = success === 'passed'
	return rule === 'Completed' ? completed : rule === 'Passed' ? passed : rule === 'CompletedAndPassed' ? completed && passed : completed || passed
}

/** The rule a package gets when its author did not choose: pass if it defines a passing score, else complete. */
export function defaultCompletionRule(criteria: PassingCriteria[]): CompletionRule {
	return criteria.some((c) => c.masteryScore !== null || c.scaledPassingScore !== null) ? 'CompletedAndPassed' : 'Completed'
}
