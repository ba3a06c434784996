import { appendAuditEvents } from '#app/audit/audit-log.server.ts'
import { insertRows } from '#app/utils/bulk-insert.server.ts'
import { type Db } from '#app/utils/db.server.ts'
import { sealEntries, type StoredCheck } from './evidence-seal.server.ts'

/**
 * One EligibilityCheck row as plain data (it is handed to the writer thread): every column its
 * seal covers, `response` being the answer exactly as sent to the client.
 */
export type EvidenceRow = StoredCheck & { personId: string }

const checkColumns = ['id', 'apiClientId', 'batchId', 'employeeId', 'personId', 'workTypeCode', 'at', 'checkedAt', 'eligible', 'response', 'reliedOn', 'auditSeq'] as const

type Job = { rows: EvidenceRow[]; resolve: () => void; reject: (error: unknown) => void }

/**
 * Group commit: checks arriving while a write is under way are stored together in the next
 * transaction. Each caller still waits until its own checks are committed, so no answer is
 * given before its evidence is (the app's writer thread commits with synchronous=FULL, see
 * evidence-thread.server.ts); but one transaction, and one
 * audit event sealing the checks into the chain (evidence-seal.server.ts), serves many
 * concurrent requests.
 */
export class EvidenceWriter {
	private queue: Job[] = []
	private writing = false

	constructor(
		private readonly db: Db,
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
				await this.write(jobs.flatMap((job) => job.rows))
				this.options.afterCommit?.()
				for (const job of jobs) job.resolve()
			} catch (error) {
				for (const job of jobs) job.reject(error)
			}
		}
		this.writing = false
	}

	private write(rows: EvidenceRow[]) {
		return this.db.$transaction(async (tx) => {
			const seals = sealEntries(rows)
			const appended = await appendAuditEvents(tx, seals)
			const sealSeq = new Map(seals.map((seal, i) => [seal.apiClientId, appended[i]!.seq]))
			await insertRows(tx, 'EligibilityCheck', checkColumns, rows.map((row) => ({ ...row, auditSeq: sealSeq.get(row.apiClientId)! })))
		})
	}
}
