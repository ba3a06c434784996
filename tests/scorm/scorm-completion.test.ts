import { beforeAll, describe, expect, test } from 'vitest'
import { awardOnProgress } from '#app/certification/awards.server.ts'
import { launchSco, ScormLaunchRefusedError, scormPlayerView, startScormAttempt } from '#app/scorm/scorm-attempts.server.ts'
import { type CompletionRule } from '#app/scorm/tracking.ts'
import { certificateById } from '#app/certification/certificates.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { syncCatalog } from '#tests/catalog-utils.ts'
import { createTestOrg, createTestPerson } from '#tests/factories.ts'
import { playAttempt, type PlayedAttempt } from '#tests/content-delivery/player-harness.ts'
import { catalogWithScorm, currentVersionOf, openSco, scormFixture } from './scorm-utils.ts'

const at = new Date('2026-05-04T10:00:00Z')
const later = (minutes: number) => new Date(at.getTime() + minutes * 60_000)
const rules: CompletionRule[] = ['Completed', 'Passed', 'CompletedAndPassed', 'CompletedOrPassed']
const incident = scormFixture('lesson-and-check-2004')

beforeAll(async () => {
	await createTestOrg()
	const copy = catalogWithScorm(
		[
			{ id: 'minimal', packageFrom: scormFixture('minimal-12'), completion: 'Completed' },
			{ id: 'media', packageFrom: scormFixture('mastery-score-12'), completion: 'CompletedAndPassed' },
			{ id: 'sequenced', packageFrom: scormFixture('sequenced-2004'), completion: 'CompletedAndPassed' },
			{ id: 'multi', packageFrom: scormFixture('multi-sco-12'), completion: 'CompletedAndPassed' },
			{ id: 'assets', packageFrom: scormFixture('assets-only-12'), completion: 'Completed' },
			...rules.map((completion) => ({ id: `incident-${completion.toLowerCase()}`, packageFrom: incident, completion })),
		],
		[
			{ code: 'CERT-S', modules: ['minimal'] },
			{ code: 'CERT-R', modules: ['assets'] },
		],
	)
	await syncCatalog(copy.dir, at)
})

async function learnerOn(moduleId: string) {
	const rep = await createTestPerson()
	const attempt = await startScormAttempt({ personId: rep.id, moduleId, at })
	return { rep, attempt, open: (scoId: string, when = at) => openSco({ personId: rep.id, attemptId: attempt.id, scoId, at: when }) }
}

/** A learner playing a SCORM 2004 course through the course runner and its sequencing engine; `clock.now` is when things happen. */
async function learnerPlaying(moduleId: string) {
	const rep = await createTestPerson()
	const attempt = await startScormAttempt({ personId: rep.id, moduleId, at })
	const clock = { now: at }
	const played = await playAttempt({ personId: rep.id, attemptId: attempt.id, at: () => clock.now })
	await played.start()
	return { rep, attempt, played, clock }
}

const completionsOf = (personId: string) => prisma.moduleCompletion.findMany({ where: { personId }, select: { id: true, moduleId: true, moduleVersionId: true, source: true, completedAt: true } })
const attemptOf = (id: string) => prisma.scormAttempt.findUniqueOrThrow({ where: { id } })

describe('completing a SCORM module', () => {
	test('a 1.2 SCO that only initializes and finishes completes the module once, audited, and earns a certification needing only it', async () => {
		const { rep, attempt, open } = await learnerOn('minimal')
		const sco = await open('minimal-item')
		sco.initialize()
		expect(await sco.send(sco.finish())).toEqual({ applied: true, completion: 'completed', success: 'unknown', satisfied: true, item: { id: 'minimal-item', completion: 'completed', success: 'unknown' } })

		const version = await currentVersionOf('minimal')
		const completions = await completionsOf(rep.id)
		expect(completions).toEqual([{ id: expect.any(String), moduleId: 'minimal', moduleVersionId: version.id, source: 'scorm', completedAt: at }])
		const audit = await prisma.auditEvent.findMany({ where: { action: 'module.completed', subjectId: completions[0]!.id } })
		expect(audit).toHaveLength(1)
		expect(audit[0]).toMatchObject({ actorType: 'person', actorId: rep.id, subjectType: 'module_completion' })
		expect(JSON.parse(audit[0]!.details)).toMatchObject({ moduleId: 'minimal', source: 'scorm', scormAttemptId: attempt.id })
		expect(await attemptOf(attempt.id)).toMatchObject({ satisfiedAt: at, completionStatus: 'completed' })
		const awards = await prisma.certificationAward.findMany({ where: { personId: rep.id } })
		expect(awards).toEqual([expect.objectContaining({ certificationCode: 'CERT-S', source: 'earned', issuedAt: at })])
		// The certificate shows what the course reported, as the course's own words.
		const certificate = await certificateById({ awardId: awards[0]!.id, at })
		expect(certificate!.training.modules).toEqual([expect.objectContaining({ moduleId: 'minimal', quiz: null, scorm: { completionStatus: 'completed', successStatus: 'unknown', scorePercent: null, minutes: 0 } })])

		const again = await open('minimal-item', later(10))
		again.initialize()
		expect(await again.send(again.finish())).toMatchObject({ applied: true, satisfied: true })
		expect(await completionsOf(rep.id)).toHaveLength(1)
		expect(await prisma.auditEvent.count({ where: { action: 'module.completed', actorId: rep.id } })).toBe(1)
		expect(await prisma.certificationAward.count({ where: { personId: rep.id } })).toBe(1)
	})

	test('a 1.2 SCO still open without a status has not completed anything', async () => {
		const { rep, attempt, open } = await learnerOn('minimal')
		const sco = await open('minimal-item')
		sco.initialize()
		expect(await sco.send(sco.commit())).toEqual({ applied: true, completion: 'not attempted', success: 'unknown', satisfied: false, item: { id: 'minimal-item', completion: 'not attempted', success: 'unknown' } })
		expect(await completionsOf(rep.id)).toEqual([])
		expect(await attemptOf(attempt.id)).toMatchObject({ satisfiedAt: null })
		expect(await prisma.certificationAward.count({ where: { personId: rep.id } })).toBe(0)
	})

	test.each([
		['85', 'passed', true],
		['80', 'passed', true],
		['79', 'failed', false],
	])('1.2 mastery score 80: a raw score of %s is %s', async (raw, success, satisfied) => {
		const { rep, attempt, open } = await learnerOn('media')
		const sco = await open('removable-media-check-item')
		expect(sco.launch.cmi).toMatchObject({ student_data: { mastery_score: '80' } })
		sco.initialize()
		sco.set('cmi.core.lesson_status', 'completed')
		sco.set('cmi.core.score.raw', raw)
		expect(await sco.send(sco.commit())).toEqual({ applied: true, completion: 'completed', success, satisfied, item: { id: 'removable-media-check-item', completion: 'completed', success } })
		expect(await completionsOf(rep.id)).toHaveLength(satisfied ? 1 : 0)
		expect(await attemptOf(attempt.id)).toMatchObject({ successStatus: success, scoreScaled: Number(raw) / 100 })
	})

	test('a failed 1.2 learner who scores enough on a later launch of the same attempt completes then', async () => {
		const { rep, open } = await learnerOn('media')
		const first = await open('removable-media-check-item')
		first.initialize()
		first.set('cmi.core.score.raw', '60')
		expect(await first.send(first.finish())).toMatchObject({ success: 'failed', satisfied: false })
		const second = await open('removable-media-check-item', later(30))
		second.initialize()
		second.set('cmi.core.score.raw', '90')
		expect(await second.send(second.finish(), later(40))).toMatchObject({ success: 'passed', satisfied: true })
		expect(await completionsOf(rep.id)).toEqual([expect.objectContaining({ moduleId: 'media', completedAt: later(40) })])
	})

	test('a 1.2 asset has no runtime: opening it counts as viewing it, and viewing the last one completes the module and earns its certification', async () => {
		const { rep, attempt } = await learnerOn('assets')
		const view = (scoId: string, when: Date) => launchSco({ personId: rep.id, attemptId: attempt.id, scoId, at: when, onCompleted: awardOnProgress })
		expect(await view('before-you-travel', at)).toMatchObject({ kind: 'asset', launchHref: 'before-you-travel.html' })
		await view('removable-media', later(5))
		expect(await attemptOf(attempt.id)).toMatchObject({ completionStatus: 'incomplete', satisfiedAt: null })
		expect(await completionsOf(rep.id)).toEqual([])

		await view('handover', later(9))
		await view('handover', later(12))
		expect(await attemptOf(attempt.id)).toMatchObject({ completionStatus: 'completed', satisfiedAt: later(9) })
		expect(await completionsOf(rep.id)).toEqual([expect.objectContaining({ moduleId: 'assets', completedAt: later(9) })])
		expect(await prisma.certificationAward.findMany({ where: { personId: rep.id } })).toEqual([expect.objectContaining({ certificationCode: 'CERT-R', issuedAt: later(9) })])
	})

	test('a manager’s preview that meets the rule is told so, but completes nothing and earns nothing', async () => {
		const manager = await createTestPerson({ roles: ['manager'] })
		const preview = await startScormAttempt({ personId: manager.id, moduleId: 'minimal', purpose: 'preview', at })
		const sco = await openSco({ personId: manager.id, attemptId: preview.id, scoId: 'minimal-item', at })
		sco.initialize()
		expect(await sco.send(sco.finish())).toMatchObject({ completion: 'completed', satisfied: true })
		expect(await attemptOf(preview.id)).toMatchObject({ completionStatus: 'completed', satisfiedAt: at })
		expect(await completionsOf(manager.id)).toEqual([])
		expect(await prisma.certificationAward.count({ where: { personId: manager.id } })).toBe(0)
		// A finished preview is started over, so the course can be tried again as it is.
		const again = await startScormAttempt({ personId: manager.id, moduleId: 'minimal', purpose: 'preview', at: later(1) })
		expect(again.id).not.toBe(preview.id)
	})

	test.each([
		['0.6', 'passed', true],
		['0.59', 'failed', false],
	])('2004 scaled passing score 0.6: score.scaled %s is %s, for the part by the server and for the course by the engine’s rollup once the part ends', async (scaled, success, satisfied) => {
		const { rep, attempt, played } = await learnerPlaying('sequenced')
		const standing = () => played.view().standing
		expect(played.shown()?.scoId).toBe('part-1')
		played.sco.initialize()
		played.sco.set('cmi.completion_status', 'completed')
		played.sco.terminate()
		await played.settle()
		expect(standing()).toEqual({ completion: 'incomplete', success: 'unknown', satisfied: false })

		await played.navigate('continue')
		expect(played.shown()).toMatchObject({ scoId: 'part-2', cmi: { scaled_passing_score: '0.6' } })
		played.sco.initialize()
		played.sco.set('cmi.completion_status', 'completed')
		played.sco.set('cmi.score.scaled', scaled)
		played.sco.commit()
		await played.settle()
		// The SCO left success_status unknown: the server judges the part by the passing score, but the course waits for the engine.
		expect(JSON.parse((await prisma.scormScoState.findUniqueOrThrow({ where: { attemptId_scoId: { attemptId: attempt.id, scoId: 'part-2' } } })).cmi)).toMatchObject({ success_status: 'unknown' })
		expect(played.view().progress['part-2']).toEqual({ completion: 'completed', success })
		expect(standing()).toEqual({ completion: 'incomplete', success: 'unknown', satisfied: false })
		expect(await completionsOf(rep.id)).toEqual([])

		played.sco.terminate()
		await played.settle()
		expect(standing()).toEqual({ completion: 'completed', success, satisfied })
		expect(await attemptOf(attempt.id)).toMatchObject({ completionStatus: 'completed', successStatus: success, scoreScaled: Number(scaled), satisfiedAt: satisfied ? at : null })
		expect(await completionsOf(rep.id)).toHaveLength(satisfied ? 1 : 0)
	})
})

/** Ends the open SCO's session after it reports; the engine rolls the course up as it ends. */
function finishSco(played: PlayedAttempt, { completion, scaled }: { completion: 'completed' | 'incomplete'; scaled?: string }) {
	played.sco.initialize()
	played.sco.set('cmi.completion_status', completion)
	if (scaled) played.sco.set('cmi.score.scaled', scaled)
	played.sco.terminate()
	return played.settle()
}

describe('completion rules on a two-SCO 2004 package (a lesson that counts toward completion only, then a check with passing score 0.8), as the engine rolls it up', () => {
	test.each([
		['Completed', false, true, true],
		['Passed', true, false, true],
		['CompletedAndPassed', false, false, true],
		['CompletedOrPassed', true, true, true],
	] as const)('%s: a passed but unfinished check → %j; all completed but failed → %j; all completed and passed → %j', async (rule, passedOnly, completedFailed, both) => {
		const moduleId = `incident-${rule.toLowerCase()}`
		const passing = await learnerPlaying(moduleId)
		await passing.played.navigate('choice', 'incident-reporting-check')
		await finishSco(passing.played, { completion: 'incomplete', scaled: '0.9' })
		// The lesson excludes itself from success (rollupObjectiveSatisfied="false"), so the check alone passes the course.
		expect(passing.played.view().standing).toEqual({ completion: 'incomplete', success: 'passed', satisfied: passedOnly })

		const failing = await learnerPlaying(moduleId)
		expect(failing.played.shown()?.scoId).toBe('incident-reporting-lesson')
		await finishSco(failing.played, { completion: 'completed' })
		await failing.played.navigate('continue')
		await finishSco(failing.played, { completion: 'completed', scaled: '0.5' })
		expect(await attemptOf(failing.attempt.id)).toMatchObject({ completionStatus: 'completed', successStatus: 'failed', satisfiedAt: completedFailed ? at : null })

		passing.clock.now = later(5)
		await passing.played.navigate('choice', 'incident-reporting-lesson')
		await finishSco(passing.played, { completion: 'completed' })
		passing.clock.now = later(6)
		await passing.played.navigate('choice', 'incident-reporting-check')
		expect(passing.played.shown()?.cmi).toMatchObject({ success_status: 'passed', score: { scaled: '0.9' } })
		await finishSco(passing.played, { completion: 'completed' })
		expect(passing.played.view().standing).toEqual({ completion: 'completed', success: 'passed', satisfied: both })
		expect(await completionsOf(passing.rep.id)).toEqual([expect.objectContaining({ moduleId, completedAt: passedOnly ? at : later(6) })])
	})
})

describe('a multi-SCO 1.2 package', () => {
	test('the exam opens once the intro is done; the hidden appendix is never required', async () => {
		const { rep, attempt, open } = await learnerOn('multi')
		const locks = async () => (await scormPlayerView({ personId: rep.id, moduleId: 'multi' })).toc.map((e) => [e.identifier, e.locked, e.progress?.completion ?? null])
		expect(await locks()).toEqual([['intro', false, null], ['exam', true, null]])
		await expect(launchSco({ personId: rep.id, attemptId: attempt.id, scoId: 'exam', at })).rejects.toThrow(new ScormLaunchRefusedError('"Exam" opens once you have finished what it builds on.'))
		expect(await prisma.scormLaunch.count({ where: { attemptId: attempt.id } })).toBe(0)

		const intro = await open('intro')
		intro.initialize()
		expect(await intro.send(intro.finish())).toMatchObject({ completion: 'incomplete', satisfied: false })
		expect(await locks()).toEqual([['intro', false, 'completed'], ['exam', false, null]])

		const exam = await open('exam', later(10))
		expect(exam.launch.launchHref).toBe('exam.html?mode=exam')
		expect(exam.launch.cmi).toMatchObject({ student_data: { mastery_score: '70' } })
		exam.initialize()
		exam.set('cmi.core.score.raw', '70')
		expect(await exam.send(exam.finish(), later(20))).toEqual({ applied: true, completion: 'completed', success: 'passed', satisfied: true, item: { id: 'exam', completion: 'completed', success: 'passed' } })
		expect(await completionsOf(rep.id)).toEqual([expect.objectContaining({ moduleId: 'multi', completedAt: later(20) })])
		expect(await prisma.scormScoState.count({ where: { attemptId: attempt.id, scoId: 'appendix' } })).toBe(0)
	})

	// The LMS decides "completed" on LMSFinish; a review session must neither be told otherwise nor undo it.
	test('reviewing the finished intro and moving on to the exam does not undo the intro', async () => {
		const { rep, attempt, open } = await learnerOn('multi')
		const intro = await open('intro')
		intro.initialize()
		await intro.send(intro.finish())

		const review = await open('intro', later(5))
		review.initialize()
		// Opening another part makes the course runner commit the open SCO without finishing it (CourseRunner.commitOpenSession).
		await review.send(review.commit(), later(6))
		const toc = (await scormPlayerView({ personId: rep.id, moduleId: 'multi' })).toc.map((e) => [e.identifier, e.locked, e.progress?.completion ?? null])
		expect(toc).toEqual([['intro', false, 'completed'], ['exam', false, null]])
		await expect(launchSco({ personId: rep.id, attemptId: attempt.id, scoId: 'exam', at: later(7) })).resolves.toMatchObject({ scoId: 'exam' })
		expect(review.launch.cmi).toMatchObject({ core: { lesson_status: 'completed' } })
	})

	test('a reviewed part that reports itself incomplete again stays completed', async () => {
		const { rep, open } = await learnerOn('multi')
		const intro = await open('intro')
		intro.initialize()
		await intro.send(intro.finish())
		const exam = await open('exam')
		exam.initialize()
		exam.set('cmi.core.score.raw', '60')
		expect(await exam.send(exam.commit())).toMatchObject({ completion: 'completed', success: 'failed' })

		const review = await open('intro', later(5))
		review.initialize()
		review.set('cmi.core.lesson_status', 'incomplete')
		expect(await review.send(review.commit(), later(6))).toMatchObject({ applied: true, completion: 'completed', success: 'failed' })
		const toc = (await scormPlayerView({ personId: rep.id, moduleId: 'multi' })).toc.map((e) => [e.identifier, e.locked, e.progress?.completion, e.progress?.success])
		expect(toc).toEqual([['intro', false, 'completed', 'unknown'], ['exam', false, 'completed', 'failed']])
	})
})
