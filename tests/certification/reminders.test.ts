import { beforeAll, describe, expect, test, vi } from 'vitest'
import { newVerificationCode } from '#app/certification/awards.server.ts'
import { deliverNotifications, logSender, milestoneReached, writeExpiryReminders, type NotificationSender } from '#app/certification/reminders.server.ts'
import { claimRun, finishRun, utcDay } from '#app/scheduling/scheduled-runs.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestOrg, createTestPerson } from '#tests/factories.ts'

const DAY_MS = 86_400_000
const days = (at: Date, n: number) => new Date(at.getTime() + n * DAY_MS)
const ms = (at: Date, n: number) => new Date(at.getTime() + n)

// Reminders scan every award in the file's database, so each test sets its awards in a year of
// its own: a run near one test's expiries never reaches another's.
const expiryIn = (year: number) => new Date(Date.UTC(year, 5, 15, 12))

let actorId = ''

beforeAll(async () => {
	await createTestOrg()
	await prisma.certification.create({
		data: { code: 'SEC-FOUNDATION', name: 'Secure service foundations', description: 'Baseline', validityMonths: 12, recertificationWindowDays: 60, requiredForAllReps: true },
	})
	actorId = (await createTestPerson({ roles: ['admin'], orgUnitCode: 'BL' })).id
})

async function createAward({ personId, issuedAt, expiresAt }: { personId: string; issuedAt: Date; expiresAt: Date }) {
	return prisma.certificationAward.create({
		data: { personId, certificationCode: 'SEC-FOUNDATION', issuedAt, expiresAt, source: 'imported', evidence: '{}', verificationCode: newVerificationCode() },
		select: { id: true },
	})
}

/** A rep holding one award that expires at `expiresAt`, issued a year before. */
async function repWithAward(expiresAt: Date, { leftAt }: { leftAt?: Date } = {}) {
	const person = await createTestPerson({ leftAt })
	const award = await createAward({ personId: person.id, issuedAt: days(expiresAt, -365), expiresAt })
	return { person, award }
}

const milestonesOf = async (awardId: string) =>
	(await prisma.notification.findMany({ where: { awardId }, orderBy: { createdAt: 'asc' }, select: { milestone: true } })).map((n) => n.milestone)

describe('milestoneReached', () => {
	const expiresAt = new Date('2027-03-01T08:00:00Z')
	const keyAt = (at: Date) => milestoneReached(expiresAt, at)?.key ?? null

	test('is null until 60 days before expiry', () => {
		expect(keyAt(days(expiresAt, -200))).toBeNull()
		expect(keyAt(ms(days(expiresAt, -60), -1))).toBeNull()
	})

	test('each milestone starts exactly at its boundary and lasts until the next', () => {
		expect(keyAt(days(expiresAt, -60))).toBe('60d')
		expect(keyAt(ms(days(expiresAt, -30), -1))).toBe('60d')
		expect(keyAt(days(expiresAt, -30))).toBe('30d')
		expect(keyAt(ms(days(expiresAt, -7), -1))).toBe('30d')
		expect(keyAt(days(expiresAt, -7))).toBe('7d')
		expect(keyAt(ms(expiresAt, -1))).toBe('7d')
		expect(keyAt(expiresAt)).toBe('expired')
		expect(keyAt(days(expiresAt, 400))).toBe('expired')
	})
})

describe('writeExpiryReminders', () => {
	test('writes each milestone once, at its boundary, over the life of an award', async () => {
		const expiresAt = expiryIn(2030)
		const { person, award } = await repWithAward(expiresAt)
		const run = async (at: Date) => (await writeExpiryReminders({ at })).written

		expect(await run(ms(days(expiresAt, -60), -1))).toBe(0)
		expect(await run(days(expiresAt, -60))).toBe(1)
		expect(await run(ms(days(expiresAt, -30), -1))).toBe(0)
		expect(await run(days(expiresAt, -30))).toBe(1)
		expect(await run(ms(days(expiresAt, -7), -1))).toBe(0)
		expect(await run(days(expiresAt, -7))).toBe(1)
		expect(await run(ms(expiresAt, -1))).toBe(0)
		expect(await run(expiresAt)).toBe(1)
		expect(await run(days(expiresAt, 20))).toBe(0)

		expect(await milestonesOf(award.id)).toEqual(['60d', '30d', '7d', 'expired'])
		const reminders = await prisma.notification.findMany({ where: { awardId: award.id }, orderBy: { createdAt: 'asc' } })
		expect(reminders.map((r) => r.createdAt)).toEqual([days(expiresAt, -60), days(expiresAt, -30), days(expiresAt, -7), expiresAt])
		expect(reminders.every((r) => r.personId === person.id && r.kind === 'expiry_reminder' && r.deliveredAt === null)).toBe(true)
		expect(reminders[0]!.title).toBe('Secure service foundations expires on 2030-06-15')
		expect(reminders[3]!.title).toBe('Secure service foundations has expired')
	})

	test('running twice writes nothing new', async () => {
		const at = days(expiryIn(2032), -20)
		const first = await repWithAward(days(at, 50))
		const second = await repWithAward(days(at, 3))
		expect(await writeExpiryReminders({ at })).toEqual({ written: 2 })
		const count = await prisma.notification.count()

		expect(await writeExpiryReminders({ at })).toEqual({ written: 0 })
		expect(await prisma.notification.count()).toBe(count)
		expect(await milestonesOf(first.award.id)).toEqual(['60d'])
		expect(await milestonesOf(second.award.id)).toEqual(['7d'])
	})

	test('a run 5 days before expiry writes only the 7-day reminder; a later run on expiry writes "expired"', async () => {
		const expiresAt = expiryIn(2034)
		const { award } = await repWithAward(expiresAt)
		expect(await writeExpiryReminders({ at: days(expiresAt, -5) })).toEqual({ written: 1 })
		expect(await milestonesOf(award.id)).toEqual(['7d'])
		expect(await writeExpiryReminders({ at: expiresAt })).toEqual({ written: 1 })
		expect(await milestonesOf(award.id)).toEqual(['7d', 'expired'])
	})

	test('an expiry more than 30 days past is not reminded about any more', async () => {
		const expiresAt = expiryIn(2036)
		const { award } = await repWithAward(expiresAt)
		expect(await writeExpiryReminders({ at: ms(days(expiresAt, 30), -1) })).toEqual({ written: 1 })
		const late = await repWithAward(expiresAt)
		expect(await writeExpiryReminders({ at: days(expiresAt, 30) })).toEqual({ written: 0 })
		expect(await milestonesOf(award.id)).toEqual(['expired'])
		expect(await milestonesOf(late.award.id)).toEqual([])
	})

	test('a revoked award gets no reminder while it is withdrawn, and gets one again once reinstated', async () => {
		const expiresAt = expiryIn(2038)
		const { award } = await repWithAward(expiresAt)
		await prisma.awardStatusChange.create({ data: { awardId: award.id, kind: 'revoked', reason: 'Policy breach on site', actorId, at: days(expiresAt, -90) } })
		expect(await writeExpiryReminders({ at: days(expiresAt, -45) })).toEqual({ written: 0 })
		expect(await writeExpiryReminders({ at: days(expiresAt, -2) })).toEqual({ written: 0 })

		await prisma.awardStatusChange.create({ data: { awardId: award.id, kind: 'reinstated', reason: 'Investigation closed', actorId, at: days(expiresAt, -1) } })
		expect(await writeExpiryReminders({ at: expiresAt })).toEqual({ written: 1 })
		expect(await milestonesOf(award.id)).toEqual(['expired'])
	})

	test('a revocation after the run does not stop a reminder already due', async () => {
		const expiresAt = expiryIn(2040)
		const { award } = await repWithAward(expiresAt)
		await prisma.awardStatusChange.create({ data: { awardId: award.id, kind: 'revoked', reason: 'Policy breach on site', actorId, at: days(expiresAt, -10) } })
		expect(await writeExpiryReminders({ at: days(expiresAt, -20) })).toEqual({ written: 1 })
		expect(await writeExpiryReminders({ at: days(expiresAt, -5) })).toEqual({ written: 0 })
		expect(await milestonesOf(award.id)).toEqual(['30d'])
	})

	test('an award superseded by a renewal gets no further reminders', async () => {
		const expiresAt = expiryIn(2042)
		const { person, award } = await repWithAward(expiresAt)
		expect(await writeExpiryReminders({ at: days(expiresAt, -45) })).toEqual({ written: 1 })

		const renewal = await createAward({ personId: person.id, issuedAt: days(expiresAt, -20), expiresAt: days(expiresAt, 365) })
		expect(await writeExpiryReminders({ at: days(expiresAt, -5) })).toEqual({ written: 0 })
		expect(await writeExpiryReminders({ at: expiresAt })).toEqual({ written: 0 })
		expect(await milestonesOf(award.id)).toEqual(['60d'])
		expect(await milestonesOf(renewal.id)).toEqual([])
	})

	test('a renewal issued after the run does not cancel a reminder already due', async () => {
		const expiresAt = expiryIn(2044)
		const { person, award } = await repWithAward(expiresAt)
		await createAward({ personId: person.id, issuedAt: days(expiresAt, -3), expiresAt: days(expiresAt, 365) })
		expect(await writeExpiryReminders({ at: days(expiresAt, -6) })).toEqual({ written: 1 })
		expect(await milestonesOf(award.id)).toEqual(['7d'])
	})

	test('people who have left get no reminder; someone leaving later still does', async () => {
		const expiresAt = expiryIn(2046)
		const at = days(expiresAt, -5)
		const left = await repWithAward(expiresAt, { leftAt: days(at, -1) })
		const leavingAtRun = await repWithAward(expiresAt, { leftAt: at })
		const leavingLater = await repWithAward(expiresAt, { leftAt: days(at, 1) })
		expect(await writeExpiryReminders({ at })).toEqual({ written: 1 })
		expect(await milestonesOf(left.award.id)).toEqual([])
		expect(await milestonesOf(leavingAtRun.award.id)).toEqual([])
		expect(await milestonesOf(leavingLater.award.id)).toEqual(['7d'])
	})

	test('an award issued after the run is not reminded about yet', async () => {
		const expiresAt = expiryIn(2048)
		const person = await createTestPerson()
		const award = await createAward({ personId: person.id, issuedAt: days(expiresAt, -10), expiresAt })
		expect(await writeExpiryReminders({ at: days(expiresAt, -11) })).toEqual({ written: 0 })
		expect(await writeExpiryReminders({ at: days(expiresAt, -10) })).toEqual({ written: 1 })
		expect(await milestonesOf(award.id)).toEqual(['30d'])
	})

	test('each queued reminder is audited', async () => {
		const at = days(expiryIn(2050), -20)
		const first = await repWithAward(days(at, 25))
		const second = await repWithAward(days(at, -1))
		expect(await writeExpiryReminders({ at })).toEqual({ written: 2 })

		const reminders = await prisma.notification.findMany({ where: { awardId: { in: [first.award.id, second.award.id] } }, select: { id: true, personId: true, awardId: true, milestone: true } })
		expect(reminders).toHaveLength(2)
		for (const reminder of reminders) {
			const events = await prisma.auditEvent.findMany({ where: { action: 'notification.queued', subjectId: reminder.id } })
			expect(events).toHaveLength(1)
			expect(events[0]).toMatchObject({ at, actorType: 'system', actorId: 'reminders', subjectType: 'notification' })
			expect(JSON.parse(events[0]!.details)).toEqual({ personId: reminder.personId, awardId: reminder.awardId, milestone: reminder.milestone })
		}
		expect(reminders.map((r) => r.milestone).sort()).toEqual(['30d', 'expired'])

		const audited = await prisma.auditEvent.count({ where: { action: 'notification.queued' } })
		expect(await writeExpiryReminders({ at })).toEqual({ written: 0 })
		expect(await prisma.auditEvent.count({ where: { action: 'notification.queued' } })).toBe(audited)
	})

	test('runs at once write each reminder once, audited once, and none of them fails', async () => {
		const at = days(expiryIn(2058), -20)
		const reps = []
		for (const daysLeft of [-3, 2, 9, 25, 45, 55]) reps.push(await repWithAward(days(at, daysLeft)))

		const runs = await Promise.all(Array.from({ length: 4 }, () => writeExpiryReminders({ at })))
		expect(runs.reduce((sum, run) => sum + run.written, 0)).toBe(reps.length)
		const reminders = await prisma.notification.findMany({ where: { awardId: { in: reps.map((r) => r.award.id) } }, select: { id: true, milestone: true } })
		expect(reminders.map((r) => r.milestone).sort()).toEqual(['30d', '30d', '60d', '60d', '7d', 'expired'])
		expect(await prisma.auditEvent.count({ where: { action: 'notification.queued', subjectId: { in: reminders.map((r) => r.id) } } })).toBe(reps.length)
	})
})

describe('deliverNotifications', () => {
	function fakeSender(channel = 'fake') {
		const sent: Array<{ to: string; title: string; body: string }> = []
		const sender: NotificationSender = {
			channel,
			async send(message) {
				sent.push(message)
			},
		}
		return { sender, sent }
	}

	async function leaversWithPending(at: Date) {
		const pending = await prisma.notification.findMany({ where: { deliveredAt: null }, select: { personId: true } })
		return prisma.person.count({ where: { id: { in: pending.map((n) => n.personId) }, leftAt: { lte: at } } })
	}

	test('a notification for someone who has left is closed unsent', async () => {
		const at = days(expiryIn(2056), -20)
		await deliverNotifications({ sender: fakeSender().sender, at })
		const { person, award } = await repWithAward(days(at, 5))
		await writeExpiryReminders({ at })
		await prisma.person.update({ where: { id: person.id }, data: { leftAt: days(at, 1) } })
		const { sender, sent } = fakeSender()
		await deliverNotifications({ sender, at: days(at, 2) })
		expect(sent.filter((m) => m.to === person.email)).toEqual([])
		expect(await prisma.notification.findUniqueOrThrow({ where: { awardId_milestone: { awardId: award.id, milestone: '7d' } } })).toMatchObject({ deliveredAt: days(at, 2), deliveryChannel: 'not-sent:person-left' })
	})

	test('delivers each queued notification once and marks it delivered', async () => {
		const at = days(expiryIn(2052), -20)
		const { person, award } = await repWithAward(days(at, 5))
		await writeExpiryReminders({ at })
		const deliveredAt = days(at, 1)
		// Notifications of people who have left by then are closed unsent, not delivered.
		const pending = await prisma.notification.count({ where: { deliveredAt: null, } }) - (await leaversWithPending(deliveredAt))

		const { sender, sent } = fakeSender()
		expect(await deliverNotifications({ sender, at: deliveredAt })).toEqual({ delivered: pending })
		expect(sent).toHaveLength(pending)
		const reminder = await prisma.notification.findUniqueOrThrow({ where: { awardId_milestone: { awardId: award.id, milestone: '7d' } } })
		expect(reminder).toMatchObject({ deliveredAt, deliveryChannel: 'fake' })
		expect(sent.filter((m) => m.to === person.email)).toEqual([{ to: person.email, title: reminder.title, body: reminder.body }])
		expect(await prisma.notification.count({ where: { deliveredAt: null } })).toBe(0)

		expect(await deliverNotifications({ sender, at: days(at, 2) })).toEqual({ delivered: 0 })
		expect(sent).toHaveLength(pending)
		expect(await prisma.notification.findUniqueOrThrow({ where: { id: reminder.id } })).toMatchObject({ deliveredAt, deliveryChannel: 'fake' })
	})

	test('a failed send leaves the notification queued for the next delivery', async () => {
		const at = days(expiryIn(2054), -20)
		await deliverNotifications({ sender: fakeSender().sender, at })
		const { award } = await repWithAward(days(at, 5))
		await writeExpiryReminders({ at })

		const failing: NotificationSender = {
			channel: 'broken',
			send: () => Promise.reject(new Error('mail server down')),
		}
		await expect(deliverNotifications({ sender: failing, at })).rejects.toThrow('mail server down')
		const key = { awardId_milestone: { awardId: award.id, milestone: '7d' } }
		expect(await prisma.notification.findUniqueOrThrow({ where: key })).toMatchObject({ deliveredAt: null, deliveryChannel: null })

		const { sender, sent } = fakeSender()
		expect(await deliverNotifications({ sender, at: days(at, 1) })).toEqual({ delivered: 1 })
		expect(sent).toHaveLength(1)
		expect(await prisma.notification.findUniqueOrThrow({ where: key })).toMatchObject({ deliveredAt: days(at, 1), deliveryChannel: 'fake' })
	})

	test('two deliveries that overlap send each notification once', async () => {
		const at = days(expiryIn(2060), -20)
		const reps = []
		for (const daysLeft of [3, 5, 40]) reps.push(await repWithAward(days(at, daysLeft)))
		await writeExpiryReminders({ at })
		const pending = (await prisma.notification.count({ where: { deliveredAt: null } })) - (await leaversWithPending(at))

		const other = fakeSender('other')
		let otherDelivery: Promise<{ delivered: number }> | undefined
		const sent: Array<{ to: string; title: string; body: string }> = []
		const sender: NotificationSender = {
			channel: 'this',
			async send(message) {
				// The other delivery (another instance's) starts, and finishes, while this one is sending
				// its first message: both found the same notifications pending.
				otherDelivery ??= deliverNotifications({ sender: other.sender, at })
				await otherDelivery
				sent.push(message)
			},
		}
		const { delivered } = await deliverNotifications({ sender, at })
		expect(delivered + (await otherDelivery!).delivered).toBe(pending)
		expect(sent).toHaveLength(delivered)
		expect(other.sent).toHaveLength(pending - delivered)
		expect(other.sent.length).toBeGreaterThan(0)
		for (const { person } of reps) expect([...sent, ...other.sent].filter((m) => m.to === person.email)).toHaveLength(1)
		expect(await prisma.notification.count({ where: { deliveredAt: at, deliveryChannel: 'this' } })).toBe(delivered)
		expect(await prisma.notification.count({ where: { deliveredAt: at, deliveryChannel: 'other' } })).toBe(pending - delivered)
		expect(await prisma.notification.count({ where: { deliveredAt: null } })).toBe(0)
	})

	test('the log sender prints the message instead of sending it', async () => {
		const log = vi.spyOn(console, 'log').mockImplementation(() => {})
		await logSender.send({ to: 'rep@example.com', title: 'Secure service foundations has expired', body: 'Recertify now.' })
		expect(logSender.channel).toBe('log')
		expect(log).toHaveBeenCalledTimes(1)
		expect(log).toHaveBeenCalledWith('To: rep@example.com\nSubject: Secure service foundations has expired\n\nRecertify now.\n')
	})
})

describe('one reminders run per day, however many instances start it', () => {
	const HOUR_MS = 3_600_000
	const staleAfterMs = HOUR_MS
	const claim = (holder: string, at: Date) => claimRun({ job: 'reminders', period: utcDay(at), holder, at, staleAfterMs })

	test('the first claim of a day runs it; the others are told who has it, also once it finished', async () => {
		const at = new Date('2031-03-04T02:00:00Z')
		expect(await claim('a:1', at)).toEqual({ claimed: true })
		expect(await claim('b:2', ms(at, 1))).toEqual({ claimed: false, holder: 'a:1', startedAt: at, finishedAt: null })

		await finishRun({ job: 'reminders', period: '2031-03-04', holder: 'a:1', at: ms(at, 5000) })
		expect(await claim('b:2', new Date('2031-03-04T23:59:59.999Z'))).toEqual({ claimed: false, holder: 'a:1', startedAt: at, finishedAt: ms(at, 5000) })
		expect(await claim('b:2', new Date('2031-03-05T00:00:00Z'))).toEqual({ claimed: true })
	})

	test('of many instances claiming at once, one gets the day', async () => {
		const at = new Date('2031-04-01T02:00:00Z')
		const claims = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((host, i) => claim(`${host}:${i}`, ms(at, i))))
		expect(claims.filter((c) => c.claimed)).toHaveLength(1)
		const { holder } = await prisma.scheduledRun.findUniqueOrThrow({ where: { job_period: { job: 'reminders', period: '2031-04-01' } } })
		expect(claims.flatMap((c) => (c.claimed ? [] : [c.holder]))).toEqual(Array(5).fill(holder))
	})

	test('a run that never finished is taken over once stale, by one instance; its late finish changes nothing', async () => {
		const at = new Date('2031-05-06T02:00:00Z')
		expect(await claim('a:1', at)).toEqual({ claimed: true })
		expect(await claim('b:2', ms(at, staleAfterMs))).toMatchObject({ claimed: false, holder: 'a:1', finishedAt: null })

		const later = ms(at, staleAfterMs + 1)
		const takeovers = await Promise.all([claim('b:2', later), claim('c:3', later), claim('d:4', later)])
		expect(takeovers.filter((c) => c.claimed)).toHaveLength(1)
		const run = await prisma.scheduledRun.findUniqueOrThrow({ where: { job_period: { job: 'reminders', period: '2031-05-06' } } })
		expect(run).toMatchObject({ startedAt: later, finishedAt: null })
		expect(run.holder).not.toBe('a:1')

		await finishRun({ job: 'reminders', period: '2031-05-06', holder: 'a:1', at: ms(later, 10) })
		expect(await prisma.scheduledRun.findUniqueOrThrow({ where: { job_period: { job: 'reminders', period: '2031-05-06' } } })).toMatchObject({ holder: run.holder, finishedAt: null })
		await finishRun({ job: 'reminders', period: '2031-05-06', holder: run.holder, at: ms(later, 20) })
		expect(await claim('e:5', ms(later, 10 * staleAfterMs))).toMatchObject({ claimed: false, holder: run.holder, finishedAt: ms(later, 20) })
	})
})
