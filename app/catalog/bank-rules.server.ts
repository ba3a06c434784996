import { type CatalogProblem, type CatalogQuiz, type Question } from './catalog-schema.ts'

/**
 * What makes a question bank measure knowledge rather than test-taking skill, as far as a program
 * can tell. `npm run content:check` applies these to the catalog it ships; the sync that loads
 * content into the database does not, so an organisation's own small banks still load.
 */
export const bankRules = {
	minimumQuestions: 30,
	minimumDrawn: 10,
	/** Share of single-answer questions whose correct option may be the uniquely longest. */
	longestCorrectShare: 0.35,
	/** True/false items: at most this share of the bank. */
	trueFalseShare: 1 / 5,
	/** With this many true/false items or more, the share answered "true" stays within the band. */
	trueFalseBalanceFrom: 4,
	trueShareBand: [0.35, 0.65] as const,
} as const

const percent = (share: number) => `${Math.round(share * 100)}%`

/** The correct option is longer than every other option: the classic give-away. */
export function correctIsUniquelyLongest(question: Question) {
	const correct = question.options.find((o) => o.correct)
	if (question.type !== 'single' || !correct) return false
	return question.options.every((o) => o === correct || o.text.length < correct.text.length)
}

/** The problems of one bank, each pointing at the lines an author must change. */
export function checkBankRules(quiz: CatalogQuiz, source: string): CatalogProblem[] {
	const lines = source.split('\n')
	const lineOf = (pattern: RegExp) => {
		const index = lines.findIndex((line) => pattern.test(line))
		return index === -1 ? undefined : index + 1
	}
	const questionLine = (id: string) => lineOf(new RegExp(`^\\s*-?\\s*id:\\s*["']?${id.replace(/[-]/g, '\\-')}["']?\\s*$`))
	const cite = (questions: Question[]) => questions.map((q) => `${q.id} (line ${questionLine(q.id) ?? '?'})`).join(', ')
	const problems: CatalogProblem[] = []
	const at = (line: number | undefined, message: string) => problems.push({ file: quiz.file, line, message })
	const questionsLine = lineOf(/^questions:/)
	const { questions } = quiz

	if (questions.length < bankRules.minimumQuestions) at(questionsLine, `the bank has ${questions.length} questions; a bank needs at least ${bankRules.minimumQuestions}`)
	if (quiz.questionsPerAttempt < bankRules.minimumDrawn) at(lineOf(/^questionsPerAttempt:/), `questionsPerAttempt is ${quiz.questionsPerAttempt}; draw at least ${bankRules.minimumDrawn} questions per attempt`)

	const singles = questions.filter((q) => q.type === 'single')
	const giveaways = singles.filter(correctIsUniquelyLongest)
	if (singles.length > 0 && giveaways.length / singles.length > bankRules.longestCorrectShare) {
		at(
			questionsLine,
			`the correct option is the uniquely longest in ${giveaways.length} of ${singles.length} single-answer questions (${percent(giveaways.length / singles.length)}; at most ${percent(
				bankRules.longestCorrectShare,
			)}): make a wrong option as long in some of ${cite(giveaways)}`,
		)
	}

	const trueFalse = questions.filter((q) => q.type === 'true-false')
	if (trueFalse.length > questions.length * bankRules.trueFalseShare) {
		at(questionsLine, `${trueFalse.length} of ${questions.length} questions are true/false; at most a fifth of the bank (${Math.floor(questions.length * bankRules.trueFalseShare)}) may be: ${cite(trueFalse)}`)
	}
	if (trueFalse.length >= bankRules.trueFalseBalanceFrom) {
		const answeredTrue = trueFalse.filter((q) => q.options.find((o) => o.text === 'True')?.correct)
		const share = answeredTrue.length / trueFalse.length
		const [low, high] = bankRules.trueShareBand
		if (share < low || share > high) {
			at(questionsLine, `${answeredTrue.length} of ${trueFalse.length} true/false answers are true (${percent(share)}); keep between ${percent(low)} and ${percent(high)} true so guessing the cautious answer does not pass: ${cite(trueFalse)}`)
		}
	}
	return problems
}
