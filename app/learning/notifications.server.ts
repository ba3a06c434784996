import { prisma, type Db } from '#app/utils/db.server.ts'

/** Marks one of the person's own notifications read; another person's is left untouched. */
export async function markNotificationRead({ notificationId, personId, at }: { notificationId: string; personId: string; at: Date }, db: Db = prisma) {
	const { count } = await db.notification.updateMany({ where: { id: notificationId, personId, readAt: null }, data: { readAt: at } })
	return { updated: count === 1 }
}
