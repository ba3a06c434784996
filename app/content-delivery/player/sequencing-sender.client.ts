import { type CommitAnswer } from './bootstrap.ts'
import { type SequencingSave } from './course-runner.ts'

const RETRY_DELAYS_MS = [1_000, 3_000, 10_000, 30_000]

/**
 * Sends SCORM 2004 sequencing saves in the background. Only the newest matters (each is the
 * whole engine state), so a save waiting to be sent is replaced by a newer one; a failed one is
 * retried; a page being left sends the newest by beacon.
 */
export class SequencingSender {
	private waiting: SequencingSave | null = null
	private sending = false
	private retries = 0
	private leaving = false

	constructor(
		private readonly url: string,
		private readonly onAnswer: (answer: CommitAnswer) => void,
		private readonly onTrouble: (message: string | null) => void,
	) {}

	send(save: SequencingSave) {
		if (this.leaving) {
			navigator.sendBeacon(this.url, new Blob([JSON.stringify(save)], { type: 'text/plain;charset=UTF-8' }))
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
			const response = await fetch(this.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(save), keepalive: true })
			if (response.ok) {
				this.retries = 0
				this.onTrouble(null)
				this.onAnswer((await response.json()) as CommitAnswer)
			} else if (response.status >= 500 || response.status === 429) this.retryLater(save, `the server answered ${response.status}`)
			else this.onTrouble(((await response.json().catch(() => ({}))) as { detail?: string }).detail ?? `your place in the course was not saved (the server answered ${response.status})`)
		} catch {
			this.retryLater(save, 'the connection to FieldReady failed')
		} finally {
			this.sending = false
		}
		void this.flush()
	}

	private retryLater(save: SequencingSave, reason: string) {
		const delay = RETRY_DELAYS_MS[Math.min(this.retries++, RETRY_DELAYS_MS.length - 1)]!
		this.onTrouble(`Your place in the course was not saved (${reason}); trying again in ${Math.round(delay / 1000)} s.`)
		setTimeout(() => {
			this.waiting ??= save
			void this.flush()
		}, delay)
	}
}
