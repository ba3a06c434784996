// `npm run content:check [dir]`: validates the catalog (default content/), question banks held to the
// rules that make them measure knowledge; exits 1 listing every problem.
import path from 'node:path'
import { formatProblem } from '#app/catalog/format-problem.ts'
import { loadCatalog } from '#app/catalog/load-catalog.server.ts'
import { projectPath } from './project.ts'

const contentDir = process.argv[2] ? path.resolve(process.argv[2]) : projectPath('content')
const result = loadCatalog(contentDir, { bankRules: true })
if (result.ok) {
	const { modules, scormModules, quizzes, certifications, workTypes, checklists, standard } = result.catalog
	console.log(
		`Catalog OK: ${modules.length} modules, ${scormModules.length} SCORM modules, ${quizzes.length} quizzes (${quizzes.reduce((n, q) => n + q.questions.length, 0)} questions), ${certifications.length} certifications, ${workTypes.length} work types, ${checklists.length} practical checklists; mapped to ${standard.edition}.`,
	)
} else {
	for (const problem of result.problems) console.error(formatProblem(problem))
	console.error(`\n${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} in ${contentDir}`)
	process.exit(1)
}
