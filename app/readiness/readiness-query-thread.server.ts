import { parentPort } from 'node:worker_threads'
import { Prisma } from '#app/generated/prisma/client.ts'
import { createPrismaClient } from '#app/utils/db.server.ts'

/** A query built with Prisma.sql, as its parts cross to the thread: text pieces and bound values. */
export type ThreadQuery = { id: number; strings: string[]; values: unknown[] }
export type ThreadAnswer = { id: number; rows: unknown[] } | { id: number; error: string }

/**
 * A readiness query thread (started by readiness-threads.server.ts): runs the queries its parent
 * posts, one at a time, on a connection of its own that may only read.
 */
export async function runReadinessQueryThread({ databaseUrl }: { databaseUrl: string }) {
	const port = parentPort!
	const db = createPrismaClient(databaseUrl)
	// This SQLite connection refuses any write, whatever a statement says.
	await db.$executeRaw`PRAGMA query_only = ON`
	port.on('message', ({ id, strings, values }: ThreadQuery) => {
		// Rebuilt as the Prisma.Sql it was, values bind exactly as on the main thread.
		db.$queryRaw<unknown[]>(new Prisma.Sql(strings, values)).then(
			(rows) => port.postMessage({ id, rows } satisfies ThreadAnswer),
			(error: unknown) => port.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies ThreadAnswer),
		)
	})
}
