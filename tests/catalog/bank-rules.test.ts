import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { formatProblem } from '#app/catalog/format-problem.ts'
import { loadCatalog } from '#app/catalog/load-catalog.server.ts'
import { projectPath, projectRoot } from '#app/cli/project.ts'
import { copyOfFixtureCatalog } from '#tests/catalog-utils.ts'

const quizFile = 'quizzes/alpha.yaml'
const copies: string[] = []
afterAll(() => {
	for (const dir of copies) rmSync(dir, { recursive: true, force: true })
})

type BankShape = { singles: number; giveaways: number; multiples: number; trueAnswers: number; falseAnswers: number; drawn: number }
const fair: BankShape = { singles: 22, giveaways: 5, multiples: 4, trueAnswers: 2, falseAnswers: 2, drawn: 10 }

/**
 * A bank of the given shape. In a fair single-answer question a wrong option is as long as the
 * right one; in a give-away the right one is longest.
 */
function bankYaml(shape: BankShape) {
	const question = (id: string, body: string[]) => [`  - id: ${id}`, ...body, '    covers: [SP.03]', `    prompt: "Question ${id} about the visit?"`, `    explanation: "Why ${id} is answered so."`]
	const single = (n: number) =>
		question(`s${n}`, [
			'    type: single',
			'    options:',
			`      - text: "${n < shape.giveaways ? 'Agree the plan with the site contact first' : 'Agree the plan with the contact'}"`,
			'        correct: true',
			'      - text: "Start straight away to save time"',
			'      - text: "Agree the plan with the operator"',
		])
	const multiple = (n: number) =>
		question(`m${n}`, ['    type: multiple', '    options:', '      - text: "Record what you changed"', '        correct: true', '      - text: "Record when you changed it"', '        correct: true', '      - text: "Record it later from memory"'])
	const trueFalse = (n: number, answer: boolean) => question(`t${n}`, ['    type: true-false', `    answer: ${answer}`])
	return [
		'id: alpha-quiz',
		'module: alpha',
		'title: Alpha site visit quiz',
		'version: 1',
		`questionsPerAttempt: ${shape.drawn}`,
		'passMark: 80',
		'attemptLimit:',
		'  count: 3',
		'  periodHours: 24',
		'cooldownMinutes: 5',
		'questions:',
		...Array.from({ length: shape.singles }, (_, i) => single(i)).flat(),
		...Array.from({ length: shape.multiples }, (_, i) => multiple(i)).flat(),
		...Array.from({ length: shape.trueAnswers }, (_, i) => trueFalse(i, true)).flat(),
		...Array.from({ length: shape.falseAnswers }, (_, i) => trueFalse(shape.trueAnswers + i, false)).flat(),
		'',
	].join('\n')
}

function catalogWithBank(shape: Partial<BankShape>) {
	const copy = copyOfFixtureCatalog()
	copies.push(copy.dir)
	writeFileSync(path.join(copy.dir, quizFile), bankYaml({ ...fair, ...shape }))
	return copy.dir
}

const contentCheck = (dir: string) => spawnSync(process.execPath, [path.join('node_modules', 'tsx', 'dist', 'cli.mjs'), path.join('app', 'cli', 'content-check.ts'), dir], { cwd: projectRoot, encoding: 'utf8' })

function lineOf(dir: string, text: string) {
	const index = readFileSync(path.join(dir, quizFile), 'utf8').split('\n').indexOf(text)
	if (index === -1) throw new Error(`no line ${JSON.stringify(text)}`)
	return index + 1
}

function bankProblems(dir: string) {
	const result = loadCatalog(dir, { bankRules: true })
	return result.ok ? [] : result.problems.map(formatProblem)
}

test('the shipped catalog meets every bank rule', () => {
	expect(bankProblems(projectPath('content'))).toEqual([])
})

test('a bank that meets every rule passes content:check', () => {
	const run = contentCheck(catalogWithBank({}))
	expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' })
	expect(run.stdout).toBe('Catalog OK: 2 modules, 0 SCORM modules, 1 quizzes (30 questions), 1 certifications, 2 work types, 0 practical checklists; mapped to IEC 62443-2-4:2015+AMD1:2017 (edition 1.1).\n')
})

test('the sync that loads content applies no bank rule, so small banks of an own catalog still load', () => {
	const result = loadCatalog(catalogWithBank({ singles: 3, giveaways: 3, drawn: 2 }))
	expect(result.ok).toBe(true)
})

describe('content:check rejects a bank that breaks a rule, naming file and line', () => {
	function rejected(shape: Partial<BankShape>) {
		const dir = catalogWithBank(shape)
		const run = contentCheck(dir)
		expect(run.status).toBe(1)
		return { dir, stderr: run.stderr }
	}

	test('fewer than 30 questions', () => {
		const { dir, stderr } = rejected({ singles: 21 })
		expect(stderr).toContain(`quizzes/alpha.yaml:${lineOf(dir, 'questions:')}: the bank has 29 questions; a bank needs at least 30\n`)
	})

	test('fewer than 10 questions drawn per attempt', () => {
		const { dir, stderr } = rejected({ drawn: 9 })
		expect(stderr).toContain(`quizzes/alpha.yaml:${lineOf(dir, 'questionsPerAttempt: 9')}: questionsPerAttempt is 9; draw at least 10 questions per attempt\n`)
	})

	test('the correct option uniquely longest in more than 35% of single-answer questions, each such question cited with its line', () => {
		const { dir, stderr } = rejected({ giveaways: 8 })
		expect(stderr).toContain(`quizzes/alpha.yaml:${lineOf(dir, 'questions:')}: the correct option is the uniquely longest in 8 of 22 single-answer questions (36%; at most 35%)`)
		expect(stderr).toContain(`s0 (line ${lineOf(dir, '  - id: s0')}), s1 (line ${lineOf(dir, '  - id: s1')})`)
		expect(stderr).not.toContain('s8 (line')
	})

	test('at 35% exactly, the bank passes', () => {
		expect(bankProblems(catalogWithBank({ singles: 20, giveaways: 7, multiples: 6 }))).toEqual([])
	})

	test('more than a fifth of the bank true/false', () => {
		const { dir, stderr } = rejected({ singles: 19, trueAnswers: 4, falseAnswers: 3 })
		expect(stderr).toContain(`quizzes/alpha.yaml:${lineOf(dir, 'questions:')}: 7 of 30 questions are true/false; at most a fifth of the bank (6) may be: t0 (line ${lineOf(dir, '  - id: t0')})`)
	})

	test('true/false answers mostly true, or mostly false', () => {
		const mostlyTrue = rejected({ trueAnswers: 4, falseAnswers: 1, singles: 21 })
		expect(mostlyTrue.stderr).toContain(`quizzes/alpha.yaml:${lineOf(mostlyTrue.dir, 'questions:')}: 4 of 5 true/false answers are true (80%); keep between 35% and 65% true`)
		const mostlyFalse = rejected({ trueAnswers: 1, falseAnswers: 4, singles: 21 })
		expect(mostlyFalse.stderr).toContain('1 of 5 true/false answers are true (20%)')
	})

	test('with fewer than four true/false items, their balance is not judged', () => {
		expect(bankProblems(catalogWithBank({ trueAnswers: 3, falseAnswers: 0, singles: 23 }))).toEqual([])
	})

	test('every broken rule of one bank is reported at once', () => {
		const { stderr } = rejected({ singles: 10, giveaways: 10, multiples: 2, trueAnswers: 4, falseAnswers: 0, drawn: 6 })
		expect(stderr.match(/^quizzes\/alpha\.yaml:\d+: /gm)).toHaveLength(5)
	})
})
