import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { type CatalogProblem } from './catalog-schema.ts'
import { parseYaml } from './parse-file.server.ts'
import { isWithinRequirement, parentRequirement, standardSchema, type CatalogStandard } from './standard-schema.ts'

export const STANDARD_FILE = 'standard.yaml'

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const asWord = (id: string) => new RegExp(`(^|[\\s\\[,:'"-])${escapeRegExp(id)}(?=$|[\\s\\],'"])`)

/** The 1-based line of the first `covers:` at or after `fromLine`, or of the cited `id` within that list. */
function lineOfCovered(source: string, id: string, fromLine = 1) {
	const lines = source.split('\n')
	const start = lines.findIndex((line, index) => index >= fromLine - 1 && /^\s*covers:/.test(line))
	if (start === -1) return undefined
	const word = asWord(id)
	const index = lines.findIndex((line, i) => i >= start && word.test(line))
	return (index === -1 ? start : index) + 1
}

/** The line of the list item whose `id:` is `id` (a question in a quiz bank, a requirement in standard.yaml). */
function linesOfItem(source: string, id: string) {
	const item = new RegExp(`^\\s*-?\\s*id:\\s*["']?${escapeRegExp(id)}["']?\\s*$`)
	return source.split('\n').flatMap((line, index) => (item.test(line) ? [index + 1] : []))
}

/** Reads content/standard.yaml: the edition the catalog maps and the requirement ids it may cite. */
export function loadStandard(contentDir: string, problems: CatalogProblem[]): CatalogStandard | null {
	const file = STANDARD_FILE
	const location = path.join(contentDir, file)
	if (!existsSync(location)) {
		problems.push({ file, message: 'missing: the catalog states here which edition of IEC 62443-2-4 it maps (edition:) and the requirement ids modules and questions may cite (requirements:)' })
		return null
	}
	const source = readFileSync(location, 'utf8')
	const parsed = parseYaml({ file, source, schema: standardSchema })
	if (!parsed.ok) {
		problems.push(...parsed.problems)
		return null
	}
	const ids = new Set(parsed.value.requirements.map((r) => r.id))
	const seen = new Map<string, number>()
	for (const { id } of parsed.value.requirements) {
		const occurrence = seen.get(id) ?? 0
		seen.set(id, occurrence + 1)
		const line = linesOfItem(source, id)[occurrence]
		if (occurrence > 0) problems.push({ file, line, message: `requirement ${id} is listed twice` })
		const parent = parentRequirement(id)
		// A finer id is cited only under its area, so coverage reads the same at every level.
		if (parent && !ids.has(parent)) problems.push({ file, line, message: `requirement ${id} belongs to ${parent}, which is not listed: list ${parent} too` })
	}
	return { ...parsed.value, file }
}

type Covering = { file: string; covers: string[] }
type CoveringModule = Covering & { id: string }
type CoveringQuiz = { file: string; module: string; questionCoverage: Array<{ questionId: string; covers: string[] }> }

/**
 * Every id a module or question cites must be listed in standard.yaml. A question must also stay
 * within what its module covers: the quiz checks what the module teaches, and a certificate's
 * coverage is read from its modules, so a question citing more would claim what nothing taught.
 */
export function checkCoverage(
	{ standard, modules, quizzes, sources }: { standard: CatalogStandard | null; modules: CoveringModule[]; quizzes: CoveringQuiz[]; sources: Map<string, string> },
	problems: CatalogProblem[],
) {
	const listed = standard ? new Set(standard.requirements.map((r) => r.id)) : null
	const unlisted = (id: string) => (listed && !listed.has(id) ? `covers ${id}, which ${STANDARD_FILE} does not list for ${standard!.edition}` : null)
	for (const module of modules) {
		const source = sources.get(module.file) ?? ''
		for (const id of module.covers) {
			const problem = unlisted(id)
			if (problem) problems.push({ file: module.file, line: lineOfCovered(source, id), message: problem })
		}
	}
	const moduleCovers = new Map(modules.map((m) => [m.id, m.covers]))
	for (const quiz of quizzes) {
		const source = sources.get(quiz.file) ?? ''
		const scope = moduleCovers.get(quiz.module)
		for (const { questionId, covers } of quiz.questionCoverage) {
			const questionLine = linesOfItem(source, questionId)[0] ?? 1
			for (const id of covers) {
				const at = (message: string) => problems.push({ file: quiz.file, line: lineOfCovered(source, id, questionLine), message: `question ${questionId}: ${message}` })
				const problem = unlisted(id)
				if (problem) at(problem)
				else if (scope && !scope.some((covered) => isWithinRequirement(id, covered))) {
					at(`covers ${id}, which its module ${quiz.module} does not cover (the module covers ${scope.join(', ')}); a question checks what its module teaches`)
				}
			}
		}
	}
}
