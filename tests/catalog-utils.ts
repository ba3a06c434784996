import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { type Question } from '#app/catalog/catalog-schema.ts'
import { syncCatalogFromDirectory } from '#app/catalog/sync-catalog.server.ts'
import { type Answers, type PresentedQuestion } from '#app/quiz/grading.ts'
import { prisma } from '#app/utils/db.server.ts'
import { testsRoot, tmpDir } from './setup/paths.ts'

export const fixtureCatalogDir = path.join(testsRoot, 'fixtures', 'catalog', 'valid')

/** A private, editable copy of the fixture catalog (CERT-A needs modules alpha, with a quiz, and beta). */
export function copyOfFixtureCatalog() {
	const dir = mkdtempSync(path.join(tmpDir, 'catalog-copy-'))
	cpSync(fixtureCatalogDir, dir, { recursive: true })
	return {
		dir,
		edit(file: string, change: (source: string) => string) {
			const target = path.join(dir, file)
			writeFileSync(target, change(readFileSync(target, 'utf8')))
		},
	}
}

export async function syncCatalog(dir: string = fixtureCatalogDir, at = new Date('2026-01-01T00:00:00Z')) {
	const outcome = await syncCatalogFromDirectory(dir, { at })
	if (!outcome.ok) throw new Error(`fixture catalog did not sync: ${JSON.stringify(outcome.problems)}`)
	return outcome
}

/** Answers every presented question correctly (or all wrongly), reading the key from the database. */
export async function answersFor(attemptId: string, { correct }: { correct: boolean }): Promise<Answers> {
	const attempt = await prisma.quizAttempt.findUniqueOrThrow({ where: { id: attemptId }, select: { presented: true, quizVersionId: true } })
	const version = await prisma.quizVersion.findUniqueOrThrow({ where: { id: attempt.quizVersionId }, select: { questions: true } })
	const bank = new Map((JSON.parse(version.questions) as Question[]).map((q) => [q.id, q]))
	const answers: Answers = {}
	for (const presented of JSON.parse(attempt.presented) as PresentedQuestion[]) {
		const question = bank.get(presented.questionId)!
		const ids = question.options.flatMap((option, index) => (option.correct === correct ? [`o${index}`] : []))
		answers[presented.questionId] = question.type === 'multiple' ? ids : ids.slice(0, 1)
	}
	return answers
}
