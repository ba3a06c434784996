import { Prisma } from '#app/generated/prisma/client.ts'
import { createReadOnlyPrismaClient } from '#app/utils/db.server.ts'
import { serveRequests } from '#app/utils/threads.server.ts'

/** A query built with Prisma.sql, as its parts cross to the thread: text pieces and bound values. */
export type ThreadQuery = { strings: string[]; values: unknown[] }

/**
 * A readiness query thread (started by readiness-threads.server.ts): runs the queries its parent
 * posts on a connection of its own that may only read.
 */
export async function runReadinessQueryThread({ databaseUrl }: { databaseUrl: string }) {
	const db = await createReadOnlyPrismaClient(databaseUrl)
	// Rebuilt as the Prisma.Sql it was, values bind exactly as on the main thread.
	serveRequests(({ strings, values }: ThreadQuery) => db.$queryRaw<unknown[]>(new Prisma.Sql(strings, values)))
}
