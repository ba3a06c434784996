import { beforeAll, describe, expect, test } from 'vitest'
import { verifyAuditChain } from '#app/audit/audit-log.server.ts'
import { newCheckIds } from '#app/eligibility/check-ids.server.ts'
import { openSqliteEvidenceStore } from '#app/eligibility/eligibility-store.sqlite.server.ts'
import { recordChecks } from '#app/eligibility/evidence.server.ts'
import { EvidenceWriter } from '#app/eligibility/evidence-writer.server.ts'
import { verifyEligibilityEvidence } from '#app/eligibility/evidence-seal.server.ts'
import { checkpointWal } from '#app/eligibility/wal-checkpointer.server.ts'
import { createPrismaClient, prisma } from '#app/utils/db.server.ts'
import { onPostgres } from '#tests/db-utils.ts'
import { createTestOrg, createTestPerson } from '#tests/factories.ts'
import { evidenceRows } from './evidence-rows.ts'

let personId = ''

beforeAll(async () => {
	await createTestOrg()
	personId = (await createTestPerson()).id
})

const rows = (count: number, options: { checkedAt?: Date; padding?: number } = {}) => evidenceRows(count, { personId, ...options })

describe('check IDs', () => {
	test('are unique, unguessable and sort by the time of the check', () => {
		const early = newCheckIds(50, new Date('2026-01-01T00:00:00Z'))
		const late = newCheckIds(50, new Date('2026-01-01T00:00:00.001Z'))
		expect(new Set([...early, ...late]).size).toBe(100)
		for (const id of early) expect(id).toMatch(/^chk_[0-9a-f]{12}[A-Za-z0-9_-]{20}$/)
		expect(Math.max(...early.map((id) => late.filter((later) => later < id).length))).toBe(0)
	})
})

describe('recording evidence', () => {
	test('concurrent checks are all committed, each with its own response, and the audit chain holds', async () => {
		const groups = Array.from({ length: 20 }, (_, i) => rows(i + 1))
		await Promise.all(groups.map((group) => recordChecks(group, prisma)))
		const ids = groups.flat().map((row) => row.id)
		const stored = await prisma.eligibilityCheck.findMany({ where: { id: { in: ids } }, select: { id: true, response: true, eligible: true } })
		expect(stored).toHaveLength(ids.length)
		const expected = new Map(groups.flat().map((row) => [row.id, row]))
		for (const row of stored) expect([row.response, row.eligible]).toEqual([expected.get(row.id)!.response, expected.get(row.id)!.eligible])
		const seals = await prisma.auditEvent.findMany({ where: { action: 'eligibility.recorded' } })
		// Grouped: fewer seals than requests, and every check names one of them, which counts it.
		expect(seals.length).toBeLessThan(groups.length)
		const named = await prisma.eligibilityCheck.findMany({ where: { id: { in: ids } }, select: { auditSeq: true } })
		expect(new Set(named.map((c) => c.auditSeq))).toEqual(new Set(seals.map((s) => s.seq)))
		expect(seals.reduce((sum, seal) => sum + (JSON.parse(seal.details) as { checks: number }).checks, 0)).toBe(ids.length)
		expect(await verifyAuditChain()).toMatchObject({ ok: true })
		expect(await verifyEligibilityEvidence()).toMatchObject({ ok: true })
	})

	test('a write that fails is reported to its caller, and later writes still succeed', async () => {
		const [row] = rows(1)
		await recordChecks([row!], prisma)
		// On SQLite the app's writer is a thread of its own; on PostgreSQL it runs on this thread.
		await expect(recordChecks([row!], prisma)).rejects.toThrow(onPostgres ? /duplicate key value violates unique constraint/ : /The evidence writer thread failed:[\s\S]*UNIQUE/i)
		const [next] = rows(1)
		await recordChecks([next!], prisma)
		expect(await prisma.eligibilityCheck.count({ where: { id: { in: [row!.id, next!.id] } } })).toBe(2)
		expect(await verifyAuditChain()).toMatchObject({ ok: true })
	})

	test('evidence for another database client is stored in that client\'s database', async () => {
		const other = createPrismaClient(process.env.DATABASE_URL!)
		try {
			const written = rows(3)
			await recordChecks(written, other)
			expect(await prisma.eligibilityCheck.count({ where: { id: { in: written.map((row) => row.id) } } })).toBe(3)
		} finally {
			await other.$disconnect()
		}
	})
})

// SQLite's write-ahead log; PostgreSQL checkpoints by itself.
describe.skipIf(onPostgres)('checkpointing the write-ahead log', () => {
	// The evidence thread's own checkpointer may still be busy after the tests above.
	async function checkpointWhenFree(db: ReturnType<typeof createPrismaClient>) {
		for (;;) {
			const pages = await checkpointWal(db)
			if (pages >= 0) return pages
			await new Promise((resolve) => setTimeout(resolve, 20))
		}
	}

	test('a pass copies the whole log into the database, so the next commit starts it afresh', async () => {
		// A writer that never checkpoints by itself, so that only the pass under test does.
		const store = openSqliteEvidenceStore(process.env.DATABASE_URL!.slice('file:'.length), { synchronous: 'full', walAutocheckpointPages: 0 })
		const writer = new EvidenceWriter(store)
		const checkpointer = createPrismaClient(process.env.DATABASE_URL!)
		try {
			await writer.record(rows(2_500, { padding: 4_000 }))
			expect(await checkpointWhenFree(checkpointer)).toBeGreaterThan(2_000)
			await writer.record(rows(1))
			expect(await checkpointWhenFree(checkpointer)).toBeLessThan(100)
		} finally {
			await store.close()
			await checkpointer.$disconnect()
		}
	})
})
