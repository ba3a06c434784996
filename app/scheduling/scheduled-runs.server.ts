import { prisma, type Db } from '#app/utils/db.server.ts'

/** The period of a daily job: the UTC calendar day of `at`, e.g. "2026-12-06". */
export const utcDay = (at: Date) => at.toISOString().slice(0, 10)

export type ScheduledRunKey = { job: string; period: string; holder: string }

/**
 * Claims the run of `job` for `period`: true for exactly one caller however many app instances
 * ask at once. A run that started more than `staleAfterMs` before `at` and never finished (its
 * instance died, or the job failed) is taken over by the next caller. Otherwise the answer says
 * who has the run, and whether it finished.
 */
export async function claimRun({ job, period, holder, at, staleAfterMs }: ScheduledRunKey & { at: Date; staleAfterMs: number }, db: Db = prisma) {
	// Not Prisma's create or upsert: on PostgreSQL, one of two inserts at once would fail.
	const inserted = await db.$executeRaw`INSERT INTO "ScheduledRun" ("job", "period", "holder", "startedAt") VALUES (${job}, ${period}, ${holder}, ${at}) ON CONFLICT ("job", "period") DO NOTHING`
	if (inserted === 1) return { claimed: true } as const
	// The condition holds on the row as the update finds it: of two instances taking over the same
	// stale run, the second sees the first's fresh start and takes nothing.
	const { count } = await db.scheduledRun.updateMany({ where: { job, period, finishedAt: null, startedAt: { lt: new Date(at.getTime() - staleAfterMs) } }, data: { holder, startedAt: at } })
	if (count === 1) return { claimed: true } as const
	const run = await db.scheduledRun.findUniqueOrThrow({ where: { job_period: { job, period } }, select: { holder: true, startedAt: true, finishedAt: true } })
	return { claimed: false, ...run } as const
}

/** Records that the run finished. A run taken over by another instance meanwhile is theirs to finish. */
export async function finishRun({ job, period, holder, at }: ScheduledRunKey & { at: Date }, db: Db = prisma) {
	await db.scheduledRun.updateMany({ where: { job, period, holder, finishedAt: null }, data: { finishedAt: at } })
}
