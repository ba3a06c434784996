import Database from 'better-sqlite3'
import { describe, expect, test } from 'vitest'
import { hashAuditEvent, recordAuditEvent, verifyAuditChain } from '#app/audit/audit-log.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { freshDatabase } from '#tests/db-utils.ts'

const at = new Date('2026-11-26T09:00:00Z')
const record = (action: string, details: Record<string, unknown> = {}) =>
	recordAuditEvent({ actor: { type: 'person', id: 'p1' }, action, subject: { type: 'thing', id: action }, details, at })

/** An attacker with file access: opens the database directly and lifts the append-only guard. */
function tamper(filePath: string, sql: string) {
	const db = new Database(filePath)
	try {
		db.exec('DROP TRIGGER IF EXISTS "AuditEvent_no_update"; DROP TRIGGER IF EXISTS "AuditEvent_no_delete";')
		db.exec(sql)
	} finally {
		db.close()
	}
}

async function chainOfFive() {
	const { db, filePath } = freshDatabase()
	for (const action of ['one', 'two', 'three', 'four', 'five']) {
		await recordAuditEvent({ actor: { type: 'system' }, action, details: { action }, at }, db)
	}
	expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 5 })
	return { db, filePath }
}

describe('audit log', () => {
	test('events are chained: each carries the previous hash, and the chain verifies', async () => {
		const first = await record('a.one')
		const second = await record('a.two', { z: 1, a: [1, 2] })
		const rows = await prisma.auditEvent.findMany({ where: { seq: { in: [first.seq, second.seq] } }, orderBy: { seq: 'asc' } })
		expect(rows[1]!.prevHash).toBe(rows[0]!.hash)
		expect(rows[1]!.details).toBe('{"a":[1,2],"z":1}')
		expect(await verifyAuditChain()).toMatchObject({ ok: true })
	})

	test('concurrent writers still produce one unbroken chain', async () => {
		const before = await prisma.auditEvent.count()
		await Promise.all(Array.from({ length: 60 }, (_, i) => record('concurrent', { i })))
		expect(await prisma.auditEvent.count()).toBe(before + 60)
		expect(await verifyAuditChain()).toMatchObject({ ok: true, count: before + 60 })
	})

	test('the database refuses updates and deletes of audit rows', async () => {
		const { seq } = await record('immutable')
		// SQLite reports the trigger's abort as a constraint violation; what matters is the row survives.
		await expect(prisma.auditEvent.update({ where: { seq }, data: { action: 'changed' } })).rejects.toThrow()
		await expect(prisma.auditEvent.delete({ where: { seq } })).rejects.toThrow()
		expect(await prisma.auditEvent.findUnique({ where: { seq }, select: { action: true } })).toEqual({ action: 'immutable' })
	})
})

describe('audit:verify finds tampering', () => {
	test('an altered event', async () => {
		const { db, filePath } = await chainOfFive()
		tamper(filePath, `UPDATE "AuditEvent" SET details = '{"action":"TWO"}' WHERE seq = 2`)
		expect(await verifyAuditChain(db)).toEqual({ ok: false, seq: 2, problem: 'event #2 was altered (its content no longer matches its hash)' })
	})

	test('an event removed from the middle', async () => {
		const { db, filePath } = await chainOfFive()
		tamper(filePath, 'DELETE FROM "AuditEvent" WHERE seq = 3')
		expect(await verifyAuditChain(db)).toEqual({ ok: false, seq: 3, problem: 'event #3 is missing (removed)' })
	})

	test('events removed from the end', async () => {
		const { db, filePath } = await chainOfFive()
		tamper(filePath, 'DELETE FROM "AuditEvent" WHERE seq >= 4')
		expect(await verifyAuditChain(db)).toEqual({ ok: false, seq: 4, problem: 'events after #3 are missing (removed from the end of the log)' })
	})

	test('an altered event whose hash was recomputed breaks the link to the next one', async () => {
		const { db, filePath } = await chainOfFive()
		const forged = hashAuditEvent({ seq: 2, at, actorType: 'system', actorId: null, action: 'two', subjectType: null, subjectId: null, details: '{"action":"forged"}', prevHash: (await db.auditEvent.findUniqueOrThrow({ where: { seq: 1 } })).hash })
		tamper(filePath, `UPDATE "AuditEvent" SET details = '{"action":"forged"}', hash = '${forged}' WHERE seq = 2`)
		expect(await verifyAuditChain(db)).toEqual({ ok: false, seq: 3, problem: 'event #3 does not follow event #2 (chain broken)' })
	})
})
