import { appendAuditEvents } from '#app/audit/audit-log.server.ts'
import { insertRows } from '#app/utils/bulk-insert.server.ts'
import { type Db } from '#app/utils/db.server.ts'
import { type EligibilityDecision } from './decide.ts'

export type CheckRow = {
	entry: EligibilityDecision & { checkId: string }
	personId: string
	reliedOn: string[]
	apiClientId: string
	batchId: string | null
	checkedAt: Date
}

const checkColumns = ['id', 'apiClientId', 'batchId', 'employeeId', 'personId', 'workTypeCode', 'at', 'checkedAt', 'eligible', 'response', 'reliedOn'] as const

type Job = { rows: CheckRow[]; resolve: () => void; reject: (error: unknown) => void }

/**
 * Group commit: checks arriving while a write is under way are stored together in the next
 * transaction. Each caller still waits until its own checks are committed, so no answer is
 * given before its evidence is durable; but one transaction (and one audit-chain update)
 * serves many concurrent requests.
 */
// How long the first check of a group waits for others to join it before the group is written.
const GATHER_MS = 1

class EvidenceWriter {
	private queue: Job[] = []
	private writing = false

	constructor(private readonly db: Db) {}

	record(rows: CheckRow[]) {
		return new Promise<void>((resolve, reject) => {
			this.queue.push({ rows, resolve, reject })
			if (!this.writing) {
				this.writing = true
				setTimeout(() => void this.drain(), GATHER_MS)
			}
		})
	}

	private async drain() {
		while (this.queue.length > 0) {
			const jobs = this.queue.splice(0)
			try {
				await this.write(jobs.flatMap((job) => job.rows))
				for (const job of jobs) job.resolve()
			} catch (error) {
				for (const job of jobs) job.reject(error)
			}
		}
		this.writing = false
	}

	private write(rows: CheckRow[]) {
		return this.db.$transaction(async (tx) => {
			await insertRows(
				tx,
				'EligibilityCheck',
				checkColumns,
				rows.map(({ entry, personId, reliedOn, apiClientId, batchId, checkedAt }) => ({
					id: entry.checkId,
					apiClientId,
					batchId,
					employeeId: entry.employeeId,
					personId,
					workTypeCode: entry.workType,
					at: new Date(entry.at),
					checkedAt,
					eligible: entry.eligible,
					response: JSON.stringify(entry),
					reliedOn: JSON.stringify({ awardIds: reliedOn }),
				})),
			)
			await appendAuditEvents(
				tx,
				rows.map(({ entry, apiClientId, batchId, checkedAt }) => ({
					actor: { type: 'api_client' as const, id: apiClientId },
					action: 'eligibility.checked',
					subject: { type: 'eligibility_check', id: entry.checkId },
					details: { employeeId: entry.employeeId, workType: entry.workType, at: entry.at, eligible: entry.eligible, batchId },
					at: checkedAt,
				})),
			)
		})
	}
}

const writers = new WeakMap<Db, EvidenceWriter>()

/** Stores each decision exactly as answered, with the awards it relied on, and audits it. */
export function recordChecks(rows: CheckRow[], db: Db) {
	if (rows.length === 0) return Promise.resolve()
	let writer = writers.get(db)
	if (!writer) writers.set(db, (writer = new EvidenceWriter(db)))
	return writer.record(rows)
}
