import { availableParallelism } from 'node:os'
import { type Prisma } from '#app/generated/prisma/client.ts'
import { databaseUrlOf, type Db } from '#app/utils/db.server.ts'
import { ThreadClient } from '#app/utils/threads.server.ts'
import { type ThreadQuery } from './readiness-query-thread.server.ts'

/** More threads than cores would only take turns; the main thread waits meanwhile. */
export const readinessThreadCount = Math.min(2, availableParallelism())

/** A query thread with its own read-only connection to the database. */
const newQueryThread = (databaseUrl: string) =>
	new ThreadClient<ThreadQuery, unknown[]>({ modulePath: 'app/readiness/readiness-query-thread.server.ts', run: 'runReadinessQueryThread', data: { databaseUrl }, name: 'readiness query' })

const pools = new Map<string, Array<ThreadClient<ThreadQuery, unknown[]>>>()

function poolFor(db: Db) {
	const databaseUrl = databaseUrlOf(db)
	let pool = pools.get(databaseUrl)
	if (!pool) pools.set(databaseUrl, (pool = Array.from({ length: readinessThreadCount }, () => newQueryThread(databaseUrl))))
	return pool
}

/** Starts the database's query threads now (the server does at boot): loading them takes a few seconds. Settles once they have loaded. */
export async function startReadinessThreads(db: Db) {
	if (readinessThreadCount < 2) return
	await Promise.all(poolFor(db).map((thread) => thread.start()))
}

/**
 * Runs read-only statements concurrently, each on the least busy of the database's query
 * threads, and answers their rows in the same order. The caller's thread is free meanwhile.
 */
export function queryOnThreads(db: Db, statements: Prisma.Sql[]) {
	const threads = poolFor(db)
	return Promise.all(
		statements.map((statement) => threads.reduce((least, thread) => (thread.pending < least.pending ? thread : least)).request({ strings: statement.strings, values: statement.values })),
	)
}
