import { availableParallelism } from 'node:os'
import { type Worker } from 'node:worker_threads'
import { type Prisma } from '#app/generated/prisma/client.ts'
import { databaseUrlOf, type Db } from '#app/utils/db.server.ts'
import { startThread } from '#app/utils/threads.server.ts'
import { type ThreadAnswer, type ThreadQuery } from './readiness-query-thread.server.ts'

/** More threads than cores would only take turns; the main thread waits meanwhile. */
export const readinessThreadCount = Math.min(2, availableParallelism())

type Waiter = { resolve: (rows: unknown[]) => void; reject: (error: Error) => void }

/** One query thread with its own read-only connection; started when first needed, restarted if it dies. */
class QueryThread {
	private worker: Worker | null = null
	private waiting = new Map<number, Waiter>()
	private lastId = 0

	constructor(private readonly databaseUrl: string) {}

	get pending() {
		return this.waiting.size
	}

	/** Starts the thread ahead of the first query, which would otherwise wait for it to load. */
	start() {
		const worker = this.worker ?? this.spawn()
		if (this.waiting.size === 0) worker.unref()
	}

	query(statement: Prisma.Sql) {
		const id = ++this.lastId
		return new Promise<unknown[]>((resolve, reject) => {
			this.waiting.set(id, { resolve, reject })
			const worker = this.worker ?? this.spawn()
			// Keeps the process alive until the thread has answered; idle, it must not.
			worker.ref()
			worker.postMessage({ id, strings: statement.strings, values: statement.values } satisfies ThreadQuery)
		})
	}

	private spawn() {
		const worker = startThread('app/readiness/readiness-query-thread.server.ts', 'runReadinessQueryThread', { databaseUrl: this.databaseUrl })
		worker.on('message', (answer: ThreadAnswer) => this.settle(answer))
		worker.on('error', (error) => this.stopped(worker, error))
		worker.on('exit', (code) => this.stopped(worker, new Error(`A readiness query thread exited with code ${code}.`)))
		this.worker = worker
		return worker
	}

	private settle(answer: ThreadAnswer) {
		const waiter = this.waiting.get(answer.id)
		this.waiting.delete(answer.id)
		if ('rows' in answer) waiter?.resolve(answer.rows)
		else waiter?.reject(new Error(`A readiness query failed: ${answer.error}`))
		if (this.waiting.size === 0) this.worker?.unref()
	}

	/** Everyone waiting on a thread that died is told; the next query starts a new one. */
	private stopped(worker: Worker, error: Error) {
		if (this.worker !== worker) return
		this.worker = null
		for (const waiter of this.waiting.values()) waiter.reject(error)
		this.waiting.clear()
	}
}

const pools = new Map<string, QueryThread[]>()

function poolFor(db: Db) {
	const databaseUrl = databaseUrlOf(db)
	let pool = pools.get(databaseUrl)
	if (!pool) pools.set(databaseUrl, (pool = Array.from({ length: readinessThreadCount }, () => new QueryThread(databaseUrl))))
	return pool
}

/** Starts the database's query threads now (the server does at boot): loading them takes a few seconds. */
export function startReadinessThreads(db: Db) {
	if (readinessThreadCount < 2) return
	for (const thread of poolFor(db)) thread.start()
}

/**
 * Runs read-only statements concurrently, each on the least busy of the database's query
 * threads, and answers their rows in the same order. The caller's thread is free meanwhile.
 */
export function queryOnThreads(db: Db, statements: Prisma.Sql[]) {
	const threads = poolFor(db)
	return Promise.all(
		statements.map((statement) => threads.reduce((least, thread) => (thread.pending < least.pending ? thread : least)).query(statement)),
	)
}
