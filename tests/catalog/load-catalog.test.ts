import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { unzipSync } from 'fflate'
import { afterAll, describe, expect, test } from 'vitest'
import { formatProblem } from '#app/catalog/format-problem.ts'
import { loadCatalog } from '#app/catalog/load-catalog.server.ts'
import { projectPath, projectRoot } from '#app/cli/project.ts'
import { testsRoot, tmpDir } from '#tests/setup/paths.ts'

const validDir = path.join(testsRoot, 'fixtures', 'catalog', 'valid')
const copies: string[] = []
afterAll(() => {
	for (const dir of copies) rmSync(dir, { recursive: true, force: true })
})

type Edit = { file: string; from: string; to: string }

/** A fresh copy of the valid fixture with the given edits; an edit that matches nothing throws, so no test checks an unbroken file. */
function brokenCopy(...edits: Edit[]) {
	const dir = mkdtempSync(path.join(tmpDir, 'catalog-'))
	copies.push(dir)
	cpSync(validDir, dir, { recursive: true })
	for (const { file, from, to } of edits) {
		const source = readFileSync(path.join(dir, file), 'utf8')
		if (!source.includes(from)) throw new Error(`${file} does not contain ${JSON.stringify(from)}`)
		writeFileSync(path.join(dir, file), source.replace(from, to))
	}
	return dir
}

/** The 1-based numbers of the lines of `file` that are exactly `text`. */
function linesOf(dir: string, file: string, text: string) {
	return readFileSync(path.join(dir, file), 'utf8')
		.split('\n')
		.flatMap((line, index) => (line === text ? [index + 1] : []))
}

function lineOf(dir: string, file: string, text: string) {
	const lines = linesOf(dir, file, text)
	if (lines.length !== 1) throw new Error(`expected one line ${JSON.stringify(text)} in ${file}, found ${lines.length}`)
	return lines[0]!
}

function problemsOf(dir: string) {
	const result = loadCatalog(dir)
	if (result.ok) throw new Error('expected the catalog to be rejected')
	return result.problems
}

const quiz = 'quizzes/alpha.yaml'

describe('the shipped catalog', () => {
	const result = loadCatalog(projectPath('content'))
	const catalog = result.ok ? result.catalog : null

	test('loads without problems', () => {
		expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([])
	})

	test('ships a SCORM 1.2 and a SCORM 2004 module, each required by a certification', () => {
		const scorm = catalog!.scormModules.map((m) => m.id).sort()
		expect(scorm).toEqual(['incident-reporting-on-site', 'removable-media-check'])
		for (const id of scorm) expect(catalog!.certifications.filter((c) => c.requiredModules.includes(id)).length, id).toBeGreaterThan(0)
	})

	test('every module, markdown or SCORM, has a quiz bank graded on the server', () => {
		for (const module of [...catalog!.modules, ...catalog!.scormModules]) expect(catalog!.quizzes.filter((q) => q.module === module.id), module.id).toHaveLength(1)
	})

	test('has the depth of a real course: at least 15 markdown modules of 1,200 words or more, each with two site scenarios, 20,000 words in all', () => {
		const wordsOf = (text: string) => text.split(/\s+/).filter((word) => /[A-Za-z0-9]/.test(word)).length
		const modules = catalog!.modules.map((module) => ({ id: module.id, words: wordsOf(module.body), scenarios: module.sections.filter((s) => s.title.startsWith('Scenario: ')).length }))
		expect(modules.length).toBeGreaterThanOrEqual(15)
		for (const module of modules) {
			expect(module.words, module.id).toBeGreaterThanOrEqual(1200)
			expect(module.scenarios, module.id).toBeGreaterThanOrEqual(2)
		}
		expect(modules.reduce((sum, m) => sum + m.words, 0)).toBeGreaterThanOrEqual(20_000)
	})

	test('the shipped SCORM courses grade nothing in the browser: completion only, and no answer key in the package', () => {
		for (const module of catalog!.scormModules) {
			expect(module.completion, module.id).toBe('Completed')
			const text = Object.entries(unzipSync(module.packageBytes))
				.filter(([name]) => /\.(html?|js|xml)$/i.test(name))
				.map(([, bytes]) => new TextDecoder().decode(bytes))
				.join('\n')
			// Nothing that scores, records a result or holds an answer: no score or success element, no correct responses, no mastery threshold.
			expect(text, module.id).not.toMatch(/score|success_status|correct_responses|data-correct|\bcorrect\s*:|masteryscore|minNormalizedMeasure|satisfiedByMeasure/i)
		}
	})

	test('defines the certifications with their validity and recertification windows', () => {
		const certifications = catalog!.certifications.map(({ code, validityMonths, recertificationWindowDays }) => ({ code, validityMonths, recertificationWindowDays }))
		expect(certifications.sort((a, b) => a.code.localeCompare(b.code))).toEqual([
			{ code: 'SEC-ACCESS', validityMonths: 24, recertificationWindowDays: 90 },
			{ code: 'SEC-BACKUP', validityMonths: 24, recertificationWindowDays: 90 },
			{ code: 'SEC-FOUNDATION', validityMonths: 12, recertificationWindowDays: 60 },
			{ code: 'SEC-HARDENING', validityMonths: 24, recertificationWindowDays: 90 },
			{ code: 'SEC-MALWARE', validityMonths: 24, recertificationWindowDays: 90 },
			{ code: 'SEC-MALWARE-RESPONSE', validityMonths: 24, recertificationWindowDays: 90 },
			{ code: 'SEC-NETWORK', validityMonths: 24, recertificationWindowDays: 90 },
			{ code: 'SEC-PATCH', validityMonths: 24, recertificationWindowDays: 90 },
			{ code: 'SEC-SIS', validityMonths: 12, recertificationWindowDays: 60 },
		])
	})

	test('requires an observed practical for remote support and malware remediation, on real checklists', () => {
		expect(Object.fromEntries(catalog!.certifications.filter((c) => c.practicalAssessment).map((c) => [c.code, c.practicalAssessment]))).toEqual({
			'SEC-ACCESS': 'remote-support-session',
			'SEC-MALWARE-RESPONSE': 'malware-remediation',
		})
		for (const checklist of catalog!.checklists) expect(checklist.items.length, checklist.id).toBeGreaterThanOrEqual(8)
	})

	test('names the edition of IEC 62443-2-4 it maps, and every module covers at least one of its functional areas', () => {
		expect(catalog!.standard.edition).toBe('IEC 62443-2-4:2015+AMD1:2017 (edition 1.1)')
		expect(catalog!.standard.requirements.map((r) => r.id)).toEqual(Array.from({ length: 12 }, (_, i) => `SP.${String(i + 1).padStart(2, '0')}`))
		const covered = new Set([...catalog!.modules, ...catalog!.scormModules].flatMap((m) => m.covers))
		expect([...covered].sort()).toEqual(catalog!.standard.requirements.map((r) => r.id))
		for (const quiz of catalog!.quizzes) for (const question of quiz.questions) expect(question.covers?.length, `${quiz.id} ${question.id}`).toBeGreaterThan(0)
	})

	test('defines the work types with the certifications each requires: malware prevention for anyone bringing media, remediation apart, safety systems their own', () => {
		expect(Object.fromEntries(catalog!.workTypes.map((w) => [w.code, w.requiredCertifications]))).toEqual({
			PREVENTIVE_MAINTENANCE: ['SEC-FOUNDATION', 'SEC-MALWARE'],
			SYSTEM_HARDENING: ['SEC-FOUNDATION', 'SEC-HARDENING'],
			PATCH_APPLICATION: ['SEC-FOUNDATION', 'SEC-PATCH', 'SEC-MALWARE'],
			BACKUP_RESTORE: ['SEC-FOUNDATION', 'SEC-BACKUP'],
			MALWARE_REMEDIATION: ['SEC-FOUNDATION', 'SEC-MALWARE', 'SEC-MALWARE-RESPONSE'],
			REMOTE_SUPPORT: ['SEC-FOUNDATION', 'SEC-ACCESS'],
			NETWORK_MAINTENANCE: ['SEC-FOUNDATION', 'SEC-NETWORK', 'SEC-HARDENING'],
			SIS_MAINTENANCE: ['SEC-FOUNDATION', 'SEC-SIS'],
		})
	})
})

describe('the valid fixture', () => {
	test('loads modules with their sections, and certifications and work types with their defaults', () => {
		const result = loadCatalog(validDir)
		if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'))
		const { modules, certifications, workTypes } = result.catalog
		expect(modules.map((m) => [m.id, m.file, m.sections.map((s) => s.title)])).toEqual([
			['alpha', 'modules/alpha.md', ['Before you start', 'On site']],
			['beta', 'modules/beta.md', ['Introduction', 'Handover']],
		])
		expect(certifications).toEqual([expect.objectContaining({ code: 'CERT-A', requiredModules: ['alpha', 'beta'], requiredForAllReps: false, file: 'certifications/cert-a.yaml' })])
		expect(workTypes.map((w) => [w.code, w.requiredCertifications])).toEqual([
			['SITE_VISIT', ['CERT-A']],
			['REMOTE_CHECK', ['CERT-A']],
		])
	})

	test('turns every question into options with a correct flag, true-false included', () => {
		const result = loadCatalog(validDir)
		if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'))
		const [bank] = result.catalog.quizzes
		expect(bank).toMatchObject({ id: 'alpha-quiz', module: 'alpha', file: quiz, questionsPerAttempt: 6, passMark: 75, scoring: 'partial' })
		expect(bank!.questions.map((q) => q.type)).toEqual([...Array(4).fill('single'), ...Array(4).fill('multiple'), ...Array(4).fill('true-false')])
		const question = (id: string) => bank!.questions.find((q) => q.id === id)!.options
		expect(question('s2')).toEqual([
			{ text: 'In your log, with the time', correct: true },
			{ text: 'Nowhere', correct: false },
			{ text: 'On a sticky note', correct: false },
		])
		expect(question('t1')).toEqual([
			{ text: 'True', correct: false },
			{ text: 'False', correct: true },
		])
		expect(question('t2')).toEqual([
			{ text: 'True', correct: true },
			{ text: 'False', correct: false },
		])
	})
})

test('formatProblem writes file:line: message, leaving out a missing line', () => {
	expect(formatProblem({ file: quiz, line: 6, message: 'passMark: too high' })).toBe('quizzes/alpha.yaml:6: passMark: too high')
	expect(formatProblem({ file: 'modules/gamma.md', message: 'duplicate' })).toBe('modules/gamma.md: duplicate')
})

describe('broken content is reported with its file, line and reason', () => {
	test('a quiz for a module that does not exist', () => {
		const dir = brokenCopy({ file: quiz, from: 'module: alpha', to: 'module: gamma' })
		expect(problemsOf(dir)).toEqual([{ file: quiz, line: lineOf(dir, quiz, 'module: gamma'), message: 'module "gamma" does not exist' }])
	})

	// App bug: lineMentioning() takes the first line containing "alpha", which is `id: alpha-quiz`.
	test('a quiz whose module file was removed points at its module: line, not at its id', () => {
		const dir = brokenCopy()
		rmSync(path.join(dir, 'modules', 'alpha.md'))
		expect(problemsOf(dir)).toContainEqual({ file: quiz, line: lineOf(dir, quiz, 'module: alpha'), message: 'module "alpha" does not exist' })
	})

	test('a certification requiring a module that does not exist', () => {
		const file = 'certifications/cert-a.yaml'
		const dir = brokenCopy({ file, from: '  - beta', to: '  - beta\n  - delta' })
		expect(problemsOf(dir)).toEqual([{ file, line: lineOf(dir, file, '  - delta'), message: 'required module "delta" does not exist' }])
	})

	test('a work type requiring a certification that does not exist', () => {
		const file = 'work-types.yaml'
		const dir = brokenCopy({ file, from: '      - CERT-A', to: '      - CERT-A\n      - CERT-B' })
		expect(problemsOf(dir)).toEqual([{ file, line: lineOf(dir, file, '      - CERT-B'), message: 'work type REMOTE_CHECK requires certification "CERT-B", which does not exist' }])
	})

	describe('traceability to IEC 62443-2-4', () => {
		const alpha = 'modules/alpha.md'
		test('a module that names no requirement it covers', () => {
			const dir = brokenCopy({ file: alpha, from: 'covers: [SP.03]\n', to: '' })
			expect(problemsOf(dir)).toEqual([{ file: alpha, line: 2, message: 'covers: name the IEC 62443-2-4 requirements covered, e.g. covers: [SP.07] (ids listed in content/standard.yaml)' }])
		})

		test('a module citing a requirement standard.yaml does not list, or an id that is no requirement id', () => {
			const dir = brokenCopy({ file: alpha, from: 'covers: [SP.03]', to: 'covers: [SP.03, SP.07]' })
			expect(problemsOf(dir)).toEqual([{ file: alpha, line: lineOf(dir, alpha, 'covers: [SP.03, SP.07]'), message: 'covers SP.07, which standard.yaml does not list for IEC 62443-2-4:2015+AMD1:2017 (edition 1.1)' }])
			const malformed = brokenCopy({ file: alpha, from: 'covers: [SP.03]', to: 'covers: [SP3]' })
			expect(problemsOf(malformed)).toEqual([expect.objectContaining({ file: alpha, message: expect.stringMatching(/^covers\[0\]: an IEC 62443-2-4 requirement id/) })])
		})

		test('a question citing what its module does not cover', () => {
			const dir = brokenCopy({ file: quiz, from: '  - id: s2\n    type: single\n    covers: [SP.03]\n', to: '  - id: s2\n    type: single\n    covers: [SP.06]\n' })
			expect(problemsOf(dir)).toEqual([{ file: quiz, line: lineOf(dir, quiz, '    covers: [SP.06]'), message: 'question s2: covers SP.06, which its module alpha does not cover (the module covers SP.03); a question checks what its module teaches' }])
		})

		test('a catalog without standard.yaml, and an edition that names no year', () => {
			const dir = brokenCopy()
			rmSync(path.join(dir, 'standard.yaml'))
			expect(problemsOf(dir)).toEqual([expect.objectContaining({ file: 'standard.yaml', message: expect.stringMatching(/^missing: the catalog states here which edition of IEC 62443-2-4 it maps/) })])
			const noYear = brokenCopy({ file: 'standard.yaml', from: 'edition: IEC 62443-2-4:2015+AMD1:2017 (edition 1.1)', to: 'edition: the latest one' })
			expect(problemsOf(noYear)).toEqual([{ file: 'standard.yaml', line: lineOf(noYear, 'standard.yaml', 'edition: the latest one'), message: 'edition: must name IEC 62443-2-4 and its year, e.g. IEC 62443-2-4:2015+AMD1:2017 (edition 1.1)' }])
		})
	})

	describe('practical assessment checklists', () => {
		const certification = 'certifications/cert-a.yaml'
		const checklist = (items: string[]) => `id: visit\ntitle: Visit\nversion: 1\nsummary: Watch one visit.\nitems:\n${items.map((id) => `  - id: ${id}\n    text: Does ${id}.`).join('\n')}\n`
		const withChecklist = (file: string, source: string) => {
			const dir = brokenCopy({ file: certification, from: '  - beta', to: '  - beta\npracticalAssessment: visit' })
			mkdirSync(path.join(dir, 'checklists'))
			writeFileSync(path.join(dir, file), source)
			return dir
		}

		test('a certification naming a checklist that does not exist', () => {
			const dir = brokenCopy({ file: certification, from: '  - beta', to: '  - beta\npracticalAssessment: visit' })
			expect(problemsOf(dir)).toEqual([{ file: certification, line: lineOf(dir, certification, 'practicalAssessment: visit'), message: 'practical assessment checklist "visit" does not exist (expected content/checklists/visit.yaml)' }])
		})

		test('a checklist with the same item twice', () => {
			const file = 'checklists/visit.yaml'
			const dir = withChecklist(file, checklist(['arrive', 'plan', 'arrive']))
			const problems = problemsOf(dir)
			expect(problems).toEqual([{ file, line: expect.any(Number), message: 'item arrive: duplicate item id' }])
			expect(linesOf(dir, file, '  - id: arrive')).toContain(problems[0]!.line)
		})

		test('a checklist in a file not named after it, and one too short to assess anything', () => {
			const dir = withChecklist('checklists/other.yaml', checklist(['arrive', 'plan']))
			expect(problemsOf(dir)).toContainEqual({ file: 'checklists/other.yaml', line: expect.any(Number), message: 'items: a checklist needs at least three items' })
			const misnamed = withChecklist('checklists/other.yaml', checklist(['arrive', 'plan', 'leave']))
			expect(problemsOf(misnamed)).toEqual(
				expect.arrayContaining([
					{ file: 'checklists/other.yaml', line: 1, message: 'the file of checklist "visit" must be named checklists/visit.yaml' },
					expect.objectContaining({ file: certification, message: expect.stringContaining('practical assessment checklist "visit" does not exist') }),
				]),
			)
		})
	})

	test('a single-choice question with no correct option', () => {
		const dir = brokenCopy({ file: quiz, from: '      - text: The site contact\n        correct: true\n      - text: Nobody\n', to: '      - text: The site contact\n      - text: Nobody\n' })
		expect(problemsOf(dir)).toEqual([{ file: quiz, line: lineOf(dir, quiz, '  - id: s3'), message: 'question s3: has no correct option (mark one with correct: true)' }])
	})

	test('a single-choice question with two correct options', () => {
		const dir = brokenCopy({ file: quiz, from: '      - text: Nowhere\n', to: '      - text: Nowhere\n        correct: true\n' })
		expect(problemsOf(dir)).toEqual([{ file: quiz, line: lineOf(dir, quiz, '  - id: s2'), message: 'question s2: is single choice but has 2 correct options' }])
	})

	test('two module files with the same id', () => {
		const dir = brokenCopy()
		cpSync(path.join(dir, 'modules', 'alpha.md'), path.join(dir, 'modules', 'gamma.md'))
		expect(problemsOf(dir)).toEqual([
			{ file: 'modules/gamma.md', line: lineOf(dir, 'modules/gamma.md', 'id: alpha'), message: 'the file of module "alpha" must be named modules/alpha.md' },
			{ file: 'modules/gamma.md', message: 'duplicate module id "alpha" (also defined in modules/alpha.md)' },
		])
	})

	test('two questions with the same id', () => {
		const dir = brokenCopy({ file: quiz, from: '  - id: m3', to: '  - id: s2' })
		const problems = problemsOf(dir)
		expect(problems).toEqual([{ file: quiz, line: expect.any(Number), message: 'question s2: duplicate question id' }])
		expect(linesOf(dir, quiz, '  - id: s2')).toContain(problems[0]!.line)
	})

	test('a pass mark above 100 percent', () => {
		const dir = brokenCopy({ file: quiz, from: 'passMark: 75', to: 'passMark: 120' })
		expect(problemsOf(dir)).toEqual([{ file: quiz, line: lineOf(dir, quiz, 'passMark: 120'), message: 'passMark: must be between 0 and 100 (a percentage)' }])
	})

	test('more questions per attempt than the bank holds', () => {
		const dir = brokenCopy({ file: quiz, from: 'questionsPerAttempt: 6', to: 'questionsPerAttempt: 13' })
		expect(problemsOf(dir)).toEqual([{ file: quiz, line: lineOf(dir, quiz, 'questionsPerAttempt: 13'), message: 'questionsPerAttempt is 13 but the bank has only 12 questions' }])
	})

	const yamlError = { file: quiz, from: 'title: Alpha site visit quiz', to: 'title: Alpha: site visit quiz' }
	const yamlMessage = expect.stringMatching(/^YAML syntax error: Nested mappings are not allowed in compact mappings/)

	test('a YAML syntax error names the file and the parser message', () => {
		expect(problemsOf(brokenCopy(yamlError))).toEqual([expect.objectContaining({ file: quiz, message: yamlMessage })])
	})

	// App bug: parse-file.server.ts parses with prettyErrors: false, so the yaml library never sets error.linePos.
	test('a YAML syntax error gives its line', () => {
		const dir = brokenCopy(yamlError)
		expect(problemsOf(dir)).toEqual([{ file: quiz, line: lineOf(dir, quiz, yamlError.to), message: yamlMessage }])
	})

	test('a module without front matter', () => {
		const source = readFileSync(path.join(validDir, 'modules', 'beta.md'), 'utf8')
		const dir = brokenCopy({ file: 'modules/beta.md', from: source.slice(0, source.indexOf('\n---\n') + 5), to: '' })
		const problems = problemsOf(dir)
		expect(problems.filter((p) => p.file === 'modules/beta.md')).toEqual([{ file: 'modules/beta.md', line: 1, message: 'a module starts with YAML front matter between --- lines' }])
		// The broken module file still exists: references to it are not reported as dangling too.
		expect(problems.filter((p) => p.file !== 'modules/beta.md')).toEqual([])
	})

	test('a front matter field of the wrong type', () => {
		const file = 'modules/alpha.md'
		const dir = brokenCopy({ file, from: 'estimatedMinutes: 10', to: 'estimatedMinutes: "ten"' })
		expect(problemsOf(dir).filter((p) => p.file === file)).toEqual([{ file, line: lineOf(dir, file, 'estimatedMinutes: "ten"'), message: expect.stringMatching(/^estimatedMinutes: .*expected number/) }])
	})

	test('raw HTML in a module body', () => {
		const file = 'modules/alpha.md'
		const dir = brokenCopy({ file, from: 'Write down every change', to: 'Write down <b>every</b> change' })
		const line = lineOf(dir, file, 'Write down <b>every</b> change you make, with the time you made it.')
		expect(problemsOf(dir)).toEqual([{ file, line, message: 'raw HTML is not allowed in modules (it is not rendered); use markdown' }])
	})

	test('a level-1 heading in a module body', () => {
		const file = 'modules/beta.md'
		const dir = brokenCopy({ file, from: '## Handover', to: '# Handover' })
		expect(problemsOf(dir)).toEqual([{ file, line: lineOf(dir, file, '# Handover'), message: 'use ## headings for sections; the module title comes from the front matter' }])
	})

	test('an unknown key in a quiz question', () => {
		const dir = brokenCopy({ file: quiz, from: '    explanation: Every change goes in the log.', to: '    explanation: Every change goes in the log.\n    hint: Think of the log.' })
		// zod reports an unknown key against its object, so the line is the question's first line.
		expect(problemsOf(dir)).toEqual([{ file: quiz, line: lineOf(dir, quiz, '  - id: s2'), message: 'questions[1]: Unrecognized key: "hint"' }])
	})

	test('a question sending the rep to a section its module does not have', () => {
		const dir = brokenCopy({ file: quiz, from: '    section: On site', to: '    section: At the gate' })
		expect(problemsOf(dir)).toEqual([{ file: quiz, line: lineOf(dir, quiz, '    section: At the gate'), message: 'question s1: section "At the gate" is not a heading of module alpha (its sections: Before you start; On site)' }])
	})

	test('a true-false question without an answer', () => {
		const dir = brokenCopy({ file: quiz, from: '    answer: true\n    explanation: Yes, every change.', to: '    explanation: Yes, every change.' })
		expect(problemsOf(dir)).toEqual([{ file: quiz, line: lineOf(dir, quiz, '  - id: t2'), message: 'questions[9].answer: a true-false question needs answer: true or answer: false' }])
	})

	test('problems in several files are all reported at once', () => {
		const dir = brokenCopy(
			{ file: quiz, from: 'passMark: 75', to: 'passMark: 120' },
			{ file: 'modules/beta.md', from: '## Handover', to: '# Handover' },
			{ file: 'certifications/cert-a.yaml', from: '  - beta', to: '  - beta\n  - delta' },
			{ file: 'work-types.yaml', from: '[CERT-A]', to: '[CERT-A, CERT-B]' },
		)
		const problems = problemsOf(dir)
		expect(problems).toHaveLength(4)
		expect(problems).toEqual(
			expect.arrayContaining([
				{ file: quiz, line: lineOf(dir, quiz, 'passMark: 120'), message: 'passMark: must be between 0 and 100 (a percentage)' },
				{ file: 'modules/beta.md', line: lineOf(dir, 'modules/beta.md', '# Handover'), message: 'use ## headings for sections; the module title comes from the front matter' },
				{ file: 'certifications/cert-a.yaml', line: lineOf(dir, 'certifications/cert-a.yaml', '  - delta'), message: 'required module "delta" does not exist' },
				{ file: 'work-types.yaml', line: lineOf(dir, 'work-types.yaml', '    requiredCertifications: [CERT-A, CERT-B]'), message: 'work type SITE_VISIT requires certification "CERT-B", which does not exist' },
			]),
		)
	})
})

describe('npm run content:check', () => {
	const contentCheck = (dir: string) =>
		spawnSync(process.execPath, [path.join('node_modules', 'tsx', 'dist', 'cli.mjs'), path.join('app', 'cli', 'content-check.ts'), dir], { cwd: projectRoot, encoding: 'utf8' })

	test('exits 1 listing each problem as file:line: message', () => {
		const dir = brokenCopy({ file: quiz, from: 'passMark: 75', to: 'passMark: 120' })
		const run = contentCheck(dir)
		expect(run.status).toBe(1)
		expect(run.stdout).toBe('')
		expect(run.stderr).toContain(`quizzes/alpha.yaml:${lineOf(dir, quiz, 'passMark: 120')}: passMark: must be between 0 and 100 (a percentage)\n`)
		expect(run.stderr).toContain(`1 problem in ${dir}`)
	})
})
