import { randomInt } from 'node:crypto'
import { appendAuditEvent } from '#app/audit/audit-log.server.ts'
import { type Question } from '#app/catalog/catalog-schema.ts'
import { prisma, type Db, type DbTransaction } from '#app/utils/db.server.ts'
import { drawQuestions, gradeAttempt, type Answers, type PresentedQuestion, type QuestionResult, type Scoring } from './grading.ts'

export type QuizRuleCode = 'not-found' | 'already-submitted' | 'attempt-limit' | 'cooldown' | 'invalid-answers' | 'no-answers'

/** A quiz rule the request broke; `retryAt` says when trying again makes sense. */
export class QuizRuleError extends Error {
	override name = 'QuizRuleError'
	constructor(
		readonly code: QuizRuleCode,
		message: string,
		readonly retryAt?: Date,
	) {
		super(message)
	}
}

/** Hook run inside the submitting transaction when an attempt passes (certification awards). */
export type OnQuizPassed = (tx: DbTransaction, event: { personId: string; quizId: string; at: Date }) => Promise<void>

const cryptoRandom = () => randomInt(0, 2 ** 32) / 2 ** 32

export type QuizAvailability =
	| { status: 'open-attempt'; attemptId: string }
	| { status: 'available'; attemptsLeft: number }
	| { status: 'cooldown' | 'attempt-limit'; retryAt: Date }
	| { status: 'unavailable' }

export async function quizAvailability({ personId, quizId, at }: { personId: string; quizId: string; at: Date }, db: Db | DbTransaction = prisma): Promise<QuizAvailability> {
	const quiz = await db.quiz.findUnique({ where: { id: quizId }, select: { retiredAt: true, currentVersionId: true } })
	if (!quiz?.currentVersionId || quiz.retiredAt) return { status: 'unavailable' }
	const open = await db.quizAttempt.findFirst({ where: { personId, quizId, submittedAt: null }, select: { id: true } })
	if (open) return { status: 'open-attempt', attemptId: open.id }
	const rules = await db.quizVersion.findUniqueOrThrow({ where: { id: quiz.currentVersionId }, select: { attemptLimitCount: true, attemptLimitPeriodHours: true, cooldownMinutes: true } })
	const periodMs = rules.attemptLimitPeriodHours * 3_600_000
	const recent = await db.quizAttempt.findMany({
		where: { personId, quizId, startedAt: { gt: new Date(at.getTime() - periodMs) } },
		orderBy: { startedAt: 'asc' },
		select: { startedAt: true, submittedAt: true, passed: true },
	})
	if (recent.length >= rules.attemptLimitCount) {
		return { status: 'attempt-limit', retryAt: new Date(recent[recent.length - rules.attemptLimitCount]!.startedAt.getTime() + periodMs) }
	}
	const last = recent.at(-1)
	if (last?.submittedAt && last.passed === false) {
		const retryAt = new Date(last.submittedAt.getTime() + rules.cooldownMinutes * 60_000)
		if (retryAt > at) return { status: 'cooldown', retryAt }
	}
	return { status: 'available', attemptsLeft: rules.attemptLimitCount - recent.length }
}

/** Starts an attempt (or returns the one already open): the server draws and stores what is shown. */
export async function startQuizAttempt(
	{ personId, quizId, at, random = cryptoRandom }: { personId: string; quizId: string; at: Date; random?: () => number },
	db: Db = prisma,
) {
	return db.$transaction(async (tx) => {
		const availability = await quizAvailability({ personId, quizId, at }, tx)
		if (availability.status === 'open-attempt') return { attemptId: availability.attemptId }
		if (availability.status === 'unavailable') throw new QuizRuleError('not-found', 'This quiz is not available.')
		if (availability.status === 'attempt-limit') throw new QuizRuleError('attempt-limit', 'You have used all attempts allowed for now.', availability.retryAt)
		if (availability.status === 'cooldown') throw new QuizRuleError('cooldown', 'Review the module before trying again.', availability.retryAt)
		const quiz = await tx.quiz.findUniqueOrThrow({ where: { id: quizId }, select: { currentVersionId: true } })
		const version = await tx.quizVersion.findUniqueOrThrow({ where: { id: quiz.currentVersionId! }, select: { id: true, questions: true, questionsPerAttempt: true } })
		const presented = drawQuestions(JSON.parse(version.questions) as Question[], version.questionsPerAttempt, random)
		const attempt = await tx.quizAttempt.create({
			data: { personId, quizId, quizVersionId: version.id, startedAt: at, presented: JSON.stringify(presented) },
			select: { id: true },
		})
		await appendAuditEvent(tx, { actor: { type: 'person', id: personId }, action: 'quiz.attempt_started', subject: { type: 'quiz_attempt', id: attempt.id }, details: { quizId, quizVersionId: version.id }, at })
		return { attemptId: attempt.id }
	})
}

function checkAnswers(presented: PresentedQuestion[], answers: Answers) {
	const byId = new Map(presented.map((question) => [question.questionId, question]))
	for (const [questionId, optionIds] of Object.entries(answers)) {
		const question = byId.get(questionId)
		if (!question) throw new QuizRuleError('invalid-answers', `Question ${questionId} is not part of this attempt.`)
		const known = new Set(question.options.map((option) => option.id))
		if (optionIds.some((id) => !known.has(id))) throw new QuizRuleError('invalid-answers', `An answer to question ${questionId} is not one of its options.`)
		if (question.type !== 'multiple' && optionIds.length > 1) throw new QuizRuleError('invalid-answers', `Question ${questionId} takes one answer.`)
	}
}

/** Grades and closes an attempt exactly once; a replayed or concurrent submit changes nothing. */
export async function submitQuizAttempt(
	{ attemptId, personId, answers, at, onPassed }: { attemptId: string; personId: string; answers: Answers; at: Date; onPassed?: OnQuizPassed },
	db: Db = prisma,
) {
	return db.$transaction(async (tx) => {
		const attempt = await tx.quizAttempt.findUnique({ where: { id: attemptId }, select: { personId: true, quizId: true, quizVersionId: true, presented: true, submittedAt: true } })
		// Someone else's attempt is indistinguishable from a missing one.
		if (!attempt || attempt.personId !== personId) throw new QuizRuleError('not-found', 'No such quiz attempt.')
		if (attempt.submittedAt) throw new QuizRuleError('already-submitted', 'This attempt was already submitted.')
		// An empty form is a slip (a double click, Enter in the wrong place), not an answer: the attempt stays open.
		if (Object.values(answers).every((chosen) => chosen.length === 0)) throw new QuizRuleError('no-answers', 'Answer at least one question before submitting. Your attempt is still open and has not been used up.')
		const presented = JSON.parse(attempt.presented) as PresentedQuestion[]
		checkAnswers(presented, answers)
		const version = await tx.quizVersion.findUniqueOrThrow({ where: { id: attempt.quizVersionId }, select: { questions: true, scoring: true, passMark: true } })
		const graded = gradeAttempt({ presented, questions: JSON.parse(version.questions) as Question[], answers, scoring: version.scoring as Scoring, passMark: version.passMark })
		const closed = await tx.quizAttempt.updateMany({
			where: { id: attemptId, submittedAt: null },
			data: { submittedAt: at, answers: JSON.stringify(answers), scorePercent: graded.scorePercent, passed: graded.passed, results: JSON.stringify(graded.results) },
		})
		if (closed.count !== 1) throw new QuizRuleError('already-submitted', 'This attempt was already submitted.')
		await appendAuditEvent(tx, {
			actor: { type: 'person', id: personId },
			action: 'quiz.attempt_submitted',
			subject: { type: 'quiz_attempt', id: attemptId },
			details: { quizId: attempt.quizId, quizVersionId: attempt.quizVersionId, scorePercent: graded.scorePercent, passed: graded.passed },
			at,
		})
		if (graded.passed && onPassed) await onPassed(tx, { personId, quizId: attempt.quizId, at })
		return { scorePercent: graded.scorePercent, passed: graded.passed }
	})
}

/** A certification this attempt's pass earned (issued in the same transaction, so at the same instant). */
export type EarnedAward = { awardId: string; code: string; name: string; expiresAt: Date }

async function awardsEarnedBy({ personId, submittedAt }: { personId: string; submittedAt: Date }, db: Db): Promise<EarnedAward[]> {
	const awards = await db.certificationAward.findMany({ where: { personId, source: 'earned', issuedAt: submittedAt }, orderBy: { certificationCode: 'asc' }, select: { id: true, certificationCode: true, expiresAt: true } })
	const names = new Map((await db.certification.findMany({ where: { code: { in: awards.map((a) => a.certificationCode) } }, select: { code: true, name: true } })).map((c) => [c.code, c.name]))
	return awards.map((a) => ({ awardId: a.id, code: a.certificationCode, name: names.get(a.certificationCode) ?? a.certificationCode, expiresAt: a.expiresAt }))
}

export type AttemptView =
	| { state: 'open'; attemptId: string; quizId: string; quizTitle: string; passMark: number; module: { id: string; title: string }; questions: PresentedQuestion[] }
	| { state: 'passed'; attemptId: string; quizId: string; scorePercent: number; passMark: number; earned: EarnedAward[]; questions: Array<PresentedQuestion & { answer: string[]; result: QuestionResult }> }
	| { state: 'failed'; attemptId: string; quizId: string; scorePercent: number; passMark: number; correctCount: number; total: number; module: { id: string; title: string }; revisit: Array<{ id: string; title: string | null }>; sections: Array<{ number: number; title: string }> }

/**
 * What to work on after a failed attempt, without saying which answers were right: the module
 * sections that teach the missed questions (where the bank names them; numbered as in the
 * module's current version) and the IEC 62443-2-4 areas they check (a question's own `covers`,
 * else its module's). Several questions share a section, so neither list singles one out.
 */
async function areasToRevisit({ missed, bank, moduleId }: { missed: string[]; bank: Question[]; moduleId: string }, db: Db) {
	const module = await db.learningModule.findUniqueOrThrow({ where: { id: moduleId }, select: { title: true, currentVersionId: true } })
	const current = module.currentVersionId ? await db.moduleVersion.findUniqueOrThrow({ where: { id: module.currentVersionId }, select: { covers: true, sections: true } }) : null
	const moduleCovers = current ? (JSON.parse(current.covers) as string[]) : []
	const sectionTitles = current ? (JSON.parse(current.sections) as Array<{ title: string }>).map((s) => s.title) : []
	const byId = new Map(bank.map((q) => [q.id, q]))
	const ids = [...new Set(missed.flatMap((id) => byId.get(id)?.covers ?? moduleCovers))].sort()
	const titles = new Map((await db.standardRequirement.findMany({ where: { id: { in: ids } }, select: { id: true, title: true } })).map((r) => [r.id, r.title]))
	const sectionNumbers = new Set(missed.map((id) => sectionTitles.indexOf(byId.get(id)?.section ?? '') + 1).filter((number) => number > 0))
	return {
		module: { id: moduleId, title: module.title },
		revisit: ids.map((id) => ({ id, title: titles.get(id) ?? null })),
		sections: [...sectionNumbers].sort((a, b) => a - b).map((number) => ({ number, title: sectionTitles[number - 1]! })),
	}
}

/**
 * What the attempt page may show its owner: never the answer key. A passed attempt is reviewed
 * question by question with explanations; a failed one shows the score and what to revisit only,
 * since explanations and per-question marks would hand over the answers for the next attempt.
 */
export async function getAttemptView({ attemptId, personId }: { attemptId: string; personId: string }, db: Db = prisma): Promise<AttemptView | null> {
	const attempt = await db.quizAttempt.findUnique({
		where: { id: attemptId },
		select: { id: true, personId: true, quizId: true, quizVersionId: true, presented: true, submittedAt: true, answers: true, scorePercent: true, passed: true, results: true },
	})
	if (!attempt || attempt.personId !== personId) return null
	const questions = JSON.parse(attempt.presented) as PresentedQuestion[]
	if (!attempt.submittedAt) {
		const quiz = await db.quiz.findUniqueOrThrow({ where: { id: attempt.quizId }, select: { title: true, moduleId: true } })
		const [module, { passMark }] = await Promise.all([
			db.learningModule.findUniqueOrThrow({ where: { id: quiz.moduleId }, select: { id: true, title: true } }),
			db.quizVersion.findUniqueOrThrow({ where: { id: attempt.quizVersionId }, select: { passMark: true } }),
		])
		return { state: 'open', attemptId: attempt.id, quizId: attempt.quizId, quizTitle: quiz.title, passMark, module, questions }
	}
	const results = JSON.parse(attempt.results ?? '[]') as QuestionResult[]
	const version = await db.quizVersion.findUniqueOrThrow({ where: { id: attempt.quizVersionId }, select: { passMark: true, questions: true } })
	const common = { attemptId: attempt.id, quizId: attempt.quizId, scorePercent: attempt.scorePercent ?? 0, passMark: version.passMark }
	if (!attempt.passed) {
		const missed = results.filter((r) => !r.correct).map((r) => r.questionId)
		const { moduleId } = await db.quiz.findUniqueOrThrow({ where: { id: attempt.quizId }, select: { moduleId: true } })
		const advice = await areasToRevisit({ missed, bank: JSON.parse(version.questions) as Question[], moduleId }, db)
		return { state: 'failed', ...common, correctCount: results.length - missed.length, total: results.length, ...advice }
	}
	const answers = JSON.parse(attempt.answers ?? '{}') as Answers
	const byQuestion = new Map(results.map((r) => [r.questionId, r]))
	const earned = await awardsEarnedBy({ personId, submittedAt: attempt.submittedAt }, db)
	return { state: 'passed', ...common, earned, questions: questions.map((question) => ({ ...question, answer: answers[question.questionId] ?? [], result: byQuestion.get(question.questionId)! })) }
}
