import { type Question } from '#app/catalog/catalog-schema.ts'
import { prisma, type Db } from '#app/utils/db.server.ts'
import { type Answers, type PresentedQuestion } from './grading.ts'

/**
 * Answers to an attempt's presented questions, every one right (or every one wrong), read from
 * the bank on the server. Only for seeding demo history and for tests; never sent to a browser.
 */
export async function answersFor(attemptId: string, { correct }: { correct: boolean }, db: Db = prisma): Promise<Answers> {
	const attempt = await db.quizAttempt.findUniqueOrThrow({ where: { id: attemptId }, select: { presented: true, quizVersionId: true } })
	const version = await db.quizVersion.findUniqueOrThrow({ where: { id: attempt.quizVersionId }, select: { questions: true } })
	const bank = new Map((JSON.parse(version.questions) as Question[]).map((q) => [q.id, q]))
	const answers: Answers = {}
	for (const presented of JSON.parse(attempt.presented) as PresentedQuestion[]) {
		const question = bank.get(presented.questionId)!
		const ids = question.options.flatMap((option, index) => (option.correct === correct ? [`o${index}`] : []))
		answers[presented.questionId] = question.type === 'multiple' ? ids : ids.slice(0, 1)
	}
	return answers
}
