import { sqliteFilePath } from '#app/utils/database-url.ts'
import { serveRequests } from '#app/utils/threads.server.ts'
import { type EvidenceRow, type EvidenceSync } from './eligibility-store.server.ts'
import { openSqliteEvidenceStore } from './eligibility-store.sqlite.server.ts'
import { EvidenceWriter } from './evidence-writer.server.ts'
import { FALLBACK_AUTOCHECKPOINT_PAGES, startWalCheckpointer } from './wal-checkpointer.server.ts'

type EvidenceThreadData = { databaseUrl: string; synchronous: EvidenceSync }

/**
 * The SQLite evidence writer thread (started by evidence.server.ts): group commits on a connection
 * of its own. A check whose answer has gone out must survive a power cut: with synchronous=FULL
 * SQLite syncs the write-ahead log at every commit, and group commit spreads that sync over every
 * check waiting meanwhile.
 */
export async function runEvidenceThread({ databaseUrl, synchronous }: EvidenceThreadData) {
	const checkpointer = await startWalCheckpointer(databaseUrl)
	const store = openSqliteEvidenceStore(sqliteFilePath(databaseUrl), { synchronous, walAutocheckpointPages: FALLBACK_AUTOCHECKPOINT_PAGES })
	const writer = new EvidenceWriter(store, { afterCommit: () => checkpointer.postMessage('committed') })
	serveRequests((rows: EvidenceRow[]) => writer.record(rows))
}
