import { type EvidenceRow, type EvidenceStore } from './eligibility-store.server.ts'
import { sealEntries } from './evidence-seal.server.ts'

type Job = { rows: EvidenceRow[]; resolve: () => void; reject: (error: unknown) => void }

/**
 * Group commit: checks arriving while a write is under way are stored together in the next
 * transaction. Each caller still waits until its own checks are committed, so no answer is
 * given before its evidence is (durably: see EvidenceStore); but one transaction, and one audit
 * event sealing the checks into the chain (evidence-seal.server.ts), serves many concurrent
 * requests.
 */
export class EvidenceWriter {
	private queue: Job[] = []
	private writing = false

	constructor(
		private readonly store: EvidenceStore,
		private readonly options: { afterCommit?: () => void } = {},
	) {}

	record(rows: EvidenceRow[]) {
		return new Promise<void>((resolve, reject) => {
			this.queue.push({ rows, resolve, reject })
			if (!this.writing) {
				this.writing = true
				// Checks decided in this turn of the event loop (a grouped read's worth, or the thread's
				// inbox) join the first one; later ones queue up while it is written.
				setImmediate(() => void this.drain())
			}
		})
	}

	private async drain() {
		while (this.queue.length > 0) {
			const jobs = this.queue.splice(0)
			try {
				const rows = jobs.flatMap((job) => job.rows)
				await this.store.commitSealedChecks(sealEntries(rows), rows)
				this.options.afterCommit?.()
				for (const job of jobs) job.resolve()
			} catch (error) {
				for (const job of jobs) job.reject(error)
			}
		}
		this.writing = false
	}
}
