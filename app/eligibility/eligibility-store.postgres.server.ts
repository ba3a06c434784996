import pg from 'pg'
import { AUDIT_HEAD_MISSING, auditEventColumns, chainAuditEvents } from '#app/audit/audit-log.server.ts'
import { startupOptions } from '#app/utils/db.server.ts'
import { eligibilityReadSql } from './eligibility-read-sql.server.ts'
import { type EligibilityReader, type EligibilityRow, type EvidenceStore, type EvidenceSync } from './eligibility-store.server.ts'
import { type evidenceColumns, sealedRows } from './evidence-seal.server.ts'

// Statements are prepared by name, once per connection.

const READ_PEOPLE = { name: 'fieldready_eligibility_read', text: eligibilityReadSql({ employeeIdIn: '= ANY($1::text[])', certificationCodeIn: '= ANY($2::text[])' }) }

// Prisma keeps instants in "timestamp(3)" columns, in UTC, without a zone; pg would read and write
// them in the process's local time zone.
const TIMESTAMP_WITHOUT_TIME_ZONE = 1114
const fromUtcTimestamp = (text: string) => new Date(`${text.replace(' ', 'T')}Z`)
const toUtcTimestamp = (instant: Date) => instant.toISOString().replace('T', ' ').replace('Z', '')
const types = { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === TIMESTAMP_WITHOUT_TIME_ZONE ? fromUtcTimestamp : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser }

// A server that does not answer, or a lock another instance's stuck transaction holds, fails the
// check after this long (Prisma's transactions had limits of the same order) rather than hanging it.
const WAIT_LIMIT_MS = 10_000

function openPool(databaseUrl: string, { name, connections, settings }: { name: string; connections: number; settings: Record<string, string> }) {
	const options = startupOptions({ ...settings, lock_timeout: `${WAIT_LIMIT_MS}ms` })
	const pool = new pg.Pool({ connectionString: databaseUrl, application_name: name, max: connections, types, options, connectionTimeoutMillis: WAIT_LIMIT_MS, keepAlive: true, allowExitOnIdle: true })
	// A connection the server closed (a restart, a failover, a terminated backend): the pool discards
	// an idle one, and the statement running on a checked-out one fails with its own error. Without
	// these listeners the 'error' event would be unhandled and take the thread down.
	pool.on('error', () => {})
	pool.on('connect', (client) => client.on('error', () => {}))
	return pool
}

/** Reads through a pool of its own whose connections refuse writes. Reads are grouped (people-loader.server.ts), so a few connections serve every check in flight. */
export function openPostgresEligibilityReader(databaseUrl: string): EligibilityReader {
	const pool = openPool(databaseUrl, { name: 'fieldready eligibility reader', connections: 4, settings: { default_transaction_read_only: 'on' } })
	return {
		async readPeople(employeeIds, certificationCodes) {
			return (await pool.query<EligibilityRow>({ ...READ_PEOPLE, values: [employeeIds, certificationCodes] })).rows
		},
		close: () => pool.end(),
	}
}

type ColumnType = 'int' | 'text' | 'timestamp(3)' | 'boolean'
const eventTypes: Record<(typeof auditEventColumns)[number], ColumnType> = { seq: 'int', at: 'timestamp(3)', actorType: 'text', actorId: 'text', action: 'text', subjectType: 'text', subjectId: 'text', details: 'text', prevHash: 'text', hash: 'text' }
const checkTypes: Record<(typeof evidenceColumns)[number], ColumnType> = { id: 'text', apiClientId: 'text', batchId: 'text', employeeId: 'text', personId: 'text', workTypeCode: 'text', at: 'timestamp(3)', checkedAt: 'timestamp(3)', eligible: 'boolean', response: 'text', reliedOn: 'text', auditSeq: 'int' }

/** Any number of rows in one statement: one array parameter per column (numbered from `first`), unnested. */
function insertMany<C extends string>(table: string, columns: Record<C, ColumnType>, first: number) {
	const names = Object.keys(columns) as C[]
	return {
		text: `INSERT INTO "${table}" (${names.map((c) => `"${c}"`).join(', ')}) SELECT * FROM unnest(${names.map((c, i) => `$${first + i}::${columns[c]}[]`).join(', ')})`,
		values: (rows: Array<Record<C, string | number | boolean | Date | null>>) => names.map((c) => rows.map((row) => (row[c] instanceof Date ? toUtcTimestamp(row[c]) : row[c]))),
	}
}
const insertEvents = insertMany('AuditEvent', eventTypes, 1)
const insertChecks = insertMany('EligibilityCheck', checkTypes, auditEventColumns.length + 2)
const bumpHead = (count: number) => `UPDATE "AuditChainHead" SET "lastSeq" = "lastSeq" + ${Math.trunc(count)} WHERE "id" = 1 RETURNING "lastSeq", "lastHash"`
// The events, the head's new hash and the checks in one statement, so a commit takes three round
// trips (begin and bump the head; this; commit) rather than six.
const STORE_SEALED_CHECKS = {
	name: 'fieldready_evidence_store',
	text: `WITH events AS (${insertEvents.text}), head AS (UPDATE "AuditChainHead" SET "lastHash" = $${auditEventColumns.length + 1} WHERE "id" = 1) ${insertChecks.text}`,
}

/**
 * Evidence commits through one connection of its own (the writer commits one group at a time);
 * synchronous_commit is set on it whatever the server's default, so a commit returns once its WAL
 * is on disk. Bumping the chain head first locks it against the other instances' writers.
 */
export function openPostgresEvidenceStore(databaseUrl: string, synchronous: EvidenceSync): EvidenceStore {
	const pool = openPool(databaseUrl, { name: 'fieldready evidence writer', connections: 1, settings: { synchronous_commit: synchronous === 'full' ? 'on' : 'off' } })
	return {
		async commitSealedChecks(seals, rows) {
			if (rows.length === 0) return
			const client = await pool.connect()
			let broken: Error | undefined
			try {
				// One round trip; the count is an integer from this code, not input.
				const [, bumped] = (await client.query(`BEGIN; ${bumpHead(seals.length)}`)) as unknown as [pg.QueryResult, pg.QueryResult<{ lastSeq: number; lastHash: string }>]
				const head = bumped.rows[0]
				if (!head) throw new Error(AUDIT_HEAD_MISSING)
				const events = chainAuditEvents(seals, { lastSeq: head.lastSeq - seals.length, lastHash: head.lastHash })
				await client.query({ ...STORE_SEALED_CHECKS, values: [...insertEvents.values(events), events.at(-1)!.hash, ...insertChecks.values(sealedRows(seals, events, rows))] })
				await client.query('COMMIT')
			} catch (error) {
				await client.query('ROLLBACK').catch((rollbackFailed: Error) => (broken = rollbackFailed))
				throw error
			} finally {
				// A connection that could not roll back is closed rather than returned mid-transaction.
				client.release(broken)
			}
		},
		close: () => pool.end(),
	}
}
