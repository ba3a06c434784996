import { type IHttpService, type ResultObject } from 'scorm-again'

/** What the rep is told about saving; a failure is never silent. */
export type SaveState =
	| { kind: 'idle' }
	| { kind: 'saved' }
	| { kind: 'retrying'; message: string }
	| { kind: 'failed'; message: string }

export type LaunchedSco = { launchId: string; scoId: string; title: string; family: '1.2' | '2004'; launchUrl: string; cmi: Record<string, unknown> }

type Outcome = { ok: true } | { ok: false; retry: boolean; message: string }

const COMMIT_FAILED = 391
const RETRY_DELAYS_MS = [1_000, 3_000, 10_000, 30_000, 60_000]
const success: ResultObject = { result: true, errorCode: 0 }
const failure: ResultObject = { result: false, errorCode: COMMIT_FAILED }

function messageFrom(xhr: XMLHttpRequest) {
	try {
		const body = JSON.parse(xhr.responseText) as { result?: unknown; errorMessage?: string }
		return body.result === true ? null : (body.errorMessage ?? `the server answered ${xhr.status}`)
	} catch {
		return `the server answered ${xhr.status}`
	}
}

/**
 * Every commit goes to the server and its real result goes back to the SCO. Commits carry the
 * launch and a sequence number, so the server can drop duplicates and late arrivals. A commit that
 * fails is retried in the background with the newest state; while the page is being left, commits
 * go by sendBeacon, the one request a closing page can still make.
 */
class CommitChannel implements IHttpService {
	private sequence = 0
	private leaving = false
	private pending: { url: string; body: string } | null = null
	private retries = 0
	private retryTimer: ReturnType<typeof setTimeout> | null = null

	constructor(
		private readonly launchId: string,
		private readonly report: (state: SaveState) => void,
	) {}

	processHttpRequest(url: string, params: unknown, immediate: boolean): ResultObject {
		const cmi = (params as { cmi?: unknown }).cmi ?? params
		const body = JSON.stringify({ launchId: this.launchId, sequence: ++this.sequence, finished: immediate, cmi })
		if (this.leaving) return this.beacon(url, body)
		const outcome = this.post(url, body)
		if (outcome.ok) {
			this.pending = null
			this.retries = 0
			this.report({ kind: 'saved' })
			return success
		}
		if (!outcome.retry) {
			this.report({ kind: 'failed', message: outcome.message })
			return failure
		}
		this.pending = { url, body }
		this.scheduleRetry(outcome.message)
		return failure
	}

	updateSettings() {}

	/** From now on the page is going away: send by beacon, and flush anything unsaved. */
	leave() {
		this.leaving = true
		if (this.retryTimer) clearTimeout(this.retryTimer)
		if (this.pending) this.beacon(this.pending.url, this.pending.body)
	}

	private post(url: string, body: string): Outcome {
		const xhr = new XMLHttpRequest()
		try {
			// Synchronous on purpose: SCORM's Commit returns the LMS's answer to the SCO.
			xhr.open('POST', url, false)
			xhr.setRequestHeader('Content-Type', 'application/json')
			xhr.send(body)
		} catch {
			return { ok: false, retry: true, message: 'the connection to FieldReady failed' }
		}
		const problem = messageFrom(xhr)
		if (xhr.status >= 200 && xhr.status < 300 && problem === null) return { ok: true }
		// 4xx other than timeouts and rate limits will not get better by sending again.
		const retry = xhr.status === 0 || xhr.status >= 500 || xhr.status === 408 || xhr.status === 429
		return { ok: false, retry, message: problem ?? 'the commit was refused' }
	}

	private beacon(url: string, body: string): ResultObject {
		const queued = navigator.sendBeacon(url, new Blob([body], { type: 'text/plain;charset=UTF-8' }))
		return queued ? success : failure
	}

	private scheduleRetry(reason: string) {
		const delay = RETRY_DELAYS_MS[this.retries]
		if (delay === undefined) {
			this.report({ kind: 'failed', message: `Your latest progress could not be saved (${reason}). Keep this page open and check your connection; leaving now may lose it.` })
			return
		}
		this.report({ kind: 'retrying', message: `Saving failed (${reason}); trying again in ${Math.round(delay / 1000)} s.` })
		if (this.retryTimer) clearTimeout(this.retryTimer)
		this.retryTimer = setTimeout(() => void this.retry(), delay)
	}

	private async retry() {
		const pending = this.pending
		if (!pending || this.leaving) return
		this.retries += 1
		try {
			const response = await fetch(pending.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: pending.body, keepalive: true })
			const answer = (await response.json()) as { result?: unknown; errorMessage?: string }
			if (response.ok && answer.result === true) {
				if (this.pending === pending) this.pending = null
				this.retries = 0
				this.report({ kind: 'saved' })
				return
			}
			if (response.status < 500) return this.report({ kind: 'failed', message: answer.errorMessage ?? 'The commit was refused.' })
			this.scheduleRetry(`the server answered ${response.status}`)
		} catch {
			this.scheduleRetry('the connection to FieldReady failed')
		}
	}
}

type RuntimeApi = {
	loadFromJSON(json: Record<string, unknown>, element?: string): void
	isInitialized(): boolean
	isTerminated(): boolean
	on(listener: string, callback: (...args: unknown[]) => void): void
}

export type ScormSession = {
	/** The page or the SCO is going away: record a final commit if the SCO did not finish itself. */
	leave(): void
}

/**
 * Installs scorm-again as window.API (1.2) or window.API_1484_11 (2004) with the server's state
 * for this launch. Must run before the SCO's frame loads, so its API search finds it.
 */
export async function openScormSession({ launch, commitUrl, onSave, onFinished }: { launch: LaunchedSco; commitUrl: string; onSave: (state: SaveState) => void; onFinished: (navigationRequest: string) => void }): Promise<ScormSession> {
	const { Scorm12API, Scorm2004API } = await import('scorm-again')
	const channel = new CommitChannel(launch.launchId, onSave)
	const settings = { lmsCommitUrl: commitUrl, httpService: channel, autocommit: false, logLevel: 5 as const, autoCompleteLessonStatus: true }
	const api = (launch.family === '1.2' ? new Scorm12API(settings) : new Scorm2004API(settings)) as unknown as RuntimeApi & { adl?: { nav?: { request?: string } } }
	api.loadFromJSON(launch.cmi, '')
	const host = window as unknown as Record<string, unknown>
	delete host.API
	delete host.API_1484_11
	host[launch.family === '1.2' ? 'API' : 'API_1484_11'] = api
	api.on(launch.family === '1.2' ? 'LMSFinish' : 'Terminate', () => onFinished(api.adl?.nav?.request ?? '_none_'))
	return {
		leave() {
			channel.leave()
			if (!api.isInitialized() || api.isTerminated()) return
			const commit = (launch.family === '1.2' ? (api as unknown as { LMSCommit(p: string): string }).LMSCommit : (api as unknown as { Commit(p: string): string }).Commit).bind(api)
			commit('')
		},
	}
}
