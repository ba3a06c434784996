import { createPrismaClient } from '#app/utils/db.server.ts'
import { type Env } from '#app/utils/env.server.ts'
import { serveRequests } from '#app/utils/threads.server.ts'
import { EvidenceWriter, type EvidenceRow } from './evidence-writer.server.ts'
import { startWalCheckpointer } from './wal-checkpointer.server.ts'

/**
 * The evidence writer thread (started by evidence.server.ts): group commits on a connection of its
 * own. With synchronous=FULL, SQLite syncs the write-ahead log at every commit, so a check whose
 * answer has gone out survives a power cut; group commit spreads that sync over every check
 * waiting meanwhile.
 */
export async function runEvidenceThread({ databaseUrl, synchronous }: { databaseUrl: string; synchronous: Env['EVIDENCE_SYNC'] }) {
	const db = createPrismaClient(databaseUrl)
	await db.$executeRawUnsafe(`PRAGMA synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`)
	const checkpointer = await startWalCheckpointer(db, databaseUrl)
	const writer = new EvidenceWriter(db, { afterCommit: () => checkpointer.postMessage('committed') })
	serveRequests((rows: EvidenceRow[]) => writer.record(rows))
}
