import { databaseKind } from '#app/utils/database-url.ts'
import { createPrismaClient } from '#app/utils/db.server.ts'
import { type Env } from '#app/utils/env.server.ts'
import { serveRequests } from '#app/utils/threads.server.ts'
import { EvidenceWriter, type EvidenceRow } from './evidence-writer.server.ts'
import { startWalCheckpointer } from './wal-checkpointer.server.ts'

type EvidenceThreadData = { databaseUrl: string; synchronous: Env['EVIDENCE_SYNC'] }

/**
 * The evidence writer thread (started by evidence.server.ts): group commits on a connection of its
 * own. A check whose answer has gone out must survive a power cut: SQLite with synchronous=FULL
 * syncs the write-ahead log at every commit, PostgreSQL with synchronous_commit=on (its default,
 * set here whatever the server's) flushes its WAL before the commit returns. Group commit spreads
 * that sync over every check waiting meanwhile.
 */
export async function runEvidenceThread({ databaseUrl, synchronous }: EvidenceThreadData) {
	const writer = databaseKind(databaseUrl) === 'postgresql' ? postgresWriter({ databaseUrl, synchronous }) : await sqliteWriter({ databaseUrl, synchronous })
	serveRequests((rows: EvidenceRow[]) => writer.record(rows))
}

const postgresWriter = ({ databaseUrl, synchronous }: EvidenceThreadData) =>
	new EvidenceWriter(createPrismaClient(databaseUrl, { postgresSettings: { synchronous_commit: synchronous === 'full' ? 'on' : 'off' } }))

async function sqliteWriter({ databaseUrl, synchronous }: EvidenceThreadData) {
	const db = createPrismaClient(databaseUrl)
	await db.$executeRawUnsafe(`PRAGMA synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`)
	const checkpointer = await startWalCheckpointer(db, databaseUrl)
	return new EvidenceWriter(db, { afterCommit: () => checkpointer.postMessage('committed') })
}
