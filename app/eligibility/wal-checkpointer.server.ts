import { parentPort } from 'node:worker_threads'
import { createPrismaClient, type Db } from '#app/utils/db.server.ts'
import { announceLoaded, startThread, whenLoaded } from '#app/utils/threads.server.ts'

// SQLite only, like the rest of its WAL mode: PostgreSQL checkpoints by itself, and this file
// goes with the SQLite adapter.

// Past this many pages the log is restarted (about 8 MB), holding the writer for a moment.
const RESTART_AT_PAGES = 2_000
// How long a restart may wait for readers, holding the writer meanwhile; then it is left for a later pass.
const RESTART_WAIT_MS = 20
// At most one pass this often: a pass after every commit (a thousand a second under load) cost the
// writer about a fifth of its commit time (commit p50 0.45 ms against 0.35 ms, 5,000-rep bench).
const PASS_INTERVAL_MS = 50
// Should this thread stop, the writer still checkpoints by itself past this many pages.
export const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000

/**
 * SQLite copies its write-ahead log back into the database (a checkpoint) on the connection that
 * commits, every 1,000 pages by default. For the evidence writer that meant a stall of tens of
 * milliseconds every ten commits or so, which every request in flight waited out: on the
 * 50,000-rep bench workforce, commit p95 was about 50 ms with it and 7 ms without. So a thread
 * of its own checkpoints after the writer's commits, alongside it; the writer's own checkpoints
 * start only at FALLBACK_AUTOCHECKPOINT_PAGES.
 */
export async function startWalCheckpointer(databaseUrl: string) {
	const thread = startThread('app/eligibility/wal-checkpointer.server.ts', 'runWalCheckpointer', { databaseUrl })
	thread.on('error', (error) => console.error('The WAL checkpointer stopped; the evidence writer will checkpoint by itself.', error))
	// Loading it takes CPU for a second: done before the server takes requests, not during the first ones.
	await whenLoaded(thread).catch(() => {})
	thread.unref()
	return thread
}

/**
 * One checkpoint pass, alongside the writer; once the log has grown long it is also restarted
 * (which holds the writer briefly). Returns the log's length in pages before the pass, or -1
 * when another connection was checkpointing.
 */
export async function checkpointWal(db: Db) {
	const [result] = await db.$queryRawUnsafe<Array<{ log: bigint }>>('PRAGMA wal_checkpoint(PASSIVE)')
	const pages = Number(result?.log ?? 0)
	if (pages > RESTART_AT_PAGES) await db.$queryRawUnsafe('PRAGMA wal_checkpoint(RESTART)')
	return pages
}

/** The checkpointer thread: a pass after each commit it hears of, commits during a pass coalesced into one more. */
export async function runWalCheckpointer({ databaseUrl }: { databaseUrl: string }) {
	const db = createPrismaClient(databaseUrl)
	// A long read (a readiness report) must not hold the evidence writer up through a restart.
	await db.$queryRawUnsafe(`PRAGMA busy_timeout = ${RESTART_WAIT_MS}`)
	let running = false
	let again = false
	const pass = async () => {
		running = true
		try {
			do {
				again = false
				await checkpointWal(db)
				// Commits during the pause are covered by one more pass after it.
				await new Promise((resolve) => setTimeout(resolve, PASS_INTERVAL_MS))
			} while (again)
		} finally {
			running = false
		}
	}
	parentPort!.on('message', () => {
		if (running) again = true
		else pass().catch((error: unknown) => console.error('A WAL checkpoint failed; the next commit tries again.', error))
	})
	announceLoaded()
}
