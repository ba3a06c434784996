import { type Worker } from 'node:worker_threads'
import { prisma, type Db } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { EvidenceWriter, type EvidenceAck, type EvidenceRequest, type EvidenceRow } from './evidence-writer.server.ts'
import { startThread } from '#app/utils/threads.server.ts'

export { type EvidenceRow } from './evidence-writer.server.ts'

type Waiter = { resolve: () => void; reject: (error: Error) => void }

/**
 * The app's evidence is written on a thread of its own, with its own connection. SQLite's calls
 * block: on the main thread, inserting and committing the evidence (fsync, checkpoints) took
 * about a third of its time and stalled every request in flight meanwhile (profiled on the
 * 50,000-rep bench workforce). Callers still wait until their checks are committed.
 */
class EvidenceThread {
	private worker: Worker | null = null
	private waiting = new Map<number, Waiter>()
	private outbox: EvidenceRequest[] = []
	private lastId = 0

	constructor(private readonly databaseUrl: string) {}

	record(rows: EvidenceRow[]) {
		const id = ++this.lastId
		return new Promise<void>((resolve, reject) => {
			this.waiting.set(id, { resolve, reject })
			// Checks decided together after one grouped read go to the thread as one message.
			if (this.outbox.length === 0) queueMicrotask(() => this.send())
			this.outbox.push({ id, rows })
		})
	}

	/** Starts the thread ahead of the first check, which would otherwise wait for it to load. */
	start() {
		const worker = this.worker ?? this.spawn()
		if (this.waiting.size === 0) worker.unref()
	}

	private send() {
		const worker = this.worker ?? this.spawn()
		// Keeps the process alive until the thread has answered; idle, it must not.
		worker.ref()
		worker.postMessage(this.outbox.splice(0) satisfies EvidenceRequest[])
	}

	private spawn() {
		const worker = startThread('app/eligibility/evidence-thread.server.ts', 'runEvidenceThread', { databaseUrl: this.databaseUrl })
		worker.on('message', (acks: EvidenceAck[]) => {
			for (const { id, error } of acks) this.settle(id, error)
		})
		worker.on('error', (error) => this.stopped(worker, error))
		worker.on('exit', (code) => this.stopped(worker, new Error(`The evidence writer thread exited with code ${code}.`)))
		this.worker = worker
		return worker
	}

	private settle(id: number, error: string | undefined) {
		const waiter = this.waiting.get(id)
		this.waiting.delete(id)
		if (error === undefined) waiter?.resolve()
		else waiter?.reject(new Error(`Recording eligibility evidence failed: ${error}`))
		if (this.waiting.size === 0) this.worker?.unref()
	}

	/** Everyone waiting on a thread that died is told; the next record starts a new one. */
	private stopped(worker: Worker, error: Error) {
		if (this.worker !== worker) return
		this.worker = null
		for (const waiter of this.waiting.values()) waiter.reject(error)
		this.waiting.clear()
	}
}

let appThread: EvidenceThread | undefined
const inProcessWriters = new WeakMap<Db, EvidenceWriter>()

const evidenceThread = () => (appThread ??= new EvidenceThread(getEnv().DATABASE_URL))

/** Starts the app's evidence writer thread now (the server does at boot). */
export function startEvidenceThread() {
	evidenceThread().start()
}

function writerFor(db: Db) {
	if (db === prisma) return evidenceThread()
	// Another database (a script's own client): write on this thread, through that client.
	let writer = inProcessWriters.get(db)
	if (!writer) inProcessWriters.set(db, (writer = new EvidenceWriter(db)))
	return writer
}

/** Stores each decision exactly as answered, with the awards it relied on, and audits it. */
export function recordChecks(rows: EvidenceRow[], db: Db) {
	if (rows.length === 0) return Promise.resolve()
	return writerFor(db).record(rows)
}
