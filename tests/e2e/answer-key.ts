import Database from 'better-sqlite3'
import { inject } from 'vitest'

/**
 * The browser never receives the answer key, so a test that must pass a quiz reads it from the
 * app's database, as only a test can.
 */
export function correctOptionTexts(attemptId: string): Map<string, string[]> {
	const db = new Database(inject('databaseFile'), { readonly: true })
	try {
		const attempt = db.prepare('SELECT presented, quizVersionId FROM QuizAttempt WHERE id = ?').get(attemptId) as { presented: string; quizVersionId: string }
		const version = db.prepare('SELECT questions FROM QuizVersion WHERE id = ?').get(attempt.quizVersionId) as { questions: string }
		const bank = new Map((JSON.parse(version.questions) as Array<{ id: string; prompt: string; options: Array<{ text: string; correct: boolean }> }>).map((q) => [q.id, q]))
		const answers = new Map<string, string[]>()
		for (const presented of JSON.parse(attempt.presented) as Array<{ questionId: string; prompt: string }>) {
			const question = bank.get(presented.questionId)!
			answers.set(question.prompt, question.options.filter((o) => o.correct).map((o) => o.text))
		}
		return answers
	} finally {
		db.close()
	}
}
