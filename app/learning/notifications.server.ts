import { appendAuditEvent } from '#app/audit/audit-log.server.ts'
import { prisma, type Db } from '#app/utils/db.server.ts'

/** Marks one of the person's own notices read (another person's is left untouched); the first read is audited (a notice can tell a rep their certificate is at stake), a repeat changes nothing. */
export async function markNotificationRead({ notificationId, personId, at }: { notificationId: string; personId: string; at: Date }, db: Db = prisma) {
	return db.$transaction(async (tx) => {
		const { count } = await tx.notification.updateMany({ where: { id: notificationId, personId, readAt: null }, data: { readAt: at } })
		if (count === 1) await appendAuditEvent(tx, { actor: { type: 'person', id: personId }, action: 'notification.read', subject: { type: 'notification', id: notificationId }, details: {}, at })
		return { updated: count === 1 }
	})
}
