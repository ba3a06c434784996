// `npm run reminders`: queues expiry reminders (idempotent), then delivers them if a channel is set.
// REMINDER_DELIVERY=log prints each message; unset, reminders are only shown in the app.
// Runs once per UTC day, however many app instances' cron start it: the others stop at once.
import { hostname } from 'node:os'
import { deliverNotifications, logSender, writeExpiryReminders } from '#app/certification/reminders.server.ts'
import { claimRun, finishRun, utcDay } from '#app/scheduling/scheduled-runs.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { migrateForCli } from './cli-database.ts'

// A run still unfinished after this is taken to have died. Taking over one that is only slow is
// harmless: two runs at once queue each reminder once and deliver each once.
const STALE_AFTER_MS = 60 * 60 * 1000

await migrateForCli()
const at = new Date()
const run = { job: 'reminders', period: utcDay(at), holder: `${hostname()}:${process.pid}` }
const claim = await claimRun({ ...run, at, staleAfterMs: STALE_AFTER_MS })
if (claim.claimed) {
	const { written } = await writeExpiryReminders({ at })
	console.log(`Queued ${written} new reminder${written === 1 ? '' : 's'}.`)
	if (process.env.REMINDER_DELIVERY === 'log') {
		const { delivered } = await deliverNotifications({ sender: logSender, at })
		console.log(`Delivered ${delivered} notification${delivered === 1 ? '' : 's'} to the log.`)
	}
	await finishRun({ ...run, at: new Date() })
} else {
	console.log(`The reminders for ${run.period} ${claim.finishedAt ? 'already ran' : 'are running'} on ${claim.holder}.`)
}
await prisma.$disconnect()
