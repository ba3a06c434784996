import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parentPort, Worker } from 'node:worker_threads'
import { storageFailureOf } from './storage-failure.server.ts'

/** The project root, found from here whether this module runs from app/ or from the server build. */
function projectRoot() {
	let dir = path.dirname(fileURLToPath(import.meta.url))
	while (!existsSync(path.join(dir, 'package.json'))) {
		const parent = path.dirname(dir)
		if (parent === dir) throw new Error(`No package.json above ${fileURLToPath(import.meta.url)}`)
		dir = parent
	}
	return dir
}

/** Runs the exported function `run` of a TypeScript module of this project (path from the root) on a worker thread, with `data`. */
export function startThread<Data>(modulePath: string, run: string, data: Data) {
	const root = projectRoot()
	const module = pathToFileURL(path.join(root, modulePath)).href
	return new Worker(pathToFileURL(path.join(root, 'app', 'utils', 'typescript-thread.mjs')), { workerData: { module, run, data } })
}

/** What a thread posts once its module has loaded and it listens for requests. */
const READY = 'ready'

/** Called by a thread once it has loaded and listens: whoever started it may wait for this (see whenLoaded). */
export function announceLoaded() {
	parentPort!.postMessage(READY)
}

/** Settles once the thread has announced it has loaded; fails if it dies first. */
export function whenLoaded(worker: Worker) {
	return new Promise<void>((resolve, reject) => {
		const loaded = (message: unknown) => message === READY && done(resolve)
		const failed = (error: Error) => done(() => reject(error))
		const exited = (code: number) => failed(new Error(`The thread exited with code ${code} while loading.`))
		function done(settle: () => void) {
			worker.off('message', loaded).off('error', failed).off('exit', exited)
			settle()
		}
		worker.on('message', loaded).once('error', failed).once('exit', exited)
	})
}

/** Requests go to a thread, and replies come back, in arrays: all sent in one turn of the event loop travel as one message. */
type Envelope<Request> = { id: number; request: Request }
/** A failure crosses to the caller as its message and, when it has one, its code (SQLITE_FULL, ENOSPC…): callers decide by the code. */
type Outcome<Reply> = { id: number; reply: Reply } | { id: number; error: string; code?: string }

function failure(id: number, error: unknown): Outcome<never> {
	const own = (error as { code?: unknown } | null)?.code
	const code = storageFailureOf(error)?.code ?? (typeof own === 'string' ? own : undefined)
	return { id, error: error instanceof Error ? error.message : String(error), ...(code ? { code } : {}) }
}

type Waiter<Reply> = { resolve: (reply: Reply) => void; reject: (error: Error) => void }

/**
 * The caller's side of a worker thread that answers requests (see serveRequests): started when
 * first needed or by start(), restarted after it dies, and keeping the process alive only while
 * a reply is awaited.
 */
export class ThreadClient<Request, Reply> {
	private worker: Worker | null = null
	private loaded: Promise<void> = Promise.resolve()
	private waiting = new Map<number, Waiter<Reply>>()
	private outbox: Array<Envelope<Request>> = []
	private lastId = 0

	constructor(private readonly thread: { modulePath: string; run: string; data: unknown; name: string }) {}

	/** Requests awaiting a reply: how busy the thread is. */
	get pending() {
		return this.waiting.size
	}

	request(request: Request) {
		const id = ++this.lastId
		return new Promise<Reply>((resolve, reject) => {
			this.waiting.set(id, { resolve, reject })
			if (this.outbox.length === 0) queueMicrotask(() => this.send())
			this.outbox.push({ id, request })
		})
	}

	/** Starts the thread ahead of the first request, which would otherwise wait for it to load; settles once it has loaded. */
	start() {
		if (!this.worker) this.spawn()
		return this.loaded
	}

	private send() {
		const envelopes = this.outbox.splice(0)
		try {
			const worker = this.worker ?? this.spawn()
			worker.ref()
			worker.postMessage(envelopes)
		} catch (error) {
			// Nothing was sent (a request that cannot be copied to a thread): its callers are told.
			for (const { id } of envelopes) this.settle(failure(id, error))
		}
	}

	private spawn() {
		const worker = startThread(this.thread.modulePath, this.thread.run, this.thread.data)
		// A loading thread keeps the process alive, so start-up can wait for it; a loaded one only while a reply is awaited.
		this.loaded = whenLoaded(worker).then(() => {
			if (this.waiting.size === 0) worker.unref()
		})
		// Nobody need wait for the load: a failure also reaches every request's caller.
		this.loaded.catch(() => {})
		worker.on('message', (message: Array<Outcome<Reply>> | typeof READY) => {
			if (message === READY) return
			for (const outcome of message) this.settle(outcome)
		})
		worker.on('error', (error) => this.stopped(worker, error))
		worker.on('exit', (code) => this.stopped(worker, new Error(`The ${this.thread.name} thread exited with code ${code}.`)))
		this.worker = worker
		return worker
	}

	private settle(outcome: Outcome<Reply>) {
		const waiter = this.waiting.get(outcome.id)
		this.waiting.delete(outcome.id)
		if ('reply' in outcome) waiter?.resolve(outcome.reply)
		else waiter?.reject(Object.assign(new Error(`The ${this.thread.name} thread failed: ${outcome.error}`), outcome.code ? { code: outcome.code } : {}))
		if (this.waiting.size === 0) this.worker?.unref()
	}

	/** Everyone waiting on a thread that died is told; the next request starts a new one. */
	private stopped(worker: Worker, error: Error) {
		if (this.worker !== worker) return
		this.worker = null
		for (const waiter of this.waiting.values()) waiter.reject(error)
		this.waiting.clear()
	}
}

/** The thread's side of a ThreadClient: answers each request with `handle`, the replies of one turn in one message. */
export function serveRequests<Request, Reply>(handle: (request: Request) => Promise<Reply>) {
	const port = parentPort!
	const outcomes: Array<Outcome<Reply>> = []
	const flush = () => {
		const sending = outcomes.splice(0)
		try {
			port.postMessage(sending)
		} catch {
			// A reply that cannot be copied to the caller (a function, an object with methods) fails alone; the thread lives on.
			for (const outcome of sending) {
				try {
					port.postMessage([outcome])
				} catch (error) {
					port.postMessage([failure(outcome.id, new Error(`its reply could not be passed back (${error instanceof Error ? error.message : String(error)})`))])
				}
			}
		}
	}
	const reply = (outcome: Outcome<Reply>) => {
		if (outcomes.length === 0) queueMicrotask(flush)
		outcomes.push(outcome)
	}
	port.on('message', (envelopes: Array<Envelope<Request>>) => {
		for (const { id, request } of envelopes) {
			handle(request).then(
				(result) => reply({ id, reply: result }),
				(error: unknown) => reply(failure(id, error)),
			)
		}
	})
	announceLoaded()
}
