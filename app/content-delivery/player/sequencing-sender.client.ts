import { type SaveState } from '../player-protocol.ts'
import { sendBeaconJson } from './beacon.client.ts'
import { type CommitAnswer } from './bootstrap.ts'
import { type SequencingSave } from './course-runner.ts'
import { RETRY_DELAYS_MS } from './retry.ts'

/**
 * Sends SCORM 2004 sequencing saves in the background. Only the newest matters (each is the
 * whole engine state), so a save waiting to be sent is replaced by a newer one. A failed one is
 * retried as commits are; a page being left sends the newest by beacon.
 */
export class SequencingSender {
	private waiting: SequencingSave | null = null
	private sending = false
	private retries = 0
	private leaving = false

	constructor(
		private readonly url: string,
		private readonly report: { save(state: SaveState): void; answer(answer: CommitAnswer): void },
	) {}

	send(save: SequencingSave) {
		if (this.leaving) {
			sendBeaconJson(this.url, JSON.stringify(save))
			return
		}
		this.waiting = save
		void this.flush()
	}

	leave() {
		this.leaving = true
		if (this.waiting) this.send(this.waiting)
	}

	private async flush() {
		if (this.sending || !this.waiting) return
		const save = this.waiting
		this.waiting = null
		this.sending = true
		try {
			// No keepalive: browsers cap those at 64 KiB, and the state of a large course is bigger.
			const response = await fetch(this.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(save) })
			const body = (await response.json().catch(() => ({}))) as Partial<CommitAnswer> & { detail?: string }
			if (response.ok) {
				if (this.retries > 0) this.report.save({ kind: 'saved' })
				this.retries = 0
				this.report.answer(body as CommitAnswer)
			} else if (response.status >= 500 || response.status === 429 || response.status === 408) this.retryLater(save, `the server answered ${response.status}`)
			else this.report.save({ kind: 'failed', message: `Your place in the course was not saved: ${body.detail ?? `the server answered ${response.status}`}` })
		} catch {
			this.retryLater(save, 'the connection to FieldReady failed')
		} finally {
			this.sending = false
		}
		void this.flush()
	}

	private retryLater(save: SequencingSave, reason: string) {
		const delay = RETRY_DELAYS_MS[this.retries++]
		if (delay === undefined) {
			this.report.save({ kind: 'failed', message: `Your place in the course could not be saved (${reason}). Keep this page open and check your connection.` })
			return
		}
		this.report.save({ kind: 'retrying', message: `Saving your place failed (${reason}); trying again in ${Math.round(delay / 1000)} s.` })
		setTimeout(() => {
			this.waiting ??= save
			void this.flush()
		}, delay)
	}
}
