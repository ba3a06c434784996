import { beforeAll, describe, expect, test } from 'vitest'
import { createApiClient } from '#app/api-clients/api-keys.server.ts'
import { checkEligibility } from '#app/eligibility/eligibility.server.ts'
import { startQuizAttempt } from '#app/quiz/attempts.server.ts'
import { action as personAction } from '#app/routes/manage+/people.$employeeId.tsx'
import { startScormAttempt } from '#app/scorm/scorm-attempts.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { syncCatalog } from '#tests/catalog-utils.ts'
import { createTestOrg, createTestPerson, signedInRequest } from '#tests/factories.ts'
import { catalogWithScorm, openSco, scormFixture } from '#tests/scorm/scorm-utils.ts'
import { loadPersonPage, viewOf } from './person-page-utils.ts'

const at = new Date('2026-05-04T10:00:00Z')
const later = (minutes: number) => new Date(at.getTime() + minutes * 60_000)

type Person = Awaited<ReturnType<typeof createTestPerson>>
let manager: Person
let admin: Person

beforeAll(async () => {
	await createTestOrg()
	const copy = catalogWithScorm([{ id: 'timed', packageFrom: scormFixture('minimal-12'), completion: 'Completed', minimumMinutes: 10 }], [{ code: 'CERT-T', modules: ['timed'] }])
	await syncCatalog(copy.dir, at)
	manager = await createTestPerson({ roles: ['manager'], orgUnitCode: 'BL-EMEA', managedUnitCodes: ['BL-EMEA'] })
	admin = await createTestPerson({ roles: ['admin'], orgUnitCode: 'BL' })
})

/** A rep with something in every view: a course finished too fast (held for review), a quiz started, and a dispatch check. */
async function busyRep() {
	const rep = await createTestPerson()
	const attempt = await startScormAttempt({ personId: rep.id, moduleId: 'timed', at })
	const sco = await openSco({ personId: rep.id, attemptId: attempt.id, scoId: 'minimal-item', at })
	sco.initialize()
	await sco.send(sco.finish(), later(3))
	await startQuizAttempt({ personId: rep.id, quizId: 'alpha-quiz', at })
	const { client } = await createApiClient({ name: `dispatch for ${rep.employeeId}`, actor: { type: 'system', id: 'test' }, at })
	await checkEligibility({ employeeIds: [rep.employeeId], workTypeCode: 'SITE_VISIT', at, caller: client, checkedAt: at, batch: false })
	return { rep, attempt }
}

const keysOf = (view: object) => Object.keys(view).sort()

describe('the person page loads only the chosen view', () => {
	test('overview by default: certifications, retraining and practicals; no attempts, history or checks', async () => {
		const { rep } = await busyRep()
		await prisma.certificationAward.create({ data: { personId: rep.id, certificationCode: 'CERT-A', issuedAt: at, expiresAt: later(60 * 24 * 365), source: 'imported', evidence: '{}', verificationCode: `V${rep.employeeId}` } })
		const page = await loadPersonPage(manager.id, rep.employeeId)
		expect(keysOf(page.view)).toEqual(['canAssess', 'certifications', 'name', 'practicals', 'retraining'])
		expect(viewOf(page, 'overview').certifications.map((c) => [c.code, c.decisions.allowed])).toEqual([['CERT-A', ['suspended', 'revoked']]])
		// Every view's header and navigation: the held completion is counted without loading the training view.
		expect(page.person.employeeId).toBe(rep.employeeId)
		expect(page.heldCompletions).toBe(1)
	})

	test('training: quiz and SCORM attempts, not the dispatch checks', async () => {
		const { rep, attempt } = await busyRep()
		const page = await loadPersonPage(manager.id, rep.employeeId, '?view=training')
		const training = viewOf(page, 'training')
		expect(keysOf(training)).toEqual(['attempts', 'completionReviewRefusal', 'modules', 'name', 'scormAttempts'])
		expect(training.attempts.map((a) => [a.quizId, a.quizTitle])).toEqual([['alpha-quiz', 'Alpha site visit quiz']])
		expect(training.scormAttempts.map((a) => [a.id, a.review?.state])).toEqual([[attempt.id, 'needed']])
		expect(training.completionReviewRefusal).toBeNull()
		expect(page.heldCompletions).toBe(1)
	})

	test('history: awards, employment and dispatch checks, not the attempts', async () => {
		const { rep } = await busyRep()
		const history = viewOf(await loadPersonPage(manager.id, rep.employeeId, '?view=history'), 'history')
		expect(keysOf(history)).toEqual(['awards', 'checks', 'employment', 'name'])
		expect(history.checks.map((c) => [c.workTypeCode, c.eligible])).toEqual([['SITE_VISIT', false]])
		expect(history.employment).toHaveLength(1)
	})

	test.each([['everything'], [''], ['Training']])('an unknown view (%j) is the overview, not an error', async (value) => {
		const rep = await createTestPerson()
		const page = await loadPersonPage(manager.id, rep.employeeId, `?view=${value}`)
		expect(page.view.name).toBe('overview')
	})
})

describe('the administration view', () => {
	test('is an administrator’s: employment and what the forms need', async () => {
		const rep = await createTestPerson()
		const page = await loadPersonPage(admin.id, rep.employeeId, '?view=administration')
		expect(page.isAdmin).toBe(true)
		const administration = viewOf(page, 'administration')
		expect(keysOf(administration)).toEqual(['certificationCodes', 'employment', 'isSelf', 'limits', 'name', 'state'])
		expect(administration).toMatchObject({ isSelf: false, state: 'employed' })
		expect(administration.certificationCodes.map((c) => c.code)).toContain('CERT-T')
	})

	test('to a manager who asks for it, the overview (as for any view they cannot have), with nothing of administration', async () => {
		const rep = await createTestPerson()
		const page = await loadPersonPage(manager.id, rep.employeeId, '?view=administration')
		expect(page.isAdmin).toBe(false)
		expect(page.view.name).toBe('overview')
		expect(JSON.stringify(page)).not.toContain('certificationCodes')
	})
})

describe('acting from a view', () => {
	test('a completion reviewed from the training view (the form posts to its address): accepted, and the training view reloads without it held', async () => {
		const { rep, attempt } = await busyRep()
		const url = `http://localhost/manage/people/${rep.employeeId}?view=training`
		const body = new URLSearchParams({ intent: 'review-completion', attemptId: attempt.id, decision: 'accepted', reason: 'Took this course in full last year.' })
		const result = await personAction({ request: await signedInRequest(manager.id, url, { method: 'POST', body }), params: { employeeId: rep.employeeId }, context: {} })
		expect(result).toMatchObject({ data: { reviewed: { decision: 'accepted', title: 'Course timed' } } })
		const after = await loadPersonPage(manager.id, rep.employeeId, '?view=training')
		expect(viewOf(after, 'training').scormAttempts.map((a) => a.review?.state)).toEqual(['accepted'])
		expect(after.heldCompletions).toBe(0)
	})
})
