import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import {
	certificationSchema,
	moduleFrontMatterSchema,
	quizBankSchema,
	workTypesFileSchema,
	type Catalog,
	type CatalogModule,
	type CatalogProblem,
	type CatalogQuiz,
	type Question,
	type QuizBankFile,
} from './catalog-schema.ts'
import { checkBankRules } from './bank-rules.server.ts'
import { loadChecklist } from './checklist.server.ts'
import { checkCoverage, loadStandard } from './traceability.server.ts'
import { splitSections } from './module-body.server.ts'
import { parseYaml, sha256, splitFrontMatter } from './parse-file.server.ts'
import { loadScormModule } from './scorm-module.server.ts'

export type CatalogResult = { ok: true; catalog: Catalog } | { ok: false; problems: CatalogProblem[] }

type SourceFile = { file: string; source: string }

function readFolder(contentDir: string, folder: string, extension: string): SourceFile[] {
	const dir = path.join(contentDir, folder)
	if (!existsSync(dir)) return []
	return readdirSync(dir)
		.filter((name) => name.endsWith(extension))
		.sort()
		.map((name) => ({ file: `${folder}/${name}`, source: readFileSync(path.join(dir, name), 'utf8') }))
}

/** The line of the `occurrence`-th (0-based) line of `source` containing `needle`, if any. */
function lineMentioning(source: string, needle: string, occurrence = 0) {
	const matches = source.split('\n').flatMap((line, index) => (line.includes(needle) ? [index + 1] : []))
	return matches[occurrence] ?? matches[0]
}

/** The line where `value` appears as a whole word, preferring a line that also has `hint`. */
function lineOfReference(source: string, value: string, hint: string) {
	const word = new RegExp(`(^|[\\s\\[,:-])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[\\s\\],])`)
	const lines = source.split('\n')
	const index = lines.findIndex((line) => line.includes(hint) && word.test(line))
	const fallback = lines.findIndex((line) => word.test(line))
	return index !== -1 ? index + 1 : fallback !== -1 ? fallback + 1 : undefined
}

function loadModule({ file, source }: SourceFile, problems: CatalogProblem[]): CatalogModule | null {
	const parts = splitFrontMatter(source)
	if (!parts) {
		problems.push({ file, line: 1, message: 'a module starts with YAML front matter between --- lines' })
		return null
	}
	const frontMatter = parseYaml({ file, source: parts.frontMatter, schema: moduleFrontMatterSchema, lineOffset: 1 })
	if (!frontMatter.ok) {
		problems.push(...frontMatter.problems)
		return null
	}
	const expectedFile = `modules/${frontMatter.value.id}.md`
	if (file !== expectedFile) problems.push({ file, line: lineMentioning(source, 'id:'), message: `the file of module "${frontMatter.value.id}" must be named ${expectedFile}` })
	const { sections, problems: bodyProblems } = splitSections({ file, body: parts.body, bodyStartLine: parts.bodyStartLine })
	problems.push(...bodyProblems)
	return { ...frontMatter.value, file, contentHash: sha256(source), body: parts.body, sections }
}

const coverage = ({ covers, section }: { covers?: string[]; section?: string }) => ({ ...(covers ? { covers } : {}), ...(section ? { section } : {}) })

function normaliseQuestions(bank: QuizBankFile): Question[] {
	return bank.questions.map((question) =>
		question.type === 'true-false'
			? { id: question.id, type: question.type, prompt: question.prompt, explanation: question.explanation, options: [{ text: 'True', correct: question.answer }, { text: 'False', correct: !question.answer }], ...coverage(question) }
			: { id: question.id, type: question.type, prompt: question.prompt, explanation: question.explanation, options: question.options.map((o) => ({ text: o.text, correct: o.correct === true })), ...coverage(question) },
	)
}

function checkQuestions({ file, source }: SourceFile, bank: QuizBankFile, questions: Question[], problems: CatalogProblem[]) {
	const seen = new Map<string, number>()
	for (const question of questions) {
		const occurrence = seen.get(question.id) ?? 0
		const line = lineMentioning(source, `id: ${question.id}`, occurrence)
		const at = (message: string) => problems.push({ file, line, message: `question ${question.id}: ${message}` })
		if (occurrence > 0) at('duplicate question id')
		seen.set(question.id, occurrence + 1)
		const correct = question.options.filter((o) => o.correct).length
		if (correct === 0) at('has no correct option (mark one with correct: true)')
		else if (question.type === 'single' && correct > 1) at(`is single choice but has ${correct} correct options`)
		if (question.type !== 'true-false' && correct === question.options.length) at('every option is correct; add at least one wrong option')
		if (new Set(question.options.map((o) => o.text)).size !== question.options.length) at('two options have the same text')
	}
	if (bank.questionsPerAttempt > questions.length) {
		problems.push({ file, line: lineMentioning(source, 'questionsPerAttempt'), message: `questionsPerAttempt is ${bank.questionsPerAttempt} but the bank has only ${questions.length} questions` })
	}
}

/** A question's `section` names a `## ` heading of its (markdown) module, so a rep who misses it can be sent there. */
function checkQuestionSections({ quizzes, modules, scormModuleIds, sources }: { quizzes: CatalogQuiz[]; modules: CatalogModule[]; scormModuleIds: Set<string>; sources: Map<string, string> }, problems: CatalogProblem[]) {
	const sectionsOf = new Map(modules.map((m) => [m.id, new Set(m.sections.map((s) => s.title))]))
	for (const quiz of quizzes) {
		const titles = sectionsOf.get(quiz.module)
		for (const question of quiz.questions) {
			if (!question.section) continue
			const at = lineOfSection(sources.get(quiz.file) ?? '', question.id)
			if (scormModuleIds.has(quiz.module)) problems.push({ file: quiz.file, line: at, message: `question ${question.id}: section applies only to a markdown module's quiz ("${quiz.module}" is a SCORM module, without sections)` })
			// A module that is missing or failed to load (no titles) is reported once, on its own.
			else if (titles && !titles.has(question.section)) problems.push({ file: quiz.file, line: at, message: `question ${question.id}: section "${question.section}" is not a heading of module ${quiz.module} (its sections: ${[...titles].join('; ')})` })
		}
	}
}

/** The line of the `section:` key inside the question with id `questionId`. */
function lineOfSection(source: string, questionId: string) {
	const lines = source.split('\n')
	const start = lines.findIndex((line) => line.includes(`id: ${questionId}`))
	if (start === -1) return undefined
	for (let i = start + 1; i < lines.length && !/^\s*- id:/.test(lines[i]!); i++) if (/^\s*section:/.test(lines[i]!)) return i + 1
	return start + 1
}

function loadQuiz(sourceFile: SourceFile, problems: CatalogProblem[], { bankRules }: LoadOptions): CatalogQuiz | null {
	const parsed = parseYaml({ file: sourceFile.file, source: sourceFile.source, schema: quizBankSchema })
	if (!parsed.ok) {
		problems.push(...parsed.problems)
		return null
	}
	const questions = normaliseQuestions(parsed.value)
	checkQuestions(sourceFile, parsed.value, questions, problems)
	const quiz = { ...parsed.value, questions, file: sourceFile.file, contentHash: sha256(sourceFile.source) }
	if (bankRules) problems.push(...checkBankRules(quiz, sourceFile.source))
	return quiz
}

function reportDuplicates(items: Array<{ key: string; file: string }>, kind: string, problems: CatalogProblem[]) {
	const firstFile = new Map<string, string>()
	for (const { key, file } of items) {
		const earlier = firstFile.get(key)
		if (earlier) problems.push({ file, message: `duplicate ${kind} "${key}" (also defined in ${earlier})` })
		else firstFile.set(key, file)
	}
}

/** `bankRules`: also hold every quiz bank to the rules that make it measure knowledge (content:check does). */
type LoadOptions = { bankRules?: boolean }

/** Reads and validates the whole catalog; any problem anywhere means no catalog at all. */
export function loadCatalog(contentDir: string, options: LoadOptions = {}): CatalogResult {
	const problems: CatalogProblem[] = []
	const moduleFiles = readFolder(contentDir, 'modules', '.md')
	if (moduleFiles.length === 0) problems.push({ file: 'modules/', message: 'no modules found (expected content/modules/*.md)' })
	const modules = moduleFiles.map((f) => loadModule(f, problems)).filter((m) => m !== null)
	const scormModuleFiles = readFolder(contentDir, 'modules', '.yaml')
	const scormModules = scormModuleFiles.map((f) => loadScormModule(f, contentDir, problems)).filter((m) => m !== null)
	const quizFiles = readFolder(contentDir, 'quizzes', '.yaml')
	const quizzes = quizFiles.map((f) => loadQuiz(f, problems, options)).filter((q) => q !== null)
	const certificationFiles = readFolder(contentDir, 'certifications', '.yaml')
	const certifications = certificationFiles.flatMap(({ file, source }) => {
		const parsed = parseYaml({ file, source, schema: certificationSchema })
		if (!parsed.ok) return problems.push(...parsed.problems), []
		return [{ ...parsed.value, file }]
	})
	const workTypesFile = readFolder(contentDir, '', 'work-types.yaml')[0]
	const workTypes = workTypesFile
		? (() => {
				const parsed = parseYaml({ file: 'work-types.yaml', source: workTypesFile.source, schema: workTypesFileSchema })
				if (!parsed.ok) return problems.push(...parsed.problems), []
				return parsed.value.workTypes.map((workType) => ({ ...workType, file: 'work-types.yaml' }))
			})()
		: []

	const checklistFiles = readFolder(contentDir, 'checklists', '.yaml')
	const checklists = checklistFiles.map((f) => loadChecklist(f, problems)).filter((c) => c !== null)
	const standard = loadStandard(contentDir, problems)
	checkCoverage(
		{
			standard,
			modules: [...modules, ...scormModules],
			quizzes: quizzes.map((quiz) => ({ file: quiz.file, module: quiz.module, questionCoverage: quiz.questions.flatMap((q) => (q.covers ? [{ questionId: q.id, covers: q.covers }] : [])) })),
			sources: new Map([...moduleFiles, ...scormModuleFiles, ...quizFiles].map((f) => [f.file, f.source])),
		},
		problems,
	)

	reportDuplicates([...modules, ...scormModules].map((m) => ({ key: m.id, file: m.file })), 'module id', problems)
	reportDuplicates(quizzes.map((q) => ({ key: q.id, file: q.file })), 'quiz id', problems)
	reportDuplicates(quizzes.map((q) => ({ key: q.module, file: q.file })), 'quiz for module', problems)
	reportDuplicates(certifications.map((c) => ({ key: c.code, file: c.file })), 'certification code', problems)
	reportDuplicates(workTypes.map((w) => ({ key: w.code, file: w.file })), 'work type code', problems)

	const sources = new Map([...quizFiles, ...certificationFiles, ...(workTypesFile ? [{ ...workTypesFile, file: 'work-types.yaml' }] : [])].map((f) => [f.file, f.source]))
	const dangling = (file: string, value: string, hint: string, message: string) => problems.push({ file, line: lineOfReference(sources.get(file) ?? '', value, hint), message })
	// A module file that failed validation still exists: do not also report every reference to it.
	const moduleIds = new Set([...modules, ...scormModules].map((m) => m.id))
	for (const { file } of [...moduleFiles, ...scormModuleFiles]) moduleIds.add(path.basename(file, path.extname(file)))
	const certificationCodes = new Set(certifications.map((c) => c.code))
	const checklistIds = new Set(checklistFiles.map(({ file }) => path.basename(file, '.yaml')))
	for (const quiz of quizzes) if (!moduleIds.has(quiz.module)) dangling(quiz.file, quiz.module, 'module:', `module "${quiz.module}" does not exist`)
	checkQuestionSections({ quizzes, modules, scormModuleIds: new Set(scormModules.map((m) => m.id)), sources: new Map(quizFiles.map((f) => [f.file, f.source])) }, problems)
	for (const certification of certifications) {
		for (const id of certification.requiredModules) if (!moduleIds.has(id)) dangling(certification.file, id, '-', `required module "${id}" does not exist`)
		const checklist = certification.practicalAssessment
		if (checklist && !checklistIds.has(checklist)) dangling(certification.file, checklist, 'practicalAssessment:', `practical assessment checklist "${checklist}" does not exist (expected content/checklists/${checklist}.yaml)`)
	}
	for (const workType of workTypes) {
		for (const code of workType.requiredCertifications) {
			if (!certificationCodes.has(code)) dangling(workType.file, code, code, `work type ${workType.code} requires certification "${code}", which does not exist`)
		}
	}
	if (problems.length > 0 || !standard) return { ok: false, problems }
	return { ok: true, catalog: { modules, scormModules, quizzes, certifications, workTypes, checklists, standard } }
}
