import { type CatalogProblem } from './catalog-schema.ts'

/** `file:line: message`, the way compilers report, for the CLI and the Content page alike. */
export function formatProblem(problem: CatalogProblem) {
	return `${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`
}
