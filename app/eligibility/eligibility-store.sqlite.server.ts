import Database from 'better-sqlite3'
import { AUDIT_HEAD_MISSING, auditEventColumns, chainAuditEvents } from '#app/audit/audit-log.server.ts'
import { type RowValue } from '#app/utils/bulk-insert.server.ts'
import { BUSY_TIMEOUT_MS } from '#app/utils/db.server.ts'
import { sqliteInstant, sqliteTimestamp } from '#app/utils/sqlite-instants.server.ts'
import { eligibilityReadSql } from './eligibility-read-sql.server.ts'
import { type EligibilityReader, type EligibilityRow, type EvidenceRow, type EvidenceStore, type EvidenceSync, type Seal } from './eligibility-store.server.ts'
import { evidenceColumns, sealedRows } from './evidence-seal.server.ts'

// better-sqlite3 runs a statement synchronously, as Prisma's adapter did on the same thread; what
// changes is that each statement here is prepared once per connection.

const READ_PEOPLE = eligibilityReadSql({
	employeeIdIn: 'IN (SELECT value FROM json_each(@employeeIds))',
	certificationCodeIn: 'IN (SELECT value FROM json_each(@certificationCodes))',
})

// The columns of eligibilityReadSql in order: rows come back as arrays, which better-sqlite3 builds
// faster than objects (about a quarter of the read's time on the bench workforce).
type StoredRow = [personId: string, employeeId: string, source: number, awardId: string | null, certificationCode: string | null, issuedAt: string | number | null, expiresAt: string | number | null, kind: string | null, changedAt: string | number | null]

const CACHE_KIB = 64 * 1024

/** A connection opened on first use, so that a database that cannot be opened fails that use (and answers 503), not the start-up. */
function lazyConnection<T>(filePath: string, prepare: (db: Database.Database) => T) {
	let open: { db: Database.Database; prepared: T } | null = null
	return {
		get() {
			if (open) return open.prepared
			const db = new Database(filePath, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS })
			try {
				// SQLite caches 2 MB of pages per connection by default; the people and the evidence
				// indexes a busy day touches are larger, and a page missed is a read from the file.
				db.pragma(`cache_size = -${CACHE_KIB}`)
				open = { db, prepared: prepare(db) }
				return open.prepared
			} catch (error) {
				db.close()
				throw error
			}
		},
		close() {
			open?.db.close()
			open = null
		},
	}
}

export function openSqliteEligibilityReader(filePath: string): EligibilityReader {
	const connection = lazyConnection(filePath, (db) => {
		db.pragma('query_only = ON')
		return db.prepare<[{ employeeIds: string; certificationCodes: string }], StoredRow>(READ_PEOPLE).raw(true)
	})
	return {
		async readPeople(employeeIds, certificationCodes) {
			const rows = connection.get().all({ employeeIds: JSON.stringify(employeeIds), certificationCodes: JSON.stringify(certificationCodes) })
			return rows.map(([personId, employeeId, source, awardId, certificationCode, issuedAt, expiresAt, kind, changedAt]): EligibilityRow => ({ personId, employeeId, source, awardId, certificationCode, issuedAt: sqliteInstant(issuedAt), expiresAt: sqliteInstant(expiresAt), kind, changedAt: sqliteInstant(changedAt) }))
		},
		async close() {
			connection.close()
		},
	}
}

// Bound as the adapter writes them: instants as text, booleans as 0 and 1.
const bindable = (value: RowValue) => (value instanceof Date ? sqliteTimestamp(value) : typeof value === 'boolean' ? Number(value) : value)

/** An INSERT of one row, bound by position (a tenth faster than building a named-parameter object per row, measured on the bench workforce). */
function insertInto<C extends string>(db: Database.Database, table: string, columns: readonly C[]) {
	const statement = db.prepare<Array<ReturnType<typeof bindable>>>(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)
	return (row: Record<C, RowValue>) => statement.run(...columns.map((column) => bindable(row[column])))
}

/**
 * Evidence commits on a connection of their own. `walAutocheckpointPages` is how long the
 * write-ahead log may grow before a commit checkpoints it (SQLite's default is 1,000 pages; the
 * writer thread raises it, as its checkpointer thread does that work).
 */
export function openSqliteEvidenceStore(filePath: string, { synchronous, walAutocheckpointPages }: { synchronous: EvidenceSync; walAutocheckpointPages?: number }): EvidenceStore {
	const connection = lazyConnection(filePath, (db) => {
		db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`)
		if (walAutocheckpointPages !== undefined) db.pragma(`wal_autocheckpoint = ${walAutocheckpointPages}`)
		const bumpHead = db.prepare<[number], { lastSeq: number; lastHash: string }>(`UPDATE "AuditChainHead" SET "lastSeq" = "lastSeq" + ? WHERE "id" = 1 RETURNING "lastSeq", "lastHash"`)
		const insertEvent = insertInto(db, 'AuditEvent', auditEventColumns)
		const setHeadHash = db.prepare<[string]>(`UPDATE "AuditChainHead" SET "lastHash" = ? WHERE "id" = 1`)
		const insertCheck = insertInto(db, 'EligibilityCheck', evidenceColumns)
		return db.transaction((seals: Seal[], rows: EvidenceRow[]) => {
			const head = bumpHead.get(seals.length)
			if (!head) throw new Error(AUDIT_HEAD_MISSING)
			const events = chainAuditEvents(seals, { lastSeq: head.lastSeq - seals.length, lastHash: head.lastHash })
			for (const event of events) insertEvent(event)
			setHeadHash.run(events.at(-1)!.hash)
			for (const row of sealedRows(seals, events, rows)) insertCheck(row)
		})
	})
	return {
		// IMMEDIATE takes the write lock at BEGIN, so a busy database is waited for (busy timeout) rather than failing mid-transaction.
		async commitSealedChecks(seals, rows) {
			if (rows.length > 0) connection.get().immediate(seals, rows)
		},
		async close() {
			connection.close()
		},
	}
}
