// `npm run reminders`: queues expiry reminders (idempotent), then delivers them if a channel is set.
// REMINDER_DELIVERY=log prints each message; unset, reminders are only shown in the app.
import { deliverNotifications, logSender, writeExpiryReminders } from '#app/certification/reminders.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { migrateForCli } from './cli-database.ts'

migrateForCli()
const at = new Date()
const { written } = await writeExpiryReminders({ at })
console.log(`Queued ${written} new reminder${written === 1 ? '' : 's'}.`)
if (process.env.REMINDER_DELIVERY === 'log') {
	const { delivered } = await deliverNotifications({ sender: logSender, at })
	console.log(`Delivered ${delivered} notification${delivered === 1 ? '' : 's'} to the log.`)
}
await prisma.$disconnect()
