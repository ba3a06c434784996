import { beforeAll, describe, expect, test } from 'vitest'
import { startScormAttempt, type AttemptPurpose } from '#app/scorm/scorm-attempts.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { syncCatalog } from '#tests/catalog-utils.ts'
import { createTestOrg, createTestPerson } from '#tests/factories.ts'
import { catalogWithScorm, scormFixture } from '#tests/scorm/scorm-utils.ts'
import { playAttempt, type PlayedAttempt } from './player-harness.ts'

beforeAll(async () => {
	await createTestOrg()
	const copy = catalogWithScorm(
		[
			{ id: 'forced', packageFrom: scormFixture('forced-sequential-2004-3rd'), completion: 'CompletedAndPassed' },
			{ id: 'objectives', packageFrom: scormFixture('repeated-objectives-2004-4th'), completion: 'CompletedAndPassed' },
			{ id: 'dangling', packageFrom: scormFixture('dangling-default-org-2004'), completion: 'CompletedAndPassed' },
			{ id: 'assets', packageFrom: scormFixture('assets-only-12'), completion: 'Completed' },
			{ id: 'multi', packageFrom: scormFixture('multi-sco-12'), completion: 'CompletedAndPassed' },
		],
		[{ code: 'CERT-F', modules: ['forced'] }],
	)
	await syncCatalog(copy.dir)
})

async function learnerOn(moduleId: string, purpose: AttemptPurpose = 'learning') {
	const person = await createTestPerson({ roles: purpose === 'learning' ? ['rep'] : ['manager'] })
	const attempt = await startScormAttempt({ personId: person.id, moduleId, purpose, at: new Date() })
	const visit = () => playAttempt({ personId: person.id, attemptId: attempt.id })
	return { person, attempt, visit }
}

const moduleCompleted = (personId: string, moduleId: string) => prisma.moduleCompletion.count({ where: { personId, moduleId } }).then((n) => n > 0)
const attemptOf = (id: string) => prisma.scormAttempt.findUniqueOrThrow({ where: { id }, select: { completionStatus: true, successStatus: true, satisfiedAt: true, sequencingState: true } })

/** A lesson SCO of the forced-order course: completes itself and asks to go on, as its own button does. */
function finishLesson(played: PlayedAttempt) {
	played.sco.initialize()
	played.sco.set('cmi.completion_status', 'completed')
	played.sco.set('adl.nav.request', 'continue')
	played.sco.terminate()
}

function answerPostTest(played: PlayedAttempt, scaled: string) {
	played.sco.initialize()
	played.sco.set('cmi.score.scaled', scaled)
	played.sco.set('cmi.completion_status', 'completed')
	played.sco.terminate()
}

/** Starts the forced-order course and takes it through both lessons and the post-test at `scaled`. */
async function playThrough(played: PlayedAttempt, scaled: string) {
	await played.start()
	finishLesson(played)
	await played.settle()
	finishLesson(played)
	await played.settle()
	answerPostTest(played, scaled)
	await played.settle()
}

describe('SCORM 2004 sequencing: a forced-order course', () => {
	test('starts at the first lesson, offers only Continue, and refuses choice and going back', async () => {
		const { visit } = await learnerOn('forced')
		const played = await visit()
		await played.start()
		expect(played.shown()?.scoId).toBe('lesson-1')
		expect(played.view()).toMatchObject({ phase: 'playing', current: { id: 'lesson-1' }, selectable: [], controls: { previous: false } })

		await played.navigate('choice', 'post-test')
		expect(played.view().problem).toBe('That is not possible from here in this course.')
		expect(played.shown()?.scoId).toBe('lesson-1')
	})

	test('each lesson flows on when it completes; passing the post-test completes the module and earns the certification', async () => {
		const { person, attempt, visit } = await learnerOn('forced')
		const played = await visit()
		await played.start()
		finishLesson(played)
		await played.settle()
		expect(played.shown()?.scoId).toBe('lesson-2')
		finishLesson(played)
		await played.settle()
		expect(played.shown()?.scoId).toBe('post-test')
		expect(await attemptOf(attempt.id)).toMatchObject({ successStatus: 'unknown', satisfiedAt: null })

		answerPostTest(played, '1')
		await played.settle()
		expect(await attemptOf(attempt.id)).toMatchObject({ completionStatus: 'completed', successStatus: 'passed', satisfiedAt: expect.any(Date) })
		expect(await moduleCompleted(person.id, 'forced')).toBe(true)
		expect(await prisma.certificationAward.count({ where: { personId: person.id, certificationCode: 'CERT-F' } })).toBe(1)
		expect(played.view().standing).toEqual({ completion: 'completed', success: 'passed', satisfied: true })
	})

	test('the post-test alone decides satisfaction: below the 0.8 measure the course is completed but not passed', async () => {
		const { person, attempt, visit } = await learnerOn('forced')
		await playThrough(await visit(), '0.6667')
		expect(await attemptOf(attempt.id)).toMatchObject({ completionStatus: 'completed', successStatus: 'failed', satisfiedAt: null })
		expect(await moduleCompleted(person.id, 'forced')).toBe(false)
	})

	test("the player's Continue ends a lesson the SCO left open; the SCO's own unload handler terminates it", async () => {
		const { visit } = await learnerOn('forced')
		const played = await visit()
		await played.start()
		played.sco.initialize()
		played.sco.set('cmi.completion_status', 'completed')
		played.onUnload(() => played.sco.terminate())
		await played.navigate('continue')
		expect(played.shown()?.scoId).toBe('lesson-2')
	})

	test('a closed tab resumes the lesson where it was, with its bookmark; Save and leave resumes likewise', async () => {
		const { visit } = await learnerOn('forced')
		const first = await visit()
		await first.start()
		finishLesson(first)
		await first.settle()
		first.sco.initialize()
		first.sco.set('cmi.location', 'step-2')
		first.sco.set('cmi.suspend_data', '{"step":2}')
		await first.leave()

		const second = await visit()
		await second.start()
		expect(second.shown()).toMatchObject({ scoId: 'lesson-2', cmi: { entry: 'resume', location: 'step-2', suspend_data: '{"step":2}' } })
		second.sco.initialize()
		second.sco.set('cmi.exit', 'suspend')
		await second.navigate('suspendAll')
		expect(second.view()).toMatchObject({ phase: 'ended', ended: 'suspended' })

		const third = await visit()
		await third.start()
		expect(third.shown()).toMatchObject({ scoId: 'lesson-2', cmi: { entry: 'resume' } })
	})

	test('a SCO that ends its own session as the page closes is offered again on return, resuming', async () => {
		const { visit } = await learnerOn('forced')
		const first = await visit()
		await first.start()
		first.sco.initialize()
		first.sco.set('cmi.location', 'step-3')
		// What the lesson's unload handler does while the browser dismisses the page, before the wrapper's own pagehide.
		first.sco.set('cmi.exit', 'suspend')
		first.sco.terminate()
		await first.leave()

		const second = await visit()
		await second.start()
		expect(second.shown()).toMatchObject({ scoId: 'lesson-1', cmi: { entry: 'resume', location: 'step-3' } })
	})
})

describe('SCORM 2004 sequencing: objectives shared through global objectives', () => {
	test('Handover is disabled until Hardening writes its global objective, then reads it', async () => {
		const { person, visit } = await learnerOn('objectives')
		const played = await visit()
		await played.start()
		expect(played.shown()?.scoId).toBe('item-hardening')
		expect(played.view().selectable).not.toContain('item-handover')
		// hideLMSUI "continue" on Hardening: the player offers no Continue of its own.
		expect(played.view().controls.continue).toBe(false)

		played.sco.initialize()
		played.sco.set('cmi.progress_measure', '1')
		played.sco.set('cmi.success_status', 'passed')
		played.sco.set('cmi.score.scaled', '0.8')
		played.sco.set('adl.nav.request', 'continue')
		played.sco.terminate()
		await played.settle()
		expect(played.shown()?.scoId).toBe('item-handover')
		played.sco.initialize()
		const objectives = Number(played.sco.get('cmi.objectives._count'))
		const read = Object.fromEntries(Array.from({ length: objectives }, (_, n) => [played.sco.get(`cmi.objectives.${n}.id`), played.sco.get(`cmi.objectives.${n}.success_status`)]))
		expect(read).toMatchObject({ 'baseline-from-hardening': 'passed' })

		played.sco.set('cmi.completion_status', 'completed')
		played.sco.set('cmi.success_status', 'passed')
		played.sco.terminate()
		await played.settle()
		expect(await moduleCompleted(person.id, 'objectives')).toBe(true)
	})
})

describe('what the manifest gets wrong or leaves out', () => {
	test('a dangling default organization plays the first organization', async () => {
		const { person, visit } = await learnerOn('dangling')
		const played = await visit()
		await played.start()
		expect(played.shown()).toMatchObject({ title: 'Handover checklist' })
		played.sco.initialize()
		played.sco.set('cmi.completion_status', 'completed')
		played.sco.set('cmi.success_status', 'passed')
		played.sco.terminate()
		await played.settle()
		expect(await moduleCompleted(person.id, 'dangling')).toBe(true)
	})

	test('SCORM 1.2 assets count once viewed: opening each completes the module', async () => {
		const { person, visit } = await learnerOn('assets')
		const played = await visit()
		await played.start()
		expect(played.shown()?.kind).toBe('asset')
		while (played.view().controls.continue) await played.navigate('continue')
		expect(played.delivered).toHaveLength(3)
		expect(await moduleCompleted(person.id, 'assets')).toBe(true)
	})
})

describe('SCORM 1.2 without sequencing', () => {
	test('contents order and prerequisites decide: the exam opens once the introduction is done', async () => {
		const { visit } = await learnerOn('multi')
		const played = await visit()
		await played.start()
		expect(played.shown()?.scoId).toBe('intro')
		expect(played.view().selectable).not.toContain('exam')
		played.sco.initialize()
		played.sco.terminate()
		await played.settle()
		expect(played.view()).toMatchObject({ phase: 'between', controls: { continue: true } })
		expect(played.view().selectable).toContain('exam')
		await played.navigate('choice', 'exam')
		expect(played.shown()).toMatchObject({ scoId: 'exam', launchUrl: '/f/exam.html?mode=exam' })
	})
})

describe('previews', () => {
	test('a manager who plays a course through keeps it apart: nothing completed, nothing awarded', async () => {
		const { person, attempt, visit } = await learnerOn('forced', 'preview')
		await playThrough(await visit(), '1')
		expect(await attemptOf(attempt.id)).toMatchObject({ completionStatus: 'completed', successStatus: 'passed', satisfiedAt: expect.any(Date) })
		expect(await moduleCompleted(person.id, 'forced')).toBe(false)
		expect(await prisma.certificationAward.count({ where: { personId: person.id } })).toBe(0)
	})
})
