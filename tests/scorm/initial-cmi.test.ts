import { Scorm12API, Scorm2004API } from 'scorm-again'
import { describe, expect, test } from 'vitest'
import { initialCmi, type LaunchItem, type PriorSession } from '#app/scorm/initial-cmi.ts'

const learner = { employeeId: 'FR-1042', name: 'Jane van der Berg' }
const item: LaunchItem = { masteryScore: 80, scaledPassingScore: null, dataFromLms: 'site=north' }
const item2004: LaunchItem = { masteryScore: null, scaledPassingScore: 0.6, dataFromLms: null }

const prior12 = (exit: string, finished: boolean): PriorSession => ({
	cmi: { core: { exit, lesson_status: 'incomplete', lesson_location: 'page-7', score: { raw: '55', min: '0', max: '100' } }, suspend_data: 'q1=b;q2=c' },
	finished,
	completion: 'incomplete',
	success: 'unknown',
})
const prior2004 = (exit: string, finished: boolean): PriorSession => ({
	cmi: { exit, completion_status: 'incomplete', success_status: 'failed', location: 'slide-4', suspend_data: '{"seen":[1,2,3]}', score: { scaled: '0.4', raw: '40' } },
	finished,
	completion: 'incomplete',
	success: 'failed',
})

describe('SCORM 1.2 starting state', () => {
	test('a first launch starts ab-initio with the learner, the mastery score, the launch data and no time', () => {
		expect(initialCmi({ family: '1.2', learner, item, prior: null, totalSeconds: 0 })).toEqual({
			core: {
				student_id: 'FR-1042',
				student_name: 'Berg, Jane van der',
				entry: 'ab-initio',
				credit: 'credit',
				lesson_mode: 'normal',
				lesson_status: 'not attempted',
				lesson_location: '',
				total_time: '00:00:00.00',
				score: { raw: '', min: '', max: '' },
			},
			suspend_data: '',
			launch_data: 'site=north',
			student_data: { mastery_score: '80' },
		})
	})

	test('a one-word name stays as it is, and an item without a mastery score or launch data gives empty strings', () => {
		const cmi = initialCmi({ family: '1.2', learner: { employeeId: 'X', name: ' Cher ' }, item: { masteryScore: null, scaledPassingScore: null, dataFromLms: null }, prior: null, totalSeconds: 0 })
		expect(cmi.core).toMatchObject({ student_name: 'Cher' })
		expect(cmi).toMatchObject({ launch_data: '', student_data: { mastery_score: '' } })
	})

	test.each([
		['the SCO suspended and finished', 'suspend', true],
		['the SCO suspended and the tab closed', 'suspend', false],
		['the session never finished', '', false],
	])('resumes when %s: location and suspend_data restored exactly, status, score and time carried', (_why, exit, finished) => {
		const cmi = initialCmi({ family: '1.2', learner, item, prior: prior12(exit, finished), totalSeconds: 3723.45 })
		expect(cmi.core).toMatchObject({ entry: 'resume', lesson_location: 'page-7', lesson_status: 'incomplete', total_time: '01:02:03.45', score: { raw: '55', min: '0', max: '100' } })
		expect(cmi.suspend_data).toBe('q1=b;q2=c')
	})

	test.each([[''], ['logout'], ['time-out']])('after a finished session with exit %j the SCO starts over: entry is empty, location and suspend_data are not restored', (exit) => {
		const cmi = initialCmi({ family: '1.2', learner, item, prior: prior12(exit, true), totalSeconds: 60 })
		expect(cmi.core).toMatchObject({ entry: '', lesson_location: '', lesson_status: 'incomplete', total_time: '00:01:00.00', score: { raw: '55' } })
		expect(cmi.suspend_data).toBe('')
	})

	test('reads 1.2’s own exit element (cmi.core.exit), not 2004’s cmi.exit', () => {
		const prior = { cmi: { exit: 'suspend', core: { exit: '', lesson_location: 'p2' } }, finished: true, completion: 'incomplete', success: 'unknown' }
		expect(initialCmi({ family: '1.2', learner, item, prior, totalSeconds: 0 }).core).toMatchObject({ entry: '', lesson_location: '' })
	})

	test.each([
		['a Finish-only SCO, which the LMS completed', 'not attempted', 'completed', 'unknown', 'completed'],
		['a score over the mastery score', 'completed', 'completed', 'passed', 'passed'],
		['a score under the mastery score', 'incomplete', 'completed', 'failed', 'failed'],
		['a status nobody overrode', 'browsed', 'incomplete', 'unknown', 'browsed'],
	])('lesson_status is the LMS’s verdict, not the raw value sent: %s', (_case, sent, completion, success, expected) => {
		const prior = { cmi: { core: { lesson_status: sent } }, finished: true, completion, success }
		expect(initialCmi({ family: '1.2', learner, item, prior, totalSeconds: 0 })).toMatchObject({ core: { lesson_status: expected } })
	})
})

describe('SCORM 2004 starting state', () => {
	test('a first launch starts ab-initio, with the scaled passing score from the manifest', () => {
		expect(initialCmi({ family: '2004', learner, item: item2004, prior: null, totalSeconds: 0 })).toEqual({
			learner_id: 'FR-1042',
			learner_name: 'Jane van der Berg',
			entry: 'ab-initio',
			credit: 'credit',
			mode: 'normal',
			completion_status: 'not attempted',
			success_status: 'unknown',
			location: '',
			suspend_data: '',
			launch_data: '',
			total_time: 'PT0H0M0S',
			score: { scaled: '', raw: '', min: '', max: '' },
			scaled_passing_score: '0.6',
		})
	})

	test('an item without a passing score sends no scaled_passing_score at all', () => {
		expect(initialCmi({ family: '2004', learner, item: { ...item2004, scaledPassingScore: null }, prior: null, totalSeconds: 0 })).not.toHaveProperty('scaled_passing_score')
		expect(initialCmi({ family: '2004', learner, item: { ...item2004, scaledPassingScore: 0 }, prior: null, totalSeconds: 0 })).toHaveProperty('scaled_passing_score', '0')
	})

	test('completion_status and success_status are the LMS’s verdict, such as a pass decided from the scaled passing score', () => {
		const prior = { cmi: { completion_status: 'incomplete', success_status: 'unknown', score: { scaled: '0.7' } }, finished: true, completion: 'completed', success: 'passed' }
		expect(initialCmi({ family: '2004', learner, item: item2004, prior, totalSeconds: 0 })).toMatchObject({ completion_status: 'completed', success_status: 'passed', score: { scaled: '0.7' } })
	})

	test.each([
		['suspend', true, 'resume', 'slide-4', '{"seen":[1,2,3]}'],
		['', false, 'resume', 'slide-4', '{"seen":[1,2,3]}'],
		['normal', true, '', '', ''],
		['', true, '', '', ''],
	])('exit %j, finished %j: entry %j, location %j, suspend_data %j', (exit, finished, entry, location, suspendData) => {
		const cmi = initialCmi({ family: '2004', learner, item: item2004, prior: prior2004(exit, finished), totalSeconds: 5405.5 })
		expect(cmi).toMatchObject({ entry, location, suspend_data: suspendData, completion_status: 'incomplete', success_status: 'failed', total_time: 'PT1H30M5.5S', score: { scaled: '0.4', raw: '40' } })
	})
})

describe('scorm-again accepts the starting state', () => {
	test('a SCORM 1.2 SCO reads back what the LMS prepared', () => {
		const api = new Scorm12API({ logLevel: 5, autocommit: false })
		api.loadFromJSON(initialCmi({ family: '1.2', learner, item, prior: prior12('suspend', true), totalSeconds: 90 }), '')
		expect(api.LMSInitialize('')).toBe('true')
		const read = ['cmi.core.entry', 'cmi.core.student_name', 'cmi.core.lesson_location', 'cmi.suspend_data', 'cmi.core.total_time', 'cmi.student_data.mastery_score', 'cmi.launch_data', 'cmi.core.lesson_status'].map((e) => api.LMSGetValue(e))
		expect(read).toEqual(['resume', 'Berg, Jane van der', 'page-7', 'q1=b;q2=c', '00:01:30', '80', 'site=north', 'incomplete'])
	})

	test('a SCORM 2004 SCO reads back what the LMS prepared', () => {
		const api = new Scorm2004API({ logLevel: 5, autocommit: false })
		api.loadFromJSON(initialCmi({ family: '2004', learner, item: item2004, prior: prior2004('suspend', true), totalSeconds: 90 }), '')
		expect(api.Initialize('')).toBe('true')
		const read = ['cmi.entry', 'cmi.learner_id', 'cmi.location', 'cmi.suspend_data', 'cmi.scaled_passing_score', 'cmi.completion_status', 'cmi.success_status'].map((e) => api.GetValue(e))
		expect(read).toEqual(['resume', 'FR-1042', 'slide-4', '{"seen":[1,2,3]}', '0.6', 'incomplete', 'failed'])
		expect(String(api.GetLastError())).toBe('0')
	})
})
