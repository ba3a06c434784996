import { beforeAll, describe, expect, test } from 'vitest'
import { launchSco, scormPlayerView, ScormNotFoundError, startScormAttempt } from '#app/scorm/scorm-attempts.server.ts'
import { COLLECTION_LIMITS, commitScormState, ScormCommitRejectedError } from '#app/scorm/scorm-commit.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { syncCatalog } from '#tests/catalog-utils.ts'
import { createTestOrg, createTestPerson } from '#tests/factories.ts'
import { catalogWithScorm, currentVersionOf, openSco, scormFixture } from './scorm-utils.ts'

const at = new Date('2026-04-01T09:00:00Z')
const later = (minutes: number) => new Date(at.getTime() + minutes * 60_000)

beforeAll(async () => {
	await createTestOrg()
	const copy = catalogWithScorm([
		{ id: 'minimal', packageFrom: scormFixture('minimal-12'), completion: 'Completed' },
		{ id: 'sequenced', packageFrom: scormFixture('sequenced-2004'), completion: 'CompletedAndPassed' },
	])
	await syncCatalog(copy.dir, at)
})

/** A new learner with a started attempt on the module. */
async function learnerOn(moduleId: string) {
	const rep = await createTestPerson()
	const attempt = await startScormAttempt({ personId: rep.id, moduleId, at })
	return { rep, attempt, open: (scoId: string, when = at) => openSco({ personId: rep.id, attemptId: attempt.id, scoId, at: when }) }
}

const scoState = (attemptId: string, scoId: string) => prisma.scormScoState.findUniqueOrThrow({ where: { attemptId_scoId: { attemptId, scoId } } })
const storedCmi = async (attemptId: string, scoId: string) => JSON.parse((await scoState(attemptId, scoId)).cmi) as Record<string, unknown>

describe('attempts and launches', () => {
	test('the player view before and after starting; starting again continues the same attempt', async () => {
		const rep = await createTestPerson()
		const before = await scormPlayerView({ personId: rep.id, moduleId: 'minimal' })
		expect(before).toMatchObject({ module: { id: 'minimal', title: 'Course minimal', estimatedMinutes: 10 }, scormVersion: '1.2', attempt: null, onOlderVersion: false })
		expect(before.toc).toEqual([{ identifier: 'minimal-item', title: 'Minimal SCO', launchable: true, progress: null, locked: false, children: [] }])

		const attempt = await startScormAttempt({ personId: rep.id, moduleId: 'minimal', at })
		const version = await currentVersionOf('minimal')
		expect(attempt).toMatchObject({ moduleVersionId: version.id, packageId: version.scormPackageId, completionRule: 'Completed', completionStatus: 'not attempted', successStatus: 'unknown', totalSeconds: 0, satisfiedAt: null, startedAt: at })
		expect((await startScormAttempt({ personId: rep.id, moduleId: 'minimal', at: later(1) })).id).toBe(attempt.id)
		expect(await prisma.scormAttempt.count({ where: { personId: rep.id } })).toBe(1)
		expect((await scormPlayerView({ personId: rep.id, moduleId: 'minimal' })).attempt?.id).toBe(attempt.id)
	})

	test('a preview is an attempt of its own: the learning view never shows it, and each is continued apart', async () => {
		const manager = await createTestPerson({ roles: ['manager'] })
		const learning = await startScormAttempt({ personId: manager.id, moduleId: 'minimal', at })
		const preview = await startScormAttempt({ personId: manager.id, moduleId: 'minimal', purpose: 'preview', at: later(1) })
		expect(preview).toMatchObject({ purpose: 'preview', satisfiedAt: null })
		expect(preview.id).not.toBe(learning.id)
		expect((await scormPlayerView({ personId: manager.id, moduleId: 'minimal' })).attempt).toMatchObject({ id: learning.id, purpose: 'learning' })
		expect((await scormPlayerView({ personId: manager.id, moduleId: 'minimal', purpose: 'preview' })).attempt).toMatchObject({ id: preview.id, purpose: 'preview' })
		expect((await startScormAttempt({ personId: manager.id, moduleId: 'minimal', at: later(2) })).id).toBe(learning.id)
		expect((await startScormAttempt({ personId: manager.id, moduleId: 'minimal', purpose: 'preview', at: later(2) })).id).toBe(preview.id)
	})

	test.each(['alpha', 'no-such-module'])('%j is not a SCORM module', async (moduleId) => {
		const rep = await createTestPerson()
		await expect(startScormAttempt({ personId: rep.id, moduleId, at })).rejects.toBeInstanceOf(ScormNotFoundError)
		await expect(scormPlayerView({ personId: rep.id, moduleId })).rejects.toBeInstanceOf(ScormNotFoundError)
	})

	test('each launch is recorded with the next ordinal and hands the SCO its learner', async () => {
		const { rep, attempt } = await learnerOn('minimal')
		const first = await launchSco({ personId: rep.id, attemptId: attempt.id, scoId: 'minimal-item', at })
		expect(first).toMatchObject({ scoId: 'minimal-item', title: 'Minimal SCO', kind: 'sco', family: '1.2', launchHref: 'index.html' })
		expect(first.launchId).toMatch(/^lch_[\w-]{20}$/)
		const [given, ...family] = rep.name.split(' ').reverse()
		expect(first.cmi).toMatchObject({ core: { student_id: rep.employeeId, student_name: `${given}, ${family.reverse().join(' ')}`, entry: 'ab-initio', lesson_status: 'not attempted' } })
		const second = await launchSco({ personId: rep.id, attemptId: attempt.id, scoId: 'minimal-item', at: later(1) })
		const launches = await prisma.scormLaunch.findMany({ where: { attemptId: attempt.id }, orderBy: { ordinal: 'asc' }, select: { id: true, ordinal: true, scoId: true } })
		expect(launches).toEqual([{ id: first.launchId, ordinal: 1, scoId: 'minimal-item' }, { id: second.launchId, ordinal: 2, scoId: 'minimal-item' }])
		expect((await scoState(attempt.id, 'minimal-item')).launchCount).toBe(2)
	})

	test('a SCO the package does not have, or someone else’s attempt, cannot be launched', async () => {
		const { rep, attempt } = await learnerOn('minimal')
		const intruder = await createTestPerson()
		await expect(launchSco({ personId: rep.id, attemptId: attempt.id, scoId: 'nope', at })).rejects.toThrow(new ScormNotFoundError('This package has no item "nope" to open'))
		await expect(launchSco({ personId: intruder.id, attemptId: attempt.id, scoId: 'minimal-item', at })).rejects.toThrow(new ScormNotFoundError('This SCORM attempt does not exist'))
		expect(await prisma.scormLaunch.count({ where: { attemptId: attempt.id } })).toBe(0)
	})
})

describe('commit ordering and idempotency', () => {
	test('within a launch a newer sequence applies; a repeat or an older one is not applied and changes nothing', async () => {
		const { attempt, open } = await learnerOn('minimal')
		const sco = await open('minimal-item')
		sco.initialize()
		const commits = ['p1', 'p2', 'p3'].map((page) => (sco.set('cmi.core.lesson_location', page), sco.commit()))
		expect(commits.map((c) => c.sequence)).toEqual([1, 2, 3])

		expect(await sco.send(commits[0])).toMatchObject({ applied: true })
		expect(await sco.send(commits[2])).toMatchObject({ applied: true })
		expect(await sco.send(commits[1])).toMatchObject({ applied: false })
		expect(await sco.send(commits[2])).toMatchObject({ applied: false })
		expect(await storedCmi(attempt.id, 'minimal-item')).toEqual(commits[2]!.cmi)
		expect(await scoState(attempt.id, 'minimal-item')).toMatchObject({ appliedLaunch: 1, appliedSequence: 3 })
		expect(await prisma.scormLaunch.findUniqueOrThrow({ where: { id: sco.launch.launchId } })).toMatchObject({ lastSequence: 3, commitCount: 2 })
	})

	test('a new launch’s commit beats the previous launch’s late commit, whose session time still counts', async () => {
		const { attempt, open } = await learnerOn('minimal')
		const earlier = await open('minimal-item')
		earlier.initialize()
		earlier.set('cmi.core.lesson_location', 'from-first-tab')
		earlier.set('cmi.core.session_time', '00:02:00')
		const late = earlier.commit()

		const newer = await open('minimal-item', later(5))
		newer.initialize()
		newer.set('cmi.core.lesson_location', 'from-second-tab')
		newer.set('cmi.core.session_time', '00:03:00')
		expect(await newer.send(newer.commit())).toMatchObject({ applied: true })
		expect(await earlier.send(late, later(6))).toMatchObject({ applied: false })

		expect(await storedCmi(attempt.id, 'minimal-item')).toMatchObject({ core: { lesson_location: 'from-second-tab' } })
		expect(await scoState(attempt.id, 'minimal-item')).toMatchObject({ appliedLaunch: 2, appliedSequence: 1, totalSeconds: 300 })
		expect(await prisma.scormAttempt.findUniqueOrThrow({ where: { id: attempt.id } })).toMatchObject({ totalSeconds: 300 })
		expect((await open('minimal-item', later(7))).launch.cmi).toMatchObject({ core: { total_time: '00:05:00.00' } })
	})

	test('a commit to someone else’s attempt, or with someone else’s session, is refused and changes nothing', async () => {
		const owner = await learnerOn('minimal')
		const intruder = await learnerOn('minimal')
		const sco = await owner.open('minimal-item')
		sco.initialize()
		sco.set('cmi.core.lesson_location', 'hijacked')
		const commit = sco.commit()
		await intruder.open('minimal-item')
		await expect(commitScormState({ personId: intruder.rep.id, attemptId: owner.attempt.id, commit, at })).rejects.toThrow(new ScormNotFoundError('This SCORM attempt does not exist'))
		await expect(commitScormState({ personId: intruder.rep.id, attemptId: intruder.attempt.id, commit, at })).rejects.toThrow(new ScormNotFoundError('This SCORM session does not exist'))
		expect(await scoState(owner.attempt.id, 'minimal-item')).toMatchObject({ cmi: '{}', appliedSequence: 0 })
		expect(await prisma.scormLaunch.findUniqueOrThrow({ where: { id: commit.launchId } })).toMatchObject({ lastSequence: 0, commitCount: 0 })
		expect(await scoState(intruder.attempt.id, 'minimal-item')).toMatchObject({ cmi: '{}', appliedSequence: 0 })
	})
})

const families = [
	{ family: '1.2', moduleId: 'minimal', scoId: 'minimal-item', location: 'cmi.core.lesson_location', exit: 'cmi.core.exit', sessionTime: 'cmi.core.session_time', times: ['00:10:00', '00:02:00', '00:05:30.5'], total: '00:15:30.50' },
	{ family: '2004', moduleId: 'sequenced', scoId: 'part-1', location: 'cmi.location', exit: 'cmi.exit', sessionTime: 'cmi.session_time', times: ['PT10M', 'PT2M', 'PT5M30.5S'], total: 'PT0H15M30.5S' },
] as const

/** 64,000 characters of what authoring tools store: JSON-ish text with quotes, backslashes and accents. */
const suspendDataOf = (length: number) => Array.from({ length }, (_, i) => '{"q":[1,2],"é→\\"ok\\"",ß;∑ '.charAt(i % 26)).join('')

describe.each(families)('SCORM $family resume and limits', ({ moduleId, scoId, location, exit, sessionTime, times, total }) => {
	test('resume restores location and a 64,000-character suspend_data exactly', async () => {
		const { attempt, open } = await learnerOn(moduleId)
		const suspendData = suspendDataOf(64_000)
		const first = await open(scoId)
		first.initialize()
		first.set(location, 'unit-3/page-12')
		first.set('cmi.suspend_data', suspendData)
		first.set(exit, 'suspend')
		expect(await first.send(first.finish())).toMatchObject({ applied: true })

		const second = await open(scoId, later(60))
		const expected = second.launch.family === '1.2' ? { core: { entry: 'resume', lesson_location: 'unit-3/page-12' } } : { entry: 'resume', location: 'unit-3/page-12' }
		expect(second.launch.cmi).toMatchObject(expected)
		expect(second.launch.cmi.suspend_data).toBe(suspendData)
		second.initialize()
		expect(second.get('cmi.suspend_data')).toBe(suspendData)
		expect(second.get(location)).toBe('unit-3/page-12')
		expect((await scoState(attempt.id, scoId)).terminated).toBe(true)
	})

	test('a commit with more interactions, objectives or comments than SCORM requires an LMS to keep is refused whole; at the limit it applies', async () => {
		const { attempt, open } = await learnerOn(moduleId)
		const sco = await open(scoId)
		sco.initialize()
		const good = sco.commit()
		await sco.send(good)
		const stateBefore = await scoState(attempt.id, scoId)
		const entries = (count: number, entry: (i: number) => Record<string, string>) => Object.fromEntries(Array.from({ length: count }, (_, i) => [String(i), entry(i)]))
		const interaction = (i: number) => ({ id: `q${i}`, type: 'choice', result: 'correct' })
		for (const [collection, limit] of Object.entries(COLLECTION_LIMITS)) {
			const flood = { ...good, sequence: 2, cmi: { ...good.cmi, [collection]: entries(limit + 1, collection === 'interactions' ? interaction : (i) => ({ id: `e${i}` })) } }
			await expect(sco.send(flood)).rejects.toThrow(new ScormCommitRejectedError(`cmi.${collection} has ${limit + 1} entries; the limit is ${limit}`))
		}
		expect(await scoState(attempt.id, scoId)).toEqual(stateBefore)
		const full = { ...good, sequence: 2, cmi: { ...good.cmi, interactions: entries(COLLECTION_LIMITS.interactions, interaction) } }
		expect(await sco.send(full)).toMatchObject({ applied: true })
	})

	test('a 64,001-character suspend_data is refused and nothing changes; the next good commit applies', async () => {
		const { attempt, open } = await learnerOn(moduleId)
		const sco = await open(scoId)
		sco.initialize()
		sco.set(location, 'kept')
		const good = sco.commit()
		await sco.send(good)
		const stateBefore = await scoState(attempt.id, scoId)

		// scorm-again itself refuses the 64,001st character, so only a tampered or foreign client sends this.
		const oversized = { ...good, sequence: 2, cmi: { ...good.cmi, suspend_data: suspendDataOf(64_001) } }
		await expect(sco.send(oversized)).rejects.toThrow(new ScormCommitRejectedError('suspend_data has 64001 characters; the limit is 64000'))
		expect(await scoState(attempt.id, scoId)).toEqual(stateBefore)
		expect(await prisma.scormLaunch.findUniqueOrThrow({ where: { id: sco.launch.launchId } })).toMatchObject({ lastSequence: 1, commitCount: 1 })

		sco.set('cmi.suspend_data', suspendDataOf(64_000))
		const next = sco.commit()
		expect(next.sequence).toBe(2)
		expect(await sco.send(next)).toMatchObject({ applied: true })
		expect((await storedCmi(attempt.id, scoId)).suspend_data).toBe(suspendDataOf(64_000))
	})

	test('session time adds up across launches into total_time; within a session the latest report counts once', async () => {
		const { attempt, open } = await learnerOn(moduleId)
		const first = await open(scoId)
		first.initialize()
		first.set(sessionTime, times[0])
		await first.send(first.finish())

		const second = await open(scoId, later(30))
		second.initialize()
		second.set(sessionTime, times[1])
		await second.send(second.commit())
		second.set(sessionTime, times[2])
		await second.send(second.commit())
		expect(await prisma.scormAttempt.findUniqueOrThrow({ where: { id: attempt.id } })).toMatchObject({ totalSeconds: 930.5 })

		const third = await open(scoId, later(60))
		expect(JSON.stringify(third.launch.cmi)).toContain(`"total_time":"${total}"`)
	})
})
