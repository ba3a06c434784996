import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { syncCatalogFromDirectory } from '#app/catalog/sync-catalog.server.ts'
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
export { answersFor } from '#app/quiz/answer-key.server.ts'
