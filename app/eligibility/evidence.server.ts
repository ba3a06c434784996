import { databaseKind } from '#app/utils/database-url.ts'
import { databaseUrlOf, prisma, type Db } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { ThreadClient } from '#app/utils/threads.server.ts'
import { evidenceStoreFor, type EvidenceRow, type EvidenceStore } from './eligibility-store.server.ts'
import { EvidenceWriter } from './evidence-writer.server.ts'

export { type EvidenceRow } from './eligibility-store.server.ts'

/**
 * The app's evidence writer. On SQLite it runs on a thread of its own, with its own connection:
 * better-sqlite3's calls block, and on the main thread inserting and committing the evidence
 * (fsync, checkpoints) took about a third of its time and stalled every request in flight
 * meanwhile (profiled on the 50,000-rep bench workforce). Checks decided together after one
 * grouped read go to the thread as one message. On PostgreSQL pg's calls do not block, and the
 * writer runs on this thread: a hand-over to another thread and back would add two wake-ups to
 * every commit's latency. Either way callers wait until their checks are committed.
 */
const newEvidenceThread = (databaseUrl: string) =>
	new ThreadClient<EvidenceRow[], void>({ modulePath: 'app/eligibility/evidence-thread.server.ts', run: 'runEvidenceThread', data: { databaseUrl, synchronous: getEnv().EVIDENCE_SYNC }, name: 'evidence writer' })

let appThread: ThreadClient<EvidenceRow[], void> | undefined
const inProcessWriters = new WeakMap<EvidenceStore, EvidenceWriter>()

const writesOnThread = (db: Db) => db === prisma && databaseKind(databaseUrlOf(db)) === 'sqlite'
const evidenceThread = () => (appThread ??= newEvidenceThread(databaseUrlOf(prisma)))

/** Starts the app's evidence writer thread now where it has one (the server does at boot); settles once it has loaded. */
export async function startEvidenceThread() {
	if (writesOnThread(prisma)) await evidenceThread().start()
}

/** A writer on this thread, on a connection of its own to `db`'s database: the app's on PostgreSQL, or a script's for its own client. */
function inProcessWriter(db: Db) {
	const store = evidenceStoreFor(db, db === prisma ? getEnv().EVIDENCE_SYNC : 'full')
	let writer = inProcessWriters.get(store)
	if (!writer) inProcessWriters.set(store, (writer = new EvidenceWriter(store)))
	return writer
}

/** Stores each decision exactly as answered, with the awards it relied on, and seals it into the audit chain. */
export function recordChecks(rows: EvidenceRow[], db: Db) {
	if (rows.length === 0) return Promise.resolve()
	return writesOnThread(db) ? evidenceThread().request(rows) : inProcessWriter(db).record(rows)
}
