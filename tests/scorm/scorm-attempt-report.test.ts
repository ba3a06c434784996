import { beforeAll, describe, expect, test } from 'vitest'
import { INTERACTIONS_PER_PAGE, scormAttemptsForPerson } from '#app/scorm/scorm-attempt-report.server.ts'
import { startScormAttempt } from '#app/scorm/scorm-attempts.server.ts'
import { COLLECTION_LIMITS } from '#app/scorm/scorm-commit.server.ts'
import { syncCatalog } from '#tests/catalog-utils.ts'
import { createTestOrg, createTestPerson } from '#tests/factories.ts'
import { loadPersonPage, viewOf } from '#tests/people/person-page-utils.ts'
import { catalogWithScorm, openSco, scormFixture } from './scorm-utils.ts'

const at = new Date('2026-05-11T09:00:00Z')
const later = (minutes: number) => new Date(at.getTime() + minutes * 60_000)

let manager: Awaited<ReturnType<typeof createTestPerson>>

beforeAll(async () => {
	await createTestOrg()
	const copy = catalogWithScorm([
		{ id: 'minimal', packageFrom: scormFixture('minimal-12'), completion: 'Completed' },
		{ id: 'multi', packageFrom: scormFixture('multi-sco-12'), completion: 'Completed' },
	])
	await syncCatalog(copy.dir, at)
	manager = await createTestPerson({ roles: ['manager'], orgUnitCode: 'BL-EMEA', managedUnitCodes: ['BL-EMEA'] })
})

/** `answer-007` and the like: every interaction's ID is unique within a test and found in text without matching another. */
const answerId = (prefix: string, i: number) => `${prefix}-${String(i).padStart(3, '0')}`

/** One session of a part that records `count` interactions in one commit, as a course at the limits does (the runtime test checks 250 is accepted). */
async function sessionWithInteractions({ personId, attemptId, scoId, count, prefix, when = at, completed = false }: { personId: string; attemptId: string; scoId: string; count: number; prefix: string; when?: Date; completed?: boolean }) {
	const sco = await openSco({ personId, attemptId, scoId, at: when })
	sco.initialize()
	if (completed) sco.set('cmi.core.lesson_status', 'completed')
	const good = sco.commit()
	const interactions = Object.fromEntries(Array.from({ length: count }, (_, i) => [String(i), { id: answerId(prefix, i), type: 'choice', student_response: `r${i}`, result: i % 2 ? 'wrong' : 'correct' }]))
	expect(await sco.send({ ...good, sequence: 2, cmi: { ...good.cmi, interactions } }, when)).toMatchObject({ applied: true })
}

/** A rep whose one attempt at the single-part course recorded the most interactions a commit may hold. */
async function repAtTheLimit() {
	const rep = await createTestPerson()
	const attempt = await startScormAttempt({ personId: rep.id, moduleId: 'minimal', at })
	await sessionWithInteractions({ personId: rep.id, attemptId: attempt.id, scoId: 'minimal-item', count: COLLECTION_LIMITS.interactions, prefix: 'answer' })
	return { rep, attempt }
}

const idsOf = (rows: Array<{ id: string }>) => rows.map((r) => r.id)
const answers = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => answerId('answer', from + i))

describe('the interactions on the person page come a page of one part at a time', () => {
	test('page 1 by default: the first 25 of 250, numbered, with the totals and the value for the next page', async () => {
		expect(INTERACTIONS_PER_PAGE).toBe(25)
		const { rep, attempt } = await repAtTheLimit()
		const [row] = await scormAttemptsForPerson(rep.id)
		expect(row!.interactions.total).toBe(250)
		expect(row!.interactions.parts).toHaveLength(1)
		const [part] = row!.interactions.parts
		expect(part).toMatchObject({ scoId: 'minimal-item', total: 250, page: 1, pageCount: 10, from: 1, to: 25, previous: null, next: `${attempt.id}:minimal-item:2`, paged: false })
		expect(idsOf(part!.rows)).toEqual(answers(0, 24))
		expect(part!.rows[0]).toEqual({ number: 1, id: 'answer-000', type: 'choice', response: 'r0', result: 'correct' })
		expect(part!.rows.at(-1)).toMatchObject({ number: 25, id: 'answer-024' })
	})

	test('page 2 and page 10, the last 25; the value the report hands out for the next page leads there', async () => {
		const { rep, attempt } = await repAtTheLimit()
		const [second] = (await scormAttemptsForPerson(rep.id, { interactionsPage: `${attempt.id}:minimal-item:2` }))[0]!.interactions.parts
		expect(second).toMatchObject({ page: 2, from: 26, to: 50, total: 250, previous: `${attempt.id}:minimal-item:1`, next: `${attempt.id}:minimal-item:3`, paged: true })
		expect(idsOf(second!.rows)).toEqual(answers(25, 49))

		const [last] = (await scormAttemptsForPerson(rep.id, { interactionsPage: `${attempt.id}:minimal-item:10` }))[0]!.interactions.parts
		expect(last).toMatchObject({ page: 10, pageCount: 10, from: 226, to: 250, total: 250, previous: `${attempt.id}:minimal-item:9`, next: null })
		expect(idsOf(last!.rows)).toEqual(answers(225, 249))
		expect(last!.rows.at(-1)).toMatchObject({ number: 250, id: 'answer-249' })
	})

	test.each([
		['past the end', (id: string) => `${id}:minimal-item:11`],
		['far past the end', (id: string) => `${id}:minimal-item:99999`],
		['page 0', (id: string) => `${id}:minimal-item:0`],
		['a negative page', (id: string) => `${id}:minimal-item:-2`],
		['a fractional page', (id: string) => `${id}:minimal-item:2.5`],
		['a page that is not a number', (id: string) => `${id}:minimal-item:two`],
		['an exponent', (id: string) => `${id}:minimal-item:1e1`],
		['no page', (id: string) => `${id}:minimal-item`],
		['no part', (id: string) => `${id}:2`],
		['another part', (id: string) => `${id}:no-such-item:2`],
		['another attempt', () => 'sat_someone-else:minimal-item:2'],
		['empty', () => ''],
		['only colons', () => ':::'],
		['too long', (id: string) => `${id}:${'x'.repeat(600)}:2`],
	])('%s shows page 1, not an error', async (_case, value) => {
		const { rep, attempt } = await repAtTheLimit()
		const [part] = (await scormAttemptsForPerson(rep.id, { interactionsPage: value(attempt.id) }))[0]!.interactions.parts
		expect(part).toMatchObject({ page: 1, from: 1, to: 25, total: 250 })
		expect(idsOf(part!.rows)).toEqual(answers(0, 24))
	})

	test('each part pages on its own; its sessions count as one list, in order; a part with nothing recorded is left out', async () => {
		const rep = await createTestPerson()
		const attempt = await startScormAttempt({ personId: rep.id, moduleId: 'multi', at })
		await sessionWithInteractions({ personId: rep.id, attemptId: attempt.id, scoId: 'appendix', count: 0, prefix: 'appendix' })
		await sessionWithInteractions({ personId: rep.id, attemptId: attempt.id, scoId: 'intro', count: 30, prefix: 'intro', when: later(5), completed: true })
		await sessionWithInteractions({ personId: rep.id, attemptId: attempt.id, scoId: 'exam', count: 20, prefix: 'exam-first', when: later(10) })
		await sessionWithInteractions({ personId: rep.id, attemptId: attempt.id, scoId: 'exam', count: 20, prefix: 'exam-second', when: later(15) })

		const [row] = await scormAttemptsForPerson(rep.id, { interactionsPage: `${attempt.id}:exam:2` })
		expect(row!.interactions.total).toBe(70)
		const [intro, exam] = row!.interactions.parts
		expect(row!.interactions.parts.map((p) => p.scoId)).toEqual(['intro', 'exam'])
		expect(intro).toMatchObject({ total: 30, page: 1, pageCount: 2, from: 1, to: 25, paged: false })
		expect(exam).toMatchObject({ total: 40, page: 2, pageCount: 2, from: 26, to: 40, next: null, paged: true })
		expect(idsOf(exam!.rows)).toEqual([...Array.from({ length: 15 }, (_, i) => answerId('exam-second', i + 5))])
		expect(exam!.rows[0]).toMatchObject({ number: 26 })
	})

	test('an attempt with no interactions has no parts to page', async () => {
		const rep = await createTestPerson()
		await startScormAttempt({ personId: rep.id, moduleId: 'minimal', at })
		const [row] = await scormAttemptsForPerson(rep.id, { interactionsPage: 'anything' })
		expect(row!.interactions).toEqual({ total: 0, parts: [] })
	})
})

describe('the person page', () => {
	// The SCORM courses are on the training view; the pager keeps the page's other parameters, `view` among them.
	const loadPage = async (employeeId: string, search = '') => {
		const params = new URLSearchParams(search)
		params.set('view', 'training')
		return viewOf(await loadPersonPage(manager.id, employeeId, `?${params}`), 'training')
	}
	const answersIn = (data: unknown) => JSON.stringify(data).match(/answer-\d{3}/g) ?? []

	test('sends the browser one page of interactions, never all 250', async () => {
		const { rep, attempt } = await repAtTheLimit()
		const first = await loadPage(rep.employeeId)
		expect(answersIn(first)).toEqual(answers(0, 24))
		expect(first.scormAttempts[0]!.interactions).toMatchObject({ total: 250, parts: [{ page: 1, pageCount: 10 }] })

		const last = await loadPage(rep.employeeId, `?${new URLSearchParams({ tab: 'kept', interactions: `${attempt.id}:minimal-item:10` })}`)
		expect(answersIn(last)).toEqual(answers(225, 249))
	})

	test.each([
		['empty', '?interactions='],
		['control characters', '?interactions=%00%3A%3A'],
		['not a page', '?interactions=x:y:z'],
		['given twice', '?interactions=a&interactions=b'],
		['801 characters', `?interactions=${encodeURIComponent('x:'.repeat(400))}7`],
	])('a malformed value (%s) shows page 1', async (_case, search) => {
		const { rep } = await repAtTheLimit()
		const page = await loadPage(rep.employeeId, search)
		expect(answersIn(page)).toEqual(answers(0, 24))
	})
})
