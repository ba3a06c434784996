import { randomUUID } from 'node:crypto'
import { appendAuditEvent } from '#app/audit/audit-log.server.ts'
import { isActiveAt } from '#app/people/people.server.ts'
import { prisma, type Db } from '#app/utils/db.server.ts'
import { asAwardChanges, withdrawalAt } from './status.ts'

const DAY_MS = 86_400_000

/** Reminder milestones, latest first: on expiry, then 7, 30 and 60 days before. */
export const reminderMilestones = [
	{ key: 'expired', daysBefore: 0 },
	{ key: '7d', daysBefore: 7 },
	{ key: '30d', daysBefore: 30 },
	{ key: '60d', daysBefore: 60 },
] as const

/** The latest milestone reached at `at`, or null when expiry is more than 60 days away. */
export function milestoneReached(expiresAt: Date, at: Date) {
	return reminderMilestones.find(({ daysBefore }) => at.getTime() >= expiresAt.getTime() - daysBefore * DAY_MS) ?? null
}

// An expiry older than this is not reminded about any more: the person has long been told.
const STALE_AFTER_DAYS = 30

function reminderText(milestone: string, certificationName: string, expiresAt: Date) {
	const date = expiresAt.toISOString().slice(0, 10)
	if (milestone === 'expired') return { title: `${certificationName} has expired`, body: `Your ${certificationName} certification expired on ${date}. You cannot be dispatched to work that requires it until you recertify.` }
	return { title: `${certificationName} expires on ${date}`, body: `Your ${certificationName} certification expires on ${date}. Renew it now: renewing early costs nothing, the new validity starts from the old expiry date.` }
}

/**
 * Writes one reminder per award and milestone into the outbox. Running it again, or twice at
 * once, writes nothing new; a run that missed earlier milestones writes only the latest one reached.
 */
export async function writeExpiryReminders({ at }: { at: Date }, db: Db = prisma) {
	const awards = await db.certificationAward.findMany({
		where: { expiresAt: { lte: new Date(at.getTime() + 60 * DAY_MS), gt: new Date(at.getTime() - STALE_AFTER_DAYS * DAY_MS) }, issuedAt: { lte: at } },
		select: {
			id: true,
			personId: true,
			certificationCode: true,
			issuedAt: true,
			expiresAt: true,
			person: { select: { leftAt: true } },
			changes: { select: { kind: true, at: true } },
		},
	})
	const certificationNames = new Map((await db.certification.findMany({ select: { code: true, name: true } })).map((c) => [c.code, c.name]))
	let written = 0
	for (const award of awards) {
		const milestone = milestoneReached(award.expiresAt, at)
		if (!milestone || !isActiveAt(award.person, at)) continue
		// None to a leaver, and none for a certification that is suspended or revoked.
		if (withdrawalAt({ changes: asAwardChanges(award.changes) }, at)) continue
		const renewed = await db.certificationAward.count({ where: { personId: award.personId, certificationCode: award.certificationCode, issuedAt: { gt: award.issuedAt, lte: at } } })
		if (renewed > 0) continue
		const exists = await db.notification.findUnique({ where: { awardId_milestone: { awardId: award.id, milestone: milestone.key } }, select: { id: true } })
		if (exists) continue
		const { title, body } = reminderText(milestone.key, certificationNames.get(award.certificationCode) ?? award.certificationCode, award.expiresAt)
		const id = randomUUID()
		const queued = await db.$transaction(async (tx) => {
			// Insert-or-nothing: when another run queues the same reminder at the same time, this one
			// writes nothing, where a plain insert would fail (and on PostgreSQL abort the transaction).
			const inserted = await tx.$executeRaw`INSERT INTO "Notification" ("id", "personId", "kind", "milestone", "awardId", "title", "body", "createdAt") VALUES (${id}, ${award.personId}, 'expiry_reminder', ${milestone.key}, ${award.id}, ${title}, ${body}, ${at}) ON CONFLICT ("awardId", "milestone") DO NOTHING`
			if (inserted === 0) return false
			await appendAuditEvent(tx, { actor: { type: 'system', id: 'reminders' }, action: 'notification.queued', subject: { type: 'notification', id }, details: { personId: award.personId, awardId: award.id, milestone: milestone.key }, at })
			return true
		})
		if (queued) written += 1
	}
	return { written }
}

/** A delivery channel for the outbox (email, chat, ...). No channel is needed to run FieldReady. */
export type NotificationSender = {
	channel: string
	send(message: { to: string; title: string; body: string }): Promise<void>
}

/** Prints messages instead of sending them: for development and for checking templates. */
export const logSender: NotificationSender = {
	channel: 'log',
	async send({ to, title, body }) {
		console.log(`To: ${to}\nSubject: ${title}\n\n${body}\n`)
	},
}

/**
 * Hands undelivered notifications to the sender, each marked delivered before it is sent: of two
 * deliveries running at once (two app instances), only the one whose mark lands sends it. A failed
 * send takes the mark back for the next delivery; a delivery that dies between mark and send loses
 * that message rather than risk sending it twice.
 */
export async function deliverNotifications({ sender, at }: { sender: NotificationSender; at: Date }, db: Db = prisma) {
	const pending = await db.notification.findMany({ where: { deliveredAt: null }, orderBy: { createdAt: 'asc' }, take: 1000, select: { id: true, personId: true, title: true, body: true } })
	const people = new Map((await db.person.findMany({ where: { id: { in: pending.map((n) => n.personId) } }, select: { id: true, email: true, leftAt: true } })).map((p) => [p.id, p]))
	let delivered = 0
	for (const notification of pending) {
		const person = people.get(notification.personId)!
		const active = isActiveAt(person, at)
		const { count } = await db.notification.updateMany({ where: { id: notification.id, deliveredAt: null }, data: { deliveredAt: at, deliveryChannel: active ? sender.channel : 'not-sent:person-left' } })
		// Someone who has left no longer gets mail from us; the notification is closed unsent.
		if (count === 0 || !active) continue
		try {
			await sender.send({ to: person.email, title: notification.title, body: notification.body })
		} catch (error) {
			await db.notification.update({ where: { id: notification.id }, data: { deliveredAt: null, deliveryChannel: null } })
			throw error
		}
		delivered += 1
	}
	return { delivered }
}

/** A manager nudges reps about their training: one in-app notification each, audited. */
export async function queueManagerReminders({ managerId, managerName, personIds, at }: { managerId: string; managerName: string; personIds: string[]; at: Date }, db: Db = prisma) {
	return db.$transaction(async (tx) => {
		for (const personId of personIds) {
			const notification = await tx.notification.create({
				data: {
					personId,
					kind: 'manager_reminder',
					title: 'Your manager asks you to bring your training up to date',
					body: `${managerName} asks you to complete the training your work requires. Open My training to see what to do next.`,
					createdAt: at,
				},
				select: { id: true },
			})
			await appendAuditEvent(tx, { actor: { type: 'person', id: managerId }, action: 'notification.queued', subject: { type: 'notification', id: notification.id }, details: { personId, kind: 'manager_reminder' }, at })
		}
		return { queued: personIds.length }
	})
}
