import { describe, expect, test } from 'vitest'
import {
	cmiValue,
	defaultCompletionRule,
	durationSeconds,
	formatDuration,
	packageOutcome,
	scoOutcome,
	satisfiesRule,
	scormFamily,
	type Cmi,
	type CompletionRule,
	type PassingCriteria,
	type ScoOutcome,
	type TrackedSco,
} from '#app/scorm/tracking.ts'

const noCriteria: PassingCriteria = { masteryScore: null, scaledPassingScore: null }
const mastery = (masteryScore: number): PassingCriteria => ({ masteryScore, scaledPassingScore: null })
const scaledPassing = (scaledPassingScore: number): PassingCriteria => ({ masteryScore: null, scaledPassingScore })

const outcome12 = (core: Record<string, unknown>, criteria = noCriteria, finished = false) => scoOutcome({ family: '1.2', cmi: { core }, criteria, finished })
const outcome2004 = (cmi: Cmi, criteria = noCriteria, finished = false) => scoOutcome({ family: '2004', cmi, criteria, finished })

describe('durations', () => {
	test.each([
		['00:01:30', 90],
		['00:00:05.5', 5.5],
		['0001:02:03.45', 3723.45],
		['100:00:00', 360_000],
		[' 00:00:07 ', 7],
	])('SCORM 1.2 timespan %j is %d seconds', (value, seconds) => {
		expect(durationSeconds(value, '1.2')).toBeCloseTo(seconds, 6)
	})

	test.each([['PT1H30M5.5S', 5405.5], ['PT45S', 45], ['PT1.5M', 90], ['P1DT2H', 93_600]])('SCORM 2004 duration %j is %d seconds', (value, seconds) => {
		expect(durationSeconds(value, '2004')).toBeCloseTo(seconds, 6)
	})

	test.each([
		['1:00:00', '1.2'],
		['00:00:00.123', '1.2'],
		['PT1M', '1.2'],
		['', '1.2'],
		['P', '2004'],
		['PT', '2004'],
		['P1DT', '2004'],
		['00:01:30', '2004'],
		['PT-5S', '2004'],
	] as const)('malformed %j (%s) counts as no time rather than a guess', (value, family) => {
		expect(durationSeconds(value, family)).toBe(0)
	})

	test('formats a total time in each version’s own syntax, carrying rounded centiseconds', () => {
		expect(formatDuration(0, '1.2')).toBe('00:00:00.00')
		expect(formatDuration(5405.5, '1.2')).toBe('01:30:05.50')
		expect(formatDuration(59.999, '1.2')).toBe('00:01:00.00')
		expect(formatDuration(0, '2004')).toBe('PT0H0M0S')
		expect(formatDuration(5405.5, '2004')).toBe('PT1H30M5.5S')
		expect(formatDuration(93_600.25, '2004')).toBe('PT26H0M0.25S')
	})

	test.each([0, 0.07, 59.99, 3723.45, 93_600.25])('%d seconds survive formatting and reading back in both versions', (seconds) => {
		expect(durationSeconds(formatDuration(seconds, '1.2'), '1.2')).toBeCloseTo(seconds, 6)
		expect(durationSeconds(formatDuration(seconds, '2004'), '2004')).toBeCloseTo(seconds, 6)
	})
})

describe('reading CMI', () => {
	test('cmiValue reads dotted paths as strings, and anything missing or not a scalar as empty', () => {
		const cmi = { core: { score: { raw: 85, min: '0' }, lesson_status: 'passed' }, interactions: { '0': { id: 'q1' } } }
		expect(cmiValue(cmi, 'core.score.raw')).toBe('85')
		expect(cmiValue(cmi, 'core.score.min')).toBe('0')
		expect(cmiValue(cmi, 'interactions.0.id')).toBe('q1')
		expect(cmiValue(cmi, 'core.score.max')).toBe('')
		expect(cmiValue(cmi, 'core.score')).toBe('')
		expect(cmiValue(cmi, 'core.lesson_status.x')).toBe('')
	})

	test('the version family: 1.2, or 2004 for every 2004 edition', () => {
		expect(['1.2', '2004-2nd', '2004-3rd', '2004-4th'].map(scormFamily)).toEqual(['1.2', '2004', '2004', '2004'])
	})
})

describe('a SCORM 1.2 SCO’s outcome', () => {
	test.each([
		['not attempted', 'not attempted', 'unknown'],
		['browsed', 'incomplete', 'unknown'],
		['incomplete', 'incomplete', 'unknown'],
		['completed', 'completed', 'unknown'],
		['passed', 'completed', 'passed'],
		['failed', 'completed', 'failed'],
	])('lesson_status %j means completion %j and success %j', (lessonStatus, completion, success) => {
		expect(outcome12({ lesson_status: lessonStatus })).toEqual({ completion, success, scoreRaw: null, scoreScaled: null })
	})

	test('a SCO that finishes without setting a status is completed; one still open is not attempted', () => {
		expect(outcome12({ lesson_status: 'not attempted' }, noCriteria, true).completion).toBe('completed')
		expect(outcome12({}, noCriteria, true).completion).toBe('completed')
		expect(outcome12({}, noCriteria, false).completion).toBe('not attempted')
		expect(outcome12({ lesson_status: 'incomplete' }, noCriteria, true).completion).toBe('incomplete')
	})

	test('the mastery score decides passed or failed from score.raw when the SCO set neither, at the boundary too', () => {
		expect(outcome12({ lesson_status: 'completed', score: { raw: '80' } }, mastery(80))).toMatchObject({ completion: 'completed', success: 'passed', scoreRaw: 80 })
		expect(outcome12({ lesson_status: 'completed', score: { raw: '79.5' } }, mastery(80))).toMatchObject({ completion: 'completed', success: 'failed', scoreRaw: 79.5 })
		expect(outcome12({ lesson_status: 'incomplete', score: { raw: '90' } }, mastery(80))).toMatchObject({ completion: 'completed', success: 'passed' })
	})

	test('a status the SCO set itself, a missing score or a missing mastery score leave success as it is', () => {
		expect(outcome12({ lesson_status: 'failed', score: { raw: '95' } }, mastery(80)).success).toBe('failed')
		expect(outcome12({ lesson_status: 'passed', score: { raw: '10' } }, mastery(80)).success).toBe('passed')
		expect(outcome12({ lesson_status: 'completed', score: { raw: '' } }, mastery(80)).success).toBe('unknown')
		expect(outcome12({ lesson_status: 'completed', score: { raw: 'lots' } }, mastery(80))).toMatchObject({ success: 'unknown', scoreRaw: null })
		expect(outcome12({ lesson_status: 'completed', score: { raw: '95' } }, noCriteria).success).toBe('unknown')
	})

	test('the scaled score comes from raw within min and max (0 to 100 by default), clamped to 0..1', () => {
		expect(outcome12({ score: { raw: '45', min: '0', max: '50' } }).scoreScaled).toBeCloseTo(0.9, 10)
		expect(outcome12({ score: { raw: '72' } }).scoreScaled).toBeCloseTo(0.72, 10)
		expect(outcome12({ score: { raw: '120' } }).scoreScaled).toBe(1)
		expect(outcome12({ score: { raw: '-5' } }).scoreScaled).toBe(0)
		expect(outcome12({ score: { raw: '5', min: '10', max: '10' } }).scoreScaled).toBeNull()
	})
})

describe('a SCORM 2004 SCO’s outcome', () => {
	test.each([
		['completed', 'completed'],
		['incomplete', 'incomplete'],
		['unknown', 'incomplete'],
		['not attempted', 'not attempted'],
		['', 'not attempted'],
	])('completion_status %j means %j', (reported, completion) => {
		expect(outcome2004({ completion_status: reported })).toEqual({ completion, success: 'unknown', scoreRaw: null, scoreScaled: null })
	})

	test('a progress measure against the completion threshold overrides the reported status, either way', () => {
		expect(outcome2004({ completion_status: 'incomplete', progress_measure: '0.75', completion_threshold: '0.75' }).completion).toBe('completed')
		expect(outcome2004({ completion_status: 'completed', progress_measure: '0.5', completion_threshold: '0.75' }).completion).toBe('incomplete')
		expect(outcome2004({ completion_status: 'completed', progress_measure: '0.5', completion_threshold: '' }).completion).toBe('completed')
	})

	test('the scaled passing score decides success from score.scaled only when the SCO left it unknown', () => {
		expect(outcome2004({ success_status: 'unknown', score: { scaled: '0.6' } }, scaledPassing(0.6))).toMatchObject({ success: 'passed', scoreScaled: 0.6 })
		expect(outcome2004({ success_status: 'unknown', score: { scaled: '0.59' } }, scaledPassing(0.6)).success).toBe('failed')
		expect(outcome2004({ success_status: 'failed', score: { scaled: '0.9' } }, scaledPassing(0.6)).success).toBe('failed')
		expect(outcome2004({ success_status: 'passed', score: { scaled: '0.1' } }, scaledPassing(0.6)).success).toBe('passed')
		expect(outcome2004({ success_status: 'unknown', score: { scaled: '' } }, scaledPassing(0.6)).success).toBe('unknown')
		expect(outcome2004({ success_status: 'unknown', score: { scaled: '0.9' } }).success).toBe('unknown')
		expect(outcome2004({ success_status: 'excellent' }).success).toBe('unknown')
	})

	test('the scaled score is score.scaled, else derived from raw, min and max; finishing decides nothing by itself', () => {
		expect(outcome2004({ score: { scaled: '0.25', raw: '90' } })).toMatchObject({ scoreScaled: 0.25, scoreRaw: 90 })
		expect(outcome2004({ score: { raw: '8', min: '0', max: '10' } }).scoreScaled).toBeCloseTo(0.8, 10)
		expect(outcome2004({ completion_status: 'not attempted' }, noCriteria, true).completion).toBe('not attempted')
	})
})

const sco = (completion: ScoOutcome['completion'], success: ScoOutcome['success'], scoreScaled: number | null = null): ScoOutcome => ({ completion, success, scoreRaw: null, scoreScaled })

describe('meeting a module’s completion rule', () => {
	const rules: CompletionRule[] = ['Completed', 'Passed', 'CompletedAndPassed', 'CompletedOrPassed']
	test.each([
		[{ completion: 'completed', success: 'unknown' }, [true, false, false, true]],
		[{ completion: 'completed', success: 'passed' }, [true, true, true, true]],
		[{ completion: 'completed', success: 'failed' }, [true, false, false, true]],
		[{ completion: 'incomplete', success: 'passed' }, [false, true, false, true]],
		[{ completion: 'incomplete', success: 'failed' }, [false, false, false, false]],
		[{ completion: 'incomplete', success: 'unknown' }, [false, false, false, false]],
		[{ completion: 'not attempted', success: 'unknown' }, [false, false, false, false]],
	] as const)('a package standing at %j satisfies Completed, Passed, CompletedAndPassed, CompletedOrPassed as %j', (standing, expected) => {
		expect(rules.map((rule) => satisfiesRule(standing, rule))).toEqual(expected)
	})
})

describe('a SCORM 1.2 package’s outcome from its SCOs', () => {
	test('one SCO: the package stands as it does', () => {
		expect(packageOutcome([{ criteria: noCriteria, outcome: sco('incomplete', 'passed', 0.9) }])).toEqual({ completion: 'incomplete', success: 'passed', scoreScaled: 0.9 })
		expect(packageOutcome([{ criteria: mastery(80), outcome: sco('completed', 'failed', 0.5) }])).toEqual({ completion: 'completed', success: 'failed', scoreScaled: 0.5 })
	})

	test('is completed only when every SCO is, and not attempted until one is touched', () => {
		const intro = { criteria: noCriteria, outcome: sco('completed', 'unknown') }
		const halfDone = packageOutcome([intro, { criteria: noCriteria, outcome: null }])
		expect(halfDone.completion).toBe('incomplete')
		expect(satisfiesRule(halfDone, 'Completed')).toBe(false)
		const allDone = packageOutcome([intro, { criteria: noCriteria, outcome: sco('completed', 'unknown') }])
		expect(allDone.completion).toBe('completed')
		expect(satisfiesRule(allDone, 'Completed')).toBe(true)
		expect(packageOutcome([{ criteria: noCriteria, outcome: null }, { criteria: noCriteria, outcome: sco('not attempted', 'unknown') }]).completion).toBe('not attempted')
	})

	test('passes when every SCO that judges success passed; one failure fails it; an unjudged SCO does not block it', () => {
		const lesson = { criteria: noCriteria, outcome: sco('completed', 'unknown') }
		const check = (success: ScoOutcome['success']) => ({ criteria: scaledPassing(0.8), outcome: sco('completed', success) })
		const successOf = (scos: TrackedSco[]) => packageOutcome(scos).success
		expect(successOf([lesson, check('passed')])).toBe('passed')
		expect(successOf([lesson, check('failed')])).toBe('failed')
		expect(successOf([{ criteria: noCriteria, outcome: sco('completed', 'passed') }, check('failed')])).toBe('failed')
		expect(successOf([lesson, { criteria: mastery(70), outcome: null }])).toBe('unknown')
		expect(successOf([lesson, lesson])).toBe('unknown')
	})

	test('a failed check still meets CompletedOrPassed once everything is completed, and never Passed', () => {
		const failed = packageOutcome([{ criteria: noCriteria, outcome: sco('completed', 'passed') }, { criteria: scaledPassing(0.8), outcome: sco('completed', 'failed') }])
		expect(satisfiesRule(failed, 'CompletedOrPassed')).toBe(true)
		expect(satisfiesRule(failed, 'Passed')).toBe(false)
	})

	test('the package score is the mean of the SCOs that have one', () => {
		const scored = (s: number | null) => ({ criteria: noCriteria, outcome: sco('completed', 'unknown', s) })
		expect(packageOutcome([scored(0.5), scored(1), scored(null)]).scoreScaled).toBeCloseTo(0.75, 10)
		expect(packageOutcome([scored(null)]).scoreScaled).toBeNull()
	})
})

describe('the default completion rule', () => {
	test('the default rule asks for a pass when any SCO has a passing score, even a score of 0', () => {
		expect(defaultCompletionRule([noCriteria, noCriteria])).toBe('Completed')
		expect(defaultCompletionRule([noCriteria, mastery(80)])).toBe('CompletedAndPassed')
		expect(defaultCompletionRule([scaledPassing(0)])).toBe('CompletedAndPassed')
		expect(defaultCompletionRule([])).toBe('Completed')
	})
})
