import { describe, expect, test } from 'vitest'
import { type Question } from '#app/catalog/catalog-schema.ts'
import { drawQuestions, gradeAttempt } from '#app/quiz/grading.ts'
import { seededRandom } from '#app/demo/random.ts'

const single: Question = { id: 's', type: 'single', prompt: 'S?', explanation: 'because s', options: [{ text: 'right', correct: true }, { text: 'wrong', correct: false }, { text: 'also wrong', correct: false }] }
const multiple: Question = { id: 'm', type: 'multiple', prompt: 'M?', explanation: 'because m', options: [{ text: 'a', correct: true }, { text: 'b', correct: true }, { text: 'c', correct: false }, { text: 'd', correct: false }] }
const trueFalse: Question = { id: 't', type: 'true-false', prompt: 'T?', explanation: 'because t', options: [{ text: 'True', correct: false }, { text: 'False', correct: true }] }
const bank = [single, multiple, trueFalse]
const presented = drawQuestions(bank, 3, seededRandom(1).next)
const grade = (answers: Record<string, string[]>, scoring: 'all-or-nothing' | 'partial' = 'all-or-nothing', passMark = 60) =>
	gradeAttempt({ presented, questions: bank, answers, scoring, passMark })

describe('drawing questions', () => {
	test('draws the requested number, each question once, options shuffled but complete', () => {
		const drawn = drawQuestions(bank, 2, seededRandom(7).next)
		expect(drawn).toHaveLength(2)
		expect(new Set(drawn.map((q) => q.questionId)).size).toBe(2)
		for (const question of drawn) expect(question.options.map((o) => o.id).sort()).toEqual(bank.find((q) => q.id === question.questionId)!.options.map((_, i) => `o${i}`))
	})
	test('what is drawn carries no answer key or explanation', () => {
		expect(JSON.stringify(presented)).not.toMatch(/correct|because/)
	})
})

describe('grading', () => {
	test('single choice: the right option scores, any other does not', () => {
		expect(grade({ s: ['o0'] }).results.find((r) => r.questionId === 's')).toMatchObject({ score: 1, correct: true, explanation: 'because s' })
		expect(grade({ s: ['o1'] }).results.find((r) => r.questionId === 's')?.score).toBe(0)
	})

	test('multiple choice, all-or-nothing: every right option and no wrong one', () => {
		const score = (ids: string[]) => grade({ m: ids }).results.find((r) => r.questionId === 'm')?.score
		expect(score(['o0', 'o1'])).toBe(1)
		expect(score(['o1', 'o0'])).toBe(1)
		expect(score(['o0'])).toBe(0)
		expect(score(['o0', 'o1', 'o2'])).toBe(0)
	})

	test('multiple choice, partial: right picks earn a share, wrong picks take one back, never below zero', () => {
		const score = (ids: string[]) => grade({ m: ids }, 'partial').results.find((r) => r.questionId === 'm')?.score
		expect(score(['o0', 'o1'])).toBe(1)
		expect(score(['o0'])).toBe(0.5)
		expect(score(['o0', 'o2'])).toBe(0)
		expect(score(['o2', 'o3'])).toBe(0)
	})

	test('true/false and unanswered questions', () => {
		expect(grade({ t: ['o1'] }).results.find((r) => r.questionId === 't')?.score).toBe(1)
		expect(grade({}).results.every((r) => r.score === 0)).toBe(true)
	})

	test('the score is a percentage of questions and the pass mark is inclusive', () => {
		expect(grade({ s: ['o0'], m: ['o0', 'o1'], t: ['o1'] })).toMatchObject({ scorePercent: 100, passed: true })
		expect(grade({ s: ['o0'], m: ['o0', 'o1'] }, 'all-or-nothing', 66.67)).toMatchObject({ scorePercent: 66.67, passed: true })
		expect(grade({ s: ['o0'] })).toMatchObject({ scorePercent: 33.33, passed: false })
	})
})
