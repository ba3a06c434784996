import { createHash } from 'node:crypto'
import { canonicalJson } from '#app/utils/canonical-json.ts'
import { insertRows } from '#app/utils/bulk-insert.server.ts'
import { prisma, type Db, type DbTransaction } from '#app/utils/db.server.ts'

export type AuditActor =
	| { type: 'person'; id: string }
	| { type: 'api_client'; id: string }
	| { type: 'system'; id?: string }
	| { type: 'anonymous' }

export type AuditEntry = {
	actor: AuditActor
	action: string
	subject?: { type: string; id: string }
	details?: Record<string, unknown>
	at: Date
}

export const GENESIS_HASH = 'genesis'

type ChainedFields = {
	seq: number
	at: Date
	actorType: string
	actorId: string | null
	action: string
	subjectType: string | null
	subjectId: string | null
	details: string
	prevHash: string
}

export function hashAuditEvent(event: ChainedFields) {
	const content = canonicalJson({
		seq: event.seq,
		at: event.at.toISOString(),
		actorType: event.actorType,
		actorId: event.actorId,
		action: event.action,
		subjectType: event.subjectType,
		subjectId: event.subjectId,
		details: event.details,
		prevHash: event.prevHash,
	})
	return createHash('sha256').update(content).digest('hex')
}

export const AUDIT_HEAD_MISSING = 'The audit chain head is missing: the database was not migrated.'

/** An event as stored: its fields, chained to the one before by `prevHash`, and its own hash. */
export type ChainedAuditEvent = ChainedFields & { hash: string }

export const auditEventColumns = ['seq', 'at', 'actorType', 'actorId', 'action', 'subjectType', 'subjectId', 'details', 'prevHash', 'hash'] as const

/**
 * The events for `entries`, numbered and chained after `head` (the chain head as it stood before
 * them). Callers bump the head by `entries.length` in the same transaction first, which locks it.
 */
export function chainAuditEvents(entries: AuditEntry[], head: { lastSeq: number; lastHash: string }): ChainedAuditEvent[] {
	let seq = head.lastSeq
	let prevHash = head.lastHash
	return entries.map((entry) => {
		seq += 1
		const fields: ChainedFields = {
			seq,
			at: entry.at,
			actorType: entry.actor.type,
			actorId: 'id' in entry.actor ? (entry.actor.id ?? null) : null,
			action: entry.action,
			subjectType: entry.subject?.type ?? null,
			subjectId: entry.subject?.id ?? null,
			details: canonicalJson(entry.details ?? {}),
			prevHash,
		}
		prevHash = hashAuditEvent(fields)
		return { ...fields, hash: prevHash }
	})
}

/**
 * Appends events inside the caller's transaction, so they commit or roll back with the change
 * they record. Bumping the chain head first locks it until the transaction ends.
 */
export async function appendAuditEvents(tx: DbTransaction, entries: AuditEntry[]) {
	if (entries.length === 0) return []
	// Plain SQL (UPDATE ... RETURNING, on SQLite and PostgreSQL alike): Prisma's query planning cost more than the update.
	const [head] = await tx.$queryRaw<Array<{ lastSeq: number | bigint; lastHash: string }>>`
		UPDATE "AuditChainHead" SET "lastSeq" = "lastSeq" + ${entries.length} WHERE "id" = 1 RETURNING "lastSeq", "lastHash"`
	if (!head) throw new Error(AUDIT_HEAD_MISSING)
	const events = chainAuditEvents(entries, { lastSeq: Number(head.lastSeq) - entries.length, lastHash: head.lastHash })
	await insertRows(tx, 'AuditEvent', auditEventColumns, events)
	await tx.$executeRaw`UPDATE "AuditChainHead" SET "lastHash" = ${events.at(-1)!.hash} WHERE "id" = 1`
	return events.map((event) => ({ seq: event.seq, hash: event.hash }))
}

export async function appendAuditEvent(tx: DbTransaction, entry: AuditEntry) {
	const [appended] = await appendAuditEvents(tx, [entry])
	return appended!
}

/** Records an event on its own (for events that accompany no other write, e.g. a failed sign-in). */
export function recordAuditEvent(entry: AuditEntry, db: Db = prisma) {
	return db.$transaction((tx) => appendAuditEvent(tx, entry))
}

export type ChainVerification =
	| { ok: true; count: number; lastHash: string }
	| { ok: false; seq: number; problem: string }

const VERIFY_PAGE_SIZE = 2_000

/**
 * Walks the chain up to the head as it stood when the walk began (events appended meanwhile are
 * for the next run) and reports the first event that was altered, inserted or removed.
 */
export async function verifyAuditChain(db: Db = prisma): Promise<ChainVerification> {
	const head = await db.auditChainHead.findUniqueOrThrow({ where: { id: 1 } })
	let expectedSeq = 1
	let prevHash = GENESIS_HASH
	for (;;) {
		const page = await db.auditEvent.findMany({
			where: { seq: { gte: expectedSeq, lte: head.lastSeq } },
			orderBy: { seq: 'asc' },
			take: VERIFY_PAGE_SIZE,
		})
		for (const event of page) {
			if (event.seq !== expectedSeq) {
				return { ok: false, seq: expectedSeq, problem: `event #${expectedSeq} is missing (removed)` }
			}
			if (event.prevHash !== prevHash) {
				return { ok: false, seq: event.seq, problem: `event #${event.seq} does not follow event #${event.seq - 1} (chain broken)` }
			}
			if (hashAuditEvent(event) !== event.hash) {
				return { ok: false, seq: event.seq, problem: `event #${event.seq} was altered (its content no longer matches its hash)` }
			}
			prevHash = event.hash
			expectedSeq += 1
		}
		if (page.length < VERIFY_PAGE_SIZE) break
	}
	const count = expectedSeq - 1
	if (head.lastSeq !== count || head.lastHash !== prevHash) {
		return { ok: false, seq: count + 1, problem: `events after #${count} are missing (removed from the end of the log)` }
	}
	return { ok: true, count, lastHash: prevHash }
}
