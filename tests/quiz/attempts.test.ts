import { beforeAll, describe, expect, test } from 'vitest'
import { quizAvailability, QuizRuleError, startQuizAttempt, submitQuizAttempt } from '#app/quiz/attempts.server.ts'
import { action as attemptAction, loader as attemptLoader } from '#app/routes/learn+/attempts.$attemptId.tsx'
import { loader as quizLoader } from '#app/routes/learn+/quizzes.$quizId.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { answersFor, copyOfFixtureCatalog, syncCatalog } from '#tests/catalog-utils.ts'
import { createTestOrg, createTestPerson, settle, signedInRequest } from '#tests/factories.ts'

beforeAll(async () => {
	await createTestOrg()
	await syncCatalog()
})

const base = 'http://localhost'
const minutes = (at: Date, n: number) => new Date(at.getTime() + n * 60_000)

/** Explanations of the bank that do not also appear as a prompt or option (those may be shown). */
async function explanationsOnly() {
	const version = await prisma.quizVersion.findFirstOrThrow({ where: { quizId: 'alpha-quiz' }, select: { questions: true } })
	const bank = JSON.parse(version.questions) as Array<{ prompt: string; explanation: string; options: Array<{ text: string }> }>
	const shown = new Set(bank.flatMap((q) => [q.prompt, ...q.options.map((o) => o.text)]))
	return bank.map((q) => q.explanation).filter((text) => !shown.has(text))
}

describe('what reaches the browser', () => {
	test('the attempt page and the quiz page carry no answer key and no explanations before submission', async () => {
		const rep = await createTestPerson()
		const { attemptId } = await startQuizAttempt({ personId: rep.id, quizId: 'alpha-quiz', at: new Date() })
		const attemptPage = await attemptLoader({ request: await signedInRequest(rep.id, `${base}/learn/attempts/${attemptId}`), params: { attemptId }, context: {} })
		const quizPage = await quizLoader({ request: await signedInRequest(rep.id, `${base}/learn/quizzes/alpha-quiz`), params: { quizId: 'alpha-quiz' }, context: {} })
		for (const payload of [JSON.stringify(attemptPage), JSON.stringify(quizPage)]) {
			expect(payload).not.toMatch(/"correct"/)
			for (const explanation of await explanationsOnly()) expect(payload).not.toContain(explanation)
		}
		expect(attemptPage.view.state).toBe('open')
		if (attemptPage.view.state === 'open') expect(attemptPage.view.questions).toHaveLength(6)
	})
})

describe('after submitting', () => {
	const viewOf = async (personId: string, attemptId: string) => (await attemptLoader({ request: await signedInRequest(personId, `${base}/learn/attempts/${attemptId}`), params: { attemptId }, context: {} })).view

	test('a failed attempt shows the score and what to revisit, and no correct answer, explanation or per-question mark', async () => {
		const rep = await createTestPerson()
		const at = new Date('2026-04-01T10:00:00Z')
		const { attemptId } = await startQuizAttempt({ personId: rep.id, quizId: 'alpha-quiz', at })
		await submitQuizAttempt({ attemptId, personId: rep.id, answers: await answersFor(attemptId, { correct: false }), at: minutes(at, 5) })
		const view = await viewOf(rep.id, attemptId)
		expect(view).toEqual({
			state: 'failed',
			attemptId,
			quizId: 'alpha-quiz',
			scorePercent: 0,
			passMark: 75,
			correctCount: 0,
			total: 6,
			module: { id: 'alpha', title: 'Alpha site visit basics' },
			revisit: [{ id: 'SP.03', title: 'Architecture' }],
			sections: [{ number: 2, title: 'On site' }],
		})
		const payload = JSON.stringify(view)
		expect(payload).not.toMatch(/"correct"|"explanation"|"result"/)
		for (const explanation of await explanationsOnly()) expect(payload).not.toContain(explanation)
	})

	test('a passed attempt is reviewed question by question, with explanations', async () => {
		const rep = await createTestPerson()
		const at = new Date('2026-04-02T10:00:00Z')
		const { attemptId } = await startQuizAttempt({ personId: rep.id, quizId: 'alpha-quiz', at })
		await submitQuizAttempt({ attemptId, personId: rep.id, answers: await answersFor(attemptId, { correct: true }), at: minutes(at, 5) })
		const view = await viewOf(rep.id, attemptId)
		expect(view.state).toBe('passed')
		if (view.state !== 'passed') return
		expect(view.questions).toHaveLength(6)
		for (const question of view.questions) expect(question.result).toMatchObject({ correct: true, explanation: expect.any(String) })
	})
})

describe('taking a quiz', () => {
	test('the server draws the questions once and stores exactly what was shown; reopening resumes it', async () => {
		const rep = await createTestPerson()
		const at = new Date('2026-03-01T10:00:00Z')
		const first = await startQuizAttempt({ personId: rep.id, quizId: 'alpha-quiz', at })
		const again = await startQuizAttempt({ personId: rep.id, quizId: 'alpha-quiz', at: minutes(at, 1) })
		expect(again.attemptId).toBe(first.attemptId)
		const stored = await prisma.quizAttempt.findUniqueOrThrow({ where: { id: first.attemptId } })
		expect(JSON.parse(stored.presented)).toHaveLength(6)
		expect(await prisma.auditEvent.count({ where: { action: 'quiz.attempt_started', subjectId: first.attemptId } })).toBe(1)
	})

	test('a correct submission passes, is graded on the server and audited', async () => {
		const rep = await createTestPerson()
		const at = new Date('2026-03-02T10:00:00Z')
		const { attemptId } = await startQuizAttempt({ personId: rep.id, quizId: 'alpha-quiz', at })
		const result = await submitQuizAttempt({ attemptId, personId: rep.id, answers: await answersFor(attemptId, { correct: true }), at: minutes(at, 5) })
		expect(result).toEqual({ scorePercent: 100, passed: true })
		expect(await prisma.auditEvent.findFirst({ where: { action: 'quiz.attempt_submitted', subjectId: attemptId }, select: { details: true } })).toMatchObject({ details: expect.stringContaining('"passed":true') })
	})

	test('a second submission is refused and changes nothing, even when both arrive at once', async () => {
		const rep = await createTestPerson()
		const at = new Date('2026-03-03T10:00:00Z')
		const { attemptId } = await startQuizAttempt({ personId: rep.id, quizId: 'alpha-quiz', at })
		const right = await answersFor(attemptId, { correct: true })
		const wrong = await answersFor(attemptId, { correct: false })
		const outcomes = await Promise.allSettled([
			submitQuizAttempt({ attemptId, personId: rep.id, answers: right, at: minutes(at, 5) }),
			submitQuizAttempt({ attemptId, personId: rep.id, answers: wrong, at: minutes(at, 5) }),
		])
		expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
		const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult
		expect(rejected.reason).toMatchObject({ code: 'already-submitted' })
		const before = await prisma.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } })

		const replay = await attemptAction({ request: await signedInRequest(rep.id, `${base}/x`, { method: 'POST', body: new URLSearchParams({}) }), params: { attemptId }, context: {} })
		expect(replay).toMatchObject({ init: { status: 409 } })
		expect(await prisma.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } })).toEqual(before)
	})

	test('an empty submission is refused and leaves the attempt open, so no attempt is used up', async () => {
		const rep = await createTestPerson()
		const { attemptId } = await startQuizAttempt({ personId: rep.id, quizId: 'alpha-quiz', at: new Date() })
		const empty = await attemptAction({ request: await signedInRequest(rep.id, `${base}/x`, { method: 'POST', body: new URLSearchParams({ confirmUnanswered: 'yes' }) }), params: { attemptId }, context: {} })
		expect(empty).toMatchObject({ init: { status: 400 }, data: { error: 'Answer at least one question before submitting. Your attempt is still open and has not been used up.' } })
		expect(await prisma.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } })).toMatchObject({ submittedAt: null, scorePercent: null })
		expect(await prisma.auditEvent.count({ where: { action: 'quiz.attempt_submitted', subjectId: attemptId } })).toBe(0)
		const view = (await attemptLoader({ request: await signedInRequest(rep.id, `${base}/learn/attempts/${attemptId}`), params: { attemptId }, context: {} })).view
		expect(view).toMatchObject({ state: 'open', quizTitle: expect.any(String), module: { id: expect.any(String), title: expect.any(String) }, passMark: expect.any(Number) })
		// One answer is enough to submit; the rest count as wrong.
		const [first] = Object.entries(await answersFor(attemptId, { correct: true }))
		await submitQuizAttempt({ attemptId, personId: rep.id, answers: { [first![0]]: first![1] }, at: new Date() })
		expect((await prisma.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } })).submittedAt).not.toBeNull()
	})

	test("a submission for someone else's attempt is refused as if the attempt did not exist", async () => {
		const owner = await createTestPerson()
		const intruder = await createTestPerson()
		const { attemptId } = await startQuizAttempt({ personId: owner.id, quizId: 'alpha-quiz', at: new Date() })
		await expect(submitQuizAttempt({ attemptId, personId: intruder.id, answers: {}, at: new Date() })).rejects.toMatchObject({ code: 'not-found' })
		const response = (await settle(async () => attemptAction({ request: await signedInRequest(intruder.id, `${base}/x`, { method: 'POST', body: new URLSearchParams({}) }), params: { attemptId }, context: {} }))) as Response
		expect(response.status).toBe(404)
		expect((await settle(async () => attemptLoader({ request: await signedInRequest(intruder.id, `${base}/x`), params: { attemptId }, context: {} })) as Response).status).toBe(404)
		expect((await prisma.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } })).submittedAt).toBeNull()
	})

	test('answers that were not offered are rejected with a clear message', async () => {
		const rep = await createTestPerson()
		const { attemptId } = await startQuizAttempt({ personId: rep.id, quizId: 'alpha-quiz', at: new Date() })
		await expect(submitQuizAttempt({ attemptId, personId: rep.id, answers: { nope: ['o0'] }, at: new Date() })).rejects.toThrow(/not part of this attempt/)
		const [questionId] = Object.keys(await answersFor(attemptId, { correct: true }))
		await expect(submitQuizAttempt({ attemptId, personId: rep.id, answers: { [questionId!]: ['o99'] }, at: new Date() })).rejects.toThrow(/not one of its options/)
	})
})

describe('attempt limit and cooldown (enforced on the server)', () => {
	async function failAttempt(personId: string, at: Date) {
		const { attemptId } = await startQuizAttempt({ personId, quizId: 'alpha-quiz', at })
		await submitQuizAttempt({ attemptId, personId, answers: await answersFor(attemptId, { correct: false }), at: minutes(at, 1) })
	}

	test('after a failed attempt the rep waits out the cooldown', async () => {
		const rep = await createTestPerson()
		const at = new Date('2026-04-01T08:00:00Z')
		await failAttempt(rep.id, at)
		const during = startQuizAttempt({ personId: rep.id, quizId: 'alpha-quiz', at: minutes(at, 3) })
		await expect(during).rejects.toBeInstanceOf(QuizRuleError)
		await expect(during).rejects.toMatchObject({ code: 'cooldown', retryAt: minutes(at, 6) })
		await expect(startQuizAttempt({ personId: rep.id, quizId: 'alpha-quiz', at: minutes(at, 6) })).resolves.toHaveProperty('attemptId')
	})

	test('three attempts in 24 hours, then none until the oldest leaves the window', async () => {
		const rep = await createTestPerson()
		const at = new Date('2026-04-02T08:00:00Z')
		for (let i = 0; i < 3; i++) await failAttempt(rep.id, minutes(at, i * 10))
		await expect(startQuizAttempt({ personId: rep.id, quizId: 'alpha-quiz', at: minutes(at, 60) })).rejects.toMatchObject({ code: 'attempt-limit', retryAt: minutes(at, 24 * 60) })
		expect(await quizAvailability({ personId: rep.id, quizId: 'alpha-quiz', at: minutes(at, 24 * 60 - 1) })).toMatchObject({ status: 'attempt-limit' })
		expect(await quizAvailability({ personId: rep.id, quizId: 'alpha-quiz', at: minutes(at, 24 * 60 + 1) })).toEqual({ status: 'available', attemptsLeft: 1 })
	})
})

describe('content versions', () => {
	test('a changed quiz becomes a new version; past and open attempts keep theirs', async () => {
		const rep = await createTestPerson()
		const at = new Date('2026-05-01T08:00:00Z')
		const done = await startQuizAttempt({ personId: rep.id, quizId: 'alpha-quiz', at })
		await submitQuizAttempt({ attemptId: done.attemptId, personId: rep.id, answers: await answersFor(done.attemptId, { correct: true }), at: minutes(at, 2) })
		const other = await createTestPerson()
		const open = await startQuizAttempt({ personId: other.id, quizId: 'alpha-quiz', at })
		const openAnswers = await answersFor(open.attemptId, { correct: true })
		const before = await prisma.quizAttempt.findUniqueOrThrow({ where: { id: done.attemptId } })

		const copy = copyOfFixtureCatalog()
		copy.edit('quizzes/alpha.yaml', (source) => source.replace('passMark: 75', 'passMark: 90').replace('version: 1', 'version: 2'))
		const outcome = await syncCatalog(copy.dir, minutes(at, 10))
		expect(outcome.newQuizVersions).toHaveLength(1)

		const versions = await prisma.quizVersion.findMany({ where: { quizId: 'alpha-quiz' }, orderBy: { createdAt: 'asc' }, select: { id: true, version: true, passMark: true } })
		expect(versions.map((v) => [v.version, v.passMark])).toEqual([[1, 75], [2, 90]])
		const quiz = await prisma.quiz.findUniqueOrThrow({ where: { id: 'alpha-quiz' } })
		expect(quiz.currentVersionId).toBe(versions[1]!.id)
		expect(await prisma.quizAttempt.findUniqueOrThrow({ where: { id: done.attemptId } })).toEqual(before)
		expect(before.quizVersionId).toBe(versions[0]!.id)

		// The open attempt is graded against the version it was drawn from.
		await submitQuizAttempt({ attemptId: open.attemptId, personId: other.id, answers: openAnswers, at: minutes(at, 20) })
		expect(await prisma.quizAttempt.findUniqueOrThrow({ where: { id: open.attemptId }, select: { quizVersionId: true, passed: true } })).toEqual({ quizVersionId: versions[0]!.id, passed: true })
		const next = await startQuizAttempt({ personId: rep.id, quizId: 'alpha-quiz', at: minutes(at, 30) })
		expect((await prisma.quizAttempt.findUniqueOrThrow({ where: { id: next.attemptId } })).quizVersionId).toBe(versions[1]!.id)
		await syncCatalog(undefined, minutes(at, 40))
	})
})
