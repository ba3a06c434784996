import { databaseUrlOf, prisma, type Db } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { ThreadClient } from '#app/utils/threads.server.ts'
import { evidenceStoreFor, type EvidenceRow, type EvidenceStore } from './eligibility-store.server.ts'
import { EvidenceWriter } from './evidence-writer.server.ts'

export { type EvidenceRow } from './eligibility-store.server.ts'

/**
 * The app's evidence is written on a thread of its own, with its own connection. SQLite's calls
 * block: on the main thread, inserting and committing the evidence (fsync, checkpoints) took
 * about a third of its time and stalled every request in flight meanwhile (profiled on the
 * 50,000-rep bench workforce). Callers still wait until their checks are committed; checks
 * decided together after one grouped read go to the thread as one message.
 */
const newEvidenceThread = (databaseUrl: string) =>
	new ThreadClient<EvidenceRow[], void>({ modulePath: 'app/eligibility/evidence-thread.server.ts', run: 'runEvidenceThread', data: { databaseUrl, synchronous: getEnv().EVIDENCE_SYNC }, name: 'evidence writer' })

let appThread: ThreadClient<EvidenceRow[], void> | undefined
const inProcessWriters = new WeakMap<EvidenceStore, EvidenceWriter>()

const evidenceThread = () => (appThread ??= newEvidenceThread(databaseUrlOf(prisma)))

/** Starts the app's evidence writer thread now (the server does at boot); settles once it has loaded. */
export function startEvidenceThread() {
	return evidenceThread().start()
}

/** The writer for another database (a script's own client): on this thread, on a connection of its own to that database. */
function inProcessWriter(db: Db) {
	const store = evidenceStoreFor(db)
	let writer = inProcessWriters.get(store)
	if (!writer) inProcessWriters.set(store, (writer = new EvidenceWriter(store)))
	return writer
}

/** Stores each decision exactly as answered, with the awards it relied on, and seals it into the audit chain. */
export function recordChecks(rows: EvidenceRow[], db: Db) {
	if (rows.length === 0) return Promise.resolve()
	return db === prisma ? evidenceThread().request(rows) : inProcessWriter(db).record(rows)
}
