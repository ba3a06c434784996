import { prisma, type Db } from '#app/utils/db.server.ts'

/** What the quiz intro page shows: rules and this person's past attempts, no questions. */
export async function quizIntro({ quizId, personId }: { quizId: string; personId: string }, db: Db = prisma) {
	const quiz = await db.quiz.findUnique({ where: { id: quizId }, select: { id: true, title: true, moduleId: true, currentVersionId: true, retiredAt: true } })
	if (!quiz?.currentVersionId || quiz.retiredAt) return null
	const [module, rules, attempts] = await Promise.all([
		db.learningModule.findUniqueOrThrow({ where: { id: quiz.moduleId }, select: { title: true } }),
		db.quizVersion.findUniqueOrThrow({ where: { id: quiz.currentVersionId }, select: { questionsPerAttempt: true, passMark: true, attemptLimitCount: true, attemptLimitPeriodHours: true, cooldownMinutes: true } }),
		db.quizAttempt.findMany({ where: { personId, quizId }, orderBy: { startedAt: 'desc' }, take: 20, select: { id: true, startedAt: true, submittedAt: true, scorePercent: true, passed: true } }),
	])
	return { quiz: { id: quiz.id, title: quiz.title, moduleId: quiz.moduleId, moduleTitle: module.title }, rules, attempts }
}

/** A person's recent quiz attempts, newest first, each with its quiz's title, for their manager's view. */
export async function attemptsForPerson(personId: string, { take = 30 }: { take?: number } = {}, db: Db = prisma) {
	const attempts = await db.quizAttempt.findMany({ where: { personId }, orderBy: { startedAt: 'desc' }, take, select: { id: true, quizId: true, quizVersionId: true, startedAt: true, submittedAt: true, scorePercent: true, passed: true } })
	const titles = new Map((await db.quiz.findMany({ where: { id: { in: [...new Set(attempts.map((a) => a.quizId))] } }, select: { id: true, title: true } })).map((q) => [q.id, q.title]))
	return attempts.map((attempt) => ({ ...attempt, quizTitle: titles.get(attempt.quizId) ?? attempt.quizId }))
}
