import { type Question } from '#app/catalog/catalog-schema.ts'

/** What the rep sees for one question: no answer key. Option ids are positions in the bank. */
export type PresentedQuestion = {
	questionId: string
	type: Question['type']
	prompt: string
	options: Array<{ id: string; text: string }>
}

export type QuestionResult = { questionId: string; score: number; correct: boolean; explanation: string }
export type Answers = Record<string, string[]>
export type Scoring = 'all-or-nothing' | 'partial'

export const optionId = (index: number) => `o${index}`

function shuffle<T>(items: T[], random: () => number): T[] {
	const copy = [...items]
	for (let i = copy.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1))
		;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
	}
	return copy
}

/** Draws `count` questions and shuffles each one's options (true/false keeps True before False). */
export function drawQuestions(questions: Question[], count: number, random: () => number): PresentedQuestion[] {
	return shuffle(questions, random)
		.slice(0, count)
		.map((question) => {
			const options = question.options.map((option, index) => ({ id: optionId(index), text: option.text }))
			return {
				questionId: question.id,
				type: question.type,
				prompt: question.prompt,
				options: question.type === 'true-false' ? options : shuffle(options, random),
			}
		})
}

function scoreQuestion(question: Question, selected: Set<string>, scoring: Scoring) {
	const correctIds = new Set(question.options.flatMap((option, index) => (option.correct ? [optionId(index)] : [])))
	const rightPicks = [...selected].filter((id) => correctIds.has(id)).length
	const wrongPicks = selected.size - rightPicks
	const exact = wrongPicks === 0 && rightPicks === correctIds.size
	if (scoring === 'all-or-nothing' || question.type !== 'multiple') return exact ? 1 : 0
	// Partial credit: each right pick earns a share, each wrong pick takes one back, never below zero.
	return Math.max(0, (rightPicks - wrongPicks) / correctIds.size)
}

/** Grades an attempt against the bank it was drawn from. Unanswered questions score zero. */
export function gradeAttempt({ presented, questions, answers, scoring, passMark }: { presented: PresentedQuestion[]; questions: Question[]; answers: Answers; scoring: Scoring; passMark: number }) {
	const bank = new Map(questions.map((question) => [question.id, question]))
	const results: QuestionResult[] = presented.map(({ questionId }) => {
		const question = bank.get(questionId)
		if (!question) throw new Error(`Question ${questionId} is not in the attempt's quiz version`)
		const score = scoreQuestion(question, new Set(answers[questionId] ?? []), scoring)
		return { questionId, score, correct: score === 1, explanation: question.explanation }
	})
	const total = results.reduce((sum, result) => sum + result.score, 0)
	const scorePercent = Math.round((total / presented.length) * 10_000) / 100
	return { results, scorePercent, passed: scorePercent >= passMark }
}
