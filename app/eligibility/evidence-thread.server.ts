import { createPrismaClient } from '#app/utils/db.server.ts'
import { serveRequests } from '#app/utils/threads.server.ts'
import { EvidenceWriter, type EvidenceRow } from './evidence-writer.server.ts'
import { startWalCheckpointer } from './wal-checkpointer.server.ts'

/** The evidence writer thread (started by evidence.server.ts): group commits on a connection of its own. */
export async function runEvidenceThread({ databaseUrl }: { databaseUrl: string }) {
	const db = createPrismaClient(databaseUrl)
	const checkpointer = await startWalCheckpointer(db, databaseUrl)
	const writer = new EvidenceWriter(db, { afterCommit: () => checkpointer.postMessage('committed') })
	serveRequests((rows: EvidenceRow[]) => writer.record(rows))
}
