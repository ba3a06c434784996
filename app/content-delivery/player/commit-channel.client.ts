import { type ResultObject } from 'scorm-again'
import { COMMIT_FAILED, type SaveState } from '../player-protocol.ts'
import { sendBeaconJson } from './beacon.client.ts'
import { type CommitAnswer } from './bootstrap.ts'
import { type CommitPort } from './course-runner.ts'
import { RETRY_DELAYS_MS } from './retry.ts'

type Outcome = { ok: true; answer: CommitAnswer | null } | { ok: false; retry: boolean; message: string }

const success: ResultObject = { result: true, errorCode: 0 }
const failure: ResultObject = { result: false, errorCode: COMMIT_FAILED }

/** The server's answer: scorm-again's result, and on a refusal a problem+json `detail` in plain words. */
function readAnswer(status: number, text: string): Outcome {
	let body: { result?: unknown; detail?: string } & Partial<CommitAnswer> = {}
	try {
		body = JSON.parse(text) as typeof body
	} catch {
		// an answer that is not JSON is judged by its status alone
	}
	if (status >= 200 && status < 300 && body.result === true) return { ok: true, answer: body as CommitAnswer }
	// 4xx other than timeouts and rate limits will not get better by sending again.
	const retry = status === 0 || status >= 500 || status === 408 || status === 429
	return { ok: false, retry, message: body.detail ?? (status === 0 ? 'the connection to FieldReady failed' : `the server answered ${status}`) }
}

/**
 * Every commit goes to the server and its real result goes back to the SCO. Commits carry the
 * launch and a sequence number, so the server can drop duplicates and late arrivals. A commit that
 * fails is retried in the background with the newest state; while the page is being left,
 * commits go by sendBeacon, the one request a closing page can still make.
 */
export class CommitChannel implements CommitPort {
	private launchId = ''
	private sequence = 0
	private leaving = false
	private pending: string | null = null
	private retries = 0
	private retryTimer: ReturnType<typeof setTimeout> | null = null

	constructor(
		private readonly url: string,
		private readonly report: { save(state: SaveState): void; answer(answer: CommitAnswer): void },
	) {}

	startLaunch(launchId: string) {
		this.launchId = launchId
		this.sequence = 0
	}

	processHttpRequest(_url: string, params: unknown, immediate: boolean): ResultObject {
		const cmi = (params as { cmi?: unknown }).cmi ?? params
		const body = JSON.stringify({ launchId: this.launchId, sequence: ++this.sequence, finished: immediate, cmi })
		if (this.leaving) return this.beacon(body)
		const outcome = this.post(body)
		if (outcome.ok) {
			this.settled(body, outcome.answer)
			return success
		}
		if (!outcome.retry) {
			this.report.save({ kind: 'failed', message: `Your latest progress was not saved: ${outcome.message}` })
			return failure
		}
		this.pending = body
		this.scheduleRetry(outcome.message)
		return failure
	}

	updateSettings() {}

	/** From now on the page is going away: send by beacon, and flush anything unsaved. */
	leave() {
		this.leaving = true
		if (this.retryTimer) clearTimeout(this.retryTimer)
		if (this.pending) this.beacon(this.pending)
	}

	private settled(body: string, answer: CommitAnswer | null) {
		if (this.pending === body || this.pending === null) this.pending = null
		this.retries = 0
		this.report.save({ kind: 'saved' })
		if (answer) this.report.answer(answer)
	}

	private post(body: string): Outcome {
		const xhr = new XMLHttpRequest()
		try {
			// Synchronous on purpose: SCORM's Commit returns the LMS's answer to the SCO.
			xhr.open('POST', this.url, false)
			xhr.setRequestHeader('Content-Type', 'application/json')
			xhr.send(body)
		} catch {
			// Browsers refuse synchronous requests while a page is being dismissed; a beacon still goes.
			if (document.visibilityState === 'hidden' && this.beacon(body) === success) return { ok: true, answer: null }
			return { ok: false, retry: true, message: 'the connection to FieldReady failed' }
		}
		return readAnswer(xhr.status, xhr.responseText)
	}

	private beacon(body: string): ResultObject {
		return sendBeaconJson(this.url, body) ? success : failure
	}

	private scheduleRetry(reason: string) {
		const delay = RETRY_DELAYS_MS[this.retries]
		if (delay === undefined) {
			this.report.save({ kind: 'failed', message: `Your latest progress could not be saved (${reason}). Keep this page open and check your connection; leaving now may lose it.` })
			return
		}
		this.report.save({ kind: 'retrying', message: `Saving failed (${reason}); trying again in ${Math.round(delay / 1000)} s.` })
		if (this.retryTimer) clearTimeout(this.retryTimer)
		this.retryTimer = setTimeout(() => void this.retry(), delay)
	}

	private async retry() {
		const body = this.pending
		if (!body || this.leaving) return
		this.retries += 1
		let outcome: Outcome
		try {
			const response = await fetch(this.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })
			outcome = readAnswer(response.status, await response.text())
		} catch {
			outcome = { ok: false, retry: true, message: 'the connection to FieldReady failed' }
		}
		if (outcome.ok) return this.settled(body, outcome.answer)
		if (!outcome.retry) return this.report.save({ kind: 'failed', message: `Your latest progress was not saved: ${outcome.message}` })
		this.scheduleRetry(outcome.message)
	}
}
