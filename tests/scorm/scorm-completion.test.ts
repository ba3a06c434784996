import { beforeAll, describe, expect, test, vi } from 'vitest'
import { launchSco, ScormLaunchRefusedError, scormPlayerView, startScormAttempt } from '#app/scorm/scorm-attempts.server.ts'
import { type CompletionRule } from '#app/scorm/tracking.ts'
import { prisma } from '#app/utils/db.server.ts'
import { syncCatalog } from '#tests/catalog-utils.ts'
import { createTestOrg, createTestPerson } from '#tests/factories.ts'
import { catalogWithScorm, currentVersionOf, openSco, scormFixture, shippedPackage } from './scorm-utils.ts'

vi.hoisted(() => {
	// Packages unpack into a folder of this file's own, beside its database, not one other test files share.
	process.env.SCORM_STORAGE_DIR = `${process.env.DATABASE_URL!.slice('file:'.length)}-scorm`
})

const at = new Date('2026-05-04T10:00:00Z')
const later = (minutes: number) => new Date(at.getTime() + minutes * 60_000)
const rules: CompletionRule[] = ['Completed', 'Passed', 'CompletedAndPassed', 'CompletedOrPassed']
const incident = shippedPackage('incident-reporting-on-site')

beforeAll(async () => {
	await createTestOrg()
	const copy = catalogWithScorm(
		[
			{ id: 'minimal', packageFrom: scormFixture('minimal-12'), completion: 'Completed' },
			{ id: 'media', packageFrom: shippedPackage('removable-media-check'), completion: 'CompletedAndPassed' },
			{ id: 'sequenced', packageFrom: scormFixture('sequenced-2004'), completion: 'CompletedAndPassed' },
			{ id: 'multi', packageFrom: scormFixture('multi-sco-12'), completion: 'CompletedAndPassed' },
			...rules.map((completion) => ({ id: `incident-${completion.toLowerCase()}`, packageFrom: incident, completion })),
		],
		[{ code: 'CERT-S', modules: ['minimal'] }],
	)
	await syncCatalog(copy.dir, at)
})

async function learnerOn(moduleId: string) {
	const rep = await createTestPerson()
	const attempt = await startScormAttempt({ personId: rep.id, moduleId, at })
	return { rep, attempt, open: (scoId: string, when = at) => openSco({ personId: rep.id, attemptId: attempt.id, scoId, at: when }) }
}

const completionsOf = (personId: string) => prisma.moduleCompletion.findMany({ where: { personId }, select: { id: true, moduleId: true, moduleVersionId: true, source: true, completedAt: true } })
const attemptOf = (id: string) => prisma.scormAttempt.findUniqueOrThrow({ where: { id } })

describe('completing a SCORM module', () => {
	test('a 1.2 SCO that only initializes and finishes completes the module once, audited, and earns a certification needing only it', async () => {
		const { rep, attempt, open } = await learnerOn('minimal')
		const sco = await open('minimal-item')
		sco.initialize()
		expect(await sco.send(sco.finish())).toEqual({ applied: true, completion: 'completed', success: 'unknown', satisfied: true })

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
		expect(await sco.send(sco.commit())).toEqual({ applied: true, completion: 'not attempted', success: 'unknown', satisfied: false })
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
		expect(await sco.send(sco.commit())).toEqual({ applied: true, completion: 'completed', success, satisfied })
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

	test.each([
		['0.6', 'passed', true],
		['0.59', 'failed', false],
	])('2004 scaled passing score 0.6: score.scaled %s is %s', async (scaled, success, satisfied) => {
		const { rep, open } = await learnerOn('sequenced')
		const part1 = await open('part-1')
		part1.initialize()
		part1.set('cmi.completion_status', 'completed')
		expect(await part1.send(part1.finish())).toMatchObject({ completion: 'incomplete', success: 'unknown', satisfied: false })
		const part2 = await open('part-2')
		expect(part2.launch.cmi).toMatchObject({ scaled_passing_score: '0.6' })
		part2.initialize()
		part2.set('cmi.completion_status', 'completed')
		part2.set('cmi.score.scaled', scaled)
		// A Commit, not Terminate: the SCO leaves success_status unknown and the server decides.
		const commit = part2.commit()
		expect(commit.cmi).toMatchObject({ success_status: 'unknown' })
		expect(await part2.send(commit)).toEqual({ applied: true, completion: 'completed', success, satisfied })
		expect(await completionsOf(rep.id)).toHaveLength(satisfied ? 1 : 0)
	})
})

describe('completion rules on a two-SCO 2004 package (lesson, then a check with passing score 0.8)', () => {
	test.each([
		['Completed', false, true, true],
		['Passed', true, false, true],
		['CompletedAndPassed', false, false, true],
		['CompletedOrPassed', true, true, true],
	] as const)('%s: a passed but unfinished check → %j; all completed but failed → %j; all completed and passed → %j', async (rule, passedOnly, completedFailed, both) => {
		const moduleId = `incident-${rule.toLowerCase()}`
		const passing = await learnerOn(moduleId)
		const check = await passing.open('incident-reporting-check')
		check.initialize()
		check.set('cmi.completion_status', 'incomplete')
		check.set('cmi.score.scaled', '0.9')
		expect(await check.send(check.commit())).toMatchObject({ completion: 'incomplete', success: 'passed', satisfied: passedOnly })

		const failing = await learnerOn(moduleId)
		for (const [scoId, scaled] of [['incident-reporting-lesson', null], ['incident-reporting-check', '0.5']] as const) {
			const sco = await failing.open(scoId)
			sco.initialize()
			sco.set('cmi.completion_status', 'completed')
			if (scaled) sco.set('cmi.score.scaled', scaled)
			await sco.send(sco.commit())
		}
		expect(await attemptOf(failing.attempt.id)).toMatchObject({ completionStatus: 'completed', successStatus: 'failed', satisfiedAt: completedFailed ? at : null })

		const lesson = await passing.open('incident-reporting-lesson', later(5))
		lesson.initialize()
		lesson.set('cmi.completion_status', 'completed')
		await lesson.send(lesson.finish(), later(5))
		check.set('cmi.completion_status', 'completed')
		expect(await check.send(check.commit(), later(6))).toMatchObject({ completion: 'completed', success: 'passed', satisfied: both })
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
		expect(exam.launch.launchUrl).toBe(`/learn/scorm-files/${attempt.packageId}/exam.html?mode=exam`)
		expect(exam.launch.cmi).toMatchObject({ student_data: { mastery_score: '70' } })
		exam.initialize()
		exam.set('cmi.core.score.raw', '70')
		expect(await exam.send(exam.finish(), later(20))).toEqual({ applied: true, completion: 'completed', success: 'passed', satisfied: true })
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
		// Opening another part makes the player commit the open SCO without finishing it (ScormSession.leave).
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
