import pg from 'pg'
import { AUDIT_HEAD_MISSING, auditEventColumns, chainAuditEvents } from '#app/audit/audit-log.server.ts'
import { startupOptions } from '#app/utils/db.server.ts'
import { eligibilityReadSql } from './eligibility-read-sql.server.ts'
import { type EligibilityReader, type EligibilityRow, type EvidenceRow, type EvidenceStore, type EvidenceSync, type Seal } from './eligibility-store.server.ts'
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
		/** The number of its last parameter. */
		last: first + names.length - 1,
		values: (rows: Array<Record<C, string | number | boolean | Date | null>>) => names.map((c) => rows.map((row) => (row[c] instanceof Date ? toUtcTimestamp(row[c]) : row[c]))),
	}
}
const insertEvents = insertMany('AuditEvent', eventTypes, 1)
const insertChecks = insertMany('EligibilityCheck', checkTypes, auditEventColumns.length + 2)
const bumpHead = (count: number) => `UPDATE "AuditChainHead" SET "lastSeq" = "lastSeq" + ${Math.trunc(count)} WHERE "id" = 1 RETURNING "lastSeq", "lastHash"`
const NEW_HEAD_HASH = auditEventColumns.length + 1
// The events, the head's new hash and the checks in one statement, so a commit under the head's
// lock takes three round trips (begin and bump the head; this; commit) rather than six.
const STORE_SEALED_CHECKS = {
	name: 'fieldready_evidence_store',
	text: `WITH events AS (${insertEvents.text}), head AS (UPDATE "AuditChainHead" SET "lastHash" = $${NEW_HEAD_HASH} WHERE "id" = 1) ${insertChecks.text}`,
}
// The same in one round trip, on condition that the head is still where this writer's last commit
// left it: otherwise nothing is stored (no row comes back) and the commit is made under the lock.
const [NEW_HEAD_SEQ, EXPECTED_SEQ, EXPECTED_HASH] = [1, 2, 3].map((i) => insertChecks.last + i)
const STORE_IF_HEAD_UNMOVED = {
	name: 'fieldready_evidence_store_if_head_unmoved',
	text: `WITH head AS (
		UPDATE "AuditChainHead" SET "lastSeq" = $${NEW_HEAD_SEQ}::int, "lastHash" = $${NEW_HEAD_HASH}
		WHERE "id" = 1 AND "lastSeq" = $${EXPECTED_SEQ}::int AND "lastHash" = $${EXPECTED_HASH} RETURNING 1
	), events AS (${insertEvents.text} WHERE EXISTS (SELECT 1 FROM head))
	${insertChecks.text} WHERE EXISTS (SELECT 1 FROM head)`,
}

type Head = { lastSeq: number; lastHash: string }

/** The seals chained after `head`, and the parameters both statements take: the events, the head's new hash, the checks. */
function chained(seals: Seal[], rows: EvidenceRow[], head: Head) {
	const events = chainAuditEvents(seals, head)
	const last = events.at(-1)!
	return { last, values: [...insertEvents.values(events), last.hash, ...insertChecks.values(sealedRows(seals, events, rows))] }
}

/**
 * Evidence commits through one connection of its own (the writer commits one group at a time);
 * synchronous_commit is set on it whatever the server's default, so a commit returns once its WAL
 * is on disk. While nothing else appends to the audit chain, each commit is one statement that
 * appends after the head this writer last left (a round trip, where each round trip waits for the
 * server's process to be scheduled: on the bench machine a third of a millisecond at the median
 * and one to four at the 99th percentile). After another writer appended (this instance's other audit
 * events, another instance), or after a failure, the head is read under its lock, which also holds
 * off the other instances' writers until the commit.
 */
export function openPostgresEvidenceStore(databaseUrl: string, synchronous: EvidenceSync): EvidenceStore {
	const pool = openPool(databaseUrl, { name: 'fieldready evidence writer', connections: 1, settings: { synchronous_commit: synchronous === 'full' ? 'on' : 'off' } })
	let lastLeft: Head | null = null

	async function storeIfHeadUnmoved(client: pg.PoolClient, seals: Seal[], rows: EvidenceRow[], head: Head) {
		const { last, values } = chained(seals, rows, head)
		const stored = await client.query({ ...STORE_IF_HEAD_UNMOVED, values: [...values, last.seq, head.lastSeq, head.lastHash] })
		return stored.rowCount === rows.length ? { lastSeq: last.seq, lastHash: last.hash } : null
	}

	async function storeUnderLock(client: pg.PoolClient, seals: Seal[], rows: EvidenceRow[]): Promise<Head> {
		// One round trip; the count is an integer from this code, not input.
		const [, bumped] = (await client.query(`BEGIN; ${bumpHead(seals.length)}`)) as unknown as [pg.QueryResult, pg.QueryResult<Head>]
		const head = bumped.rows[0]
		if (!head) throw new Error(AUDIT_HEAD_MISSING)
		const { last, values } = chained(seals, rows, { lastSeq: head.lastSeq - seals.length, lastHash: head.lastHash })
		await client.query({ ...STORE_SEALED_CHECKS, values })
		await client.query('COMMIT')
		return { lastSeq: last.seq, lastHash: last.hash }
	}

	return {
		async commitSealedChecks(seals, rows) {
			if (rows.length === 0) return
			const client = await pool.connect()
			const expected = lastLeft
			// Unknown until this commit succeeds: a failed one may have been committed or not.
			lastLeft = null
			try {
				lastLeft = (expected && (await storeIfHeadUnmoved(client, seals, rows, expected))) || (await storeUnderLock(client, seals, rows))
				client.release()
			} catch (error) {
				// Closed rather than returned, whatever state it is in: the server rolls back what it had begun.
				client.release(error instanceof Error ? error : true)
				throw error
			}
		},
		close: () => pool.end(),
	}
}
