import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { GENESIS_HASH, hashAuditEvent, recordAuditEvent, verifyAuditChain } from '#app/audit/audit-log.server.ts'
import { checkKeptHead, currentChainHead, formatChainHead, parseChainHead } from '#app/audit/chain-head.server.ts'
import { projectRoot } from '#app/cli/project.ts'
import { type AuditEvent } from '#app/generated/prisma/client.ts'
import { loader as auditPageLoader } from '#app/routes/admin+/audit.tsx'
import { prisma, type Db } from '#app/utils/db.server.ts'
import { freshDatabase, tamper } from '#tests/db-utils.ts'
import { createTestOrg, createTestPerson, settle, signedInRequest } from '#tests/factories.ts'

const at = new Date('2026-11-26T09:00:00Z')
const record = (action: string, details: Record<string, unknown> = {}) =>
	recordAuditEvent({ actor: { type: 'person', id: 'p1' }, action, subject: { type: 'thing', id: action }, details, at })

/** An attacker with direct access to the database, past the append-only guard. */
const tamperWithLog = (db: Db, ...statements: string[]) => tamper(db, 'AuditEvent', statements)

async function chainOfFive() {
	const { db, url } = await freshDatabase()
	for (const action of ['one', 'two', 'three', 'four', 'five']) {
		await recordAuditEvent({ actor: { type: 'system' }, action, details: { action }, at }, db)
	}
	expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 5 })
	return { db, url }
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
		const { db } = await chainOfFive()
		await tamperWithLog(db, `UPDATE "AuditEvent" SET "details" = '{"action":"TWO"}' WHERE "seq" = 2`)
		expect(await verifyAuditChain(db)).toEqual({ ok: false, seq: 2, problem: 'event #2 was altered (its content no longer matches its hash)' })
	})

	test('an event removed from the middle', async () => {
		const { db } = await chainOfFive()
		await tamperWithLog(db, 'DELETE FROM "AuditEvent" WHERE "seq" = 3')
		expect(await verifyAuditChain(db)).toEqual({ ok: false, seq: 3, problem: 'event #3 is missing (removed)' })
	})

	test('events removed from the end', async () => {
		const { db } = await chainOfFive()
		await tamperWithLog(db, 'DELETE FROM "AuditEvent" WHERE "seq" >= 4')
		expect(await verifyAuditChain(db)).toEqual({ ok: false, seq: 4, problem: 'events after #3 are missing (removed from the end of the log)' })
	})

	test('an altered event whose hash was recomputed breaks the link to the next one', async () => {
		const { db } = await chainOfFive()
		const forged = hashAuditEvent({ seq: 2, at, actorType: 'system', actorId: null, action: 'two', subjectType: null, subjectId: null, details: '{"action":"forged"}', prevHash: (await db.auditEvent.findUniqueOrThrow({ where: { seq: 1 } })).hash })
		await tamperWithLog(db, `UPDATE "AuditEvent" SET "details" = '{"action":"forged"}', "hash" = '${forged}' WHERE "seq" = 2`)
		expect(await verifyAuditChain(db)).toEqual({ ok: false, seq: 3, problem: 'event #3 does not follow event #2 (chain broken)' })
	})
})

describe('a kept chain head proves the end of the log', () => {
	/** Recomputes events `from`..end and the head row, as someone with the database file could. */
	async function rechain(db: Db, from: number, rewrite: (event: AuditEvent) => Partial<AuditEvent>) {
		const events = await db.auditEvent.findMany({ where: { seq: { gte: from } }, orderBy: { seq: 'asc' } })
		let prevHash = from === 1 ? GENESIS_HASH : (await db.auditEvent.findUniqueOrThrow({ where: { seq: from - 1 } })).hash
		const statements: string[] = []
		for (const event of events) {
			const changed = { ...event, ...rewrite(event), prevHash }
			const hash = hashAuditEvent(changed)
			statements.push(`UPDATE "AuditEvent" SET "details" = '${changed.details}', "prevHash" = '${prevHash}', "hash" = '${hash}' WHERE "seq" = ${event.seq}`)
			prevHash = hash
		}
		statements.push(`UPDATE "AuditChainHead" SET "lastHash" = '${prevHash}' WHERE "id" = 1`)
		await tamperWithLog(db, ...statements)
	}

	test('the head is one line that reads back as it was written; anything else is refused', async () => {
		const { db } = await chainOfFive()
		const head = (await currentChainHead(db))!
		expect(head).toMatchObject({ seq: 5, at })
		expect(formatChainHead(head)).toBe(`fieldready-audit-head:v1:5:${head.hash}:${at.toISOString()}`)
		expect(parseChainHead(formatChainHead(head))).toEqual(head)
		for (const bad of ['', 'fieldready-audit-head:v1:5:abc:2026-11-26T09:00:00.000Z', `fieldready-audit-head:v2:5:${head.hash}:${at.toISOString()}`, `fieldready-audit-head:v1:5:${head.hash}:someday`]) expect(parseChainHead(bad), bad).toBeNull()
	})

	test('a log cut short, its head row moved back to match, still verifies on its own but not against a kept head', async () => {
		const { db } = await chainOfFive()
		const kept = (await currentChainHead(db))!
		const third = await db.auditEvent.findUniqueOrThrow({ where: { seq: 3 } })
		await tamperWithLog(db, 'DELETE FROM "AuditEvent" WHERE "seq" >= 4', `UPDATE "AuditChainHead" SET "lastSeq" = 3, "lastHash" = '${third.hash}' WHERE "id" = 1`)
		expect(await verifyAuditChain(db)).toEqual({ ok: true, count: 3, lastHash: third.hash })
		expect(await checkKeptHead({ kept, count: 3 }, db)).toEqual({ ok: false, problem: 'the log ends at event #3, but the kept head is event #5: events were removed from the end' })
	})

	test('a log rewritten and re-hashed whole still verifies on its own but not against a kept head', async () => {
		const { db } = await chainOfFive()
		const kept = (await currentChainHead(db))!
		await rechain(db, 2, (event) => (event.seq === 2 ? { details: '{"action":"rewritten"}' } : {}))
		expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 5 })
		expect(await checkKeptHead({ kept, count: 5 }, db)).toEqual({ ok: false, problem: 'event #5 no longer has the kept hash: the chain was rewritten and re-hashed from that point or before' })
		// A head kept before the rewritten event is still reached.
		const first = await db.auditEvent.findUniqueOrThrow({ where: { seq: 1 } })
		expect(await checkKeptHead({ kept: { seq: 1, hash: first.hash, at }, count: 5 }, db)).toMatchObject({ ok: true })
	})

	test('npm run audit:head prints the line, and audit:verify --head fails once the log no longer reaches it', async () => {
		const { db, url } = await chainOfFive()
		const run = (script: string, ...args: string[]) =>
			spawnSync(process.execPath, [path.join('node_modules', 'tsx', 'dist', 'cli.mjs'), path.join('app', 'cli', script), ...args], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, DATABASE_URL: url } })
		const printed = run('audit-head.ts')
		expect(printed.status).toBe(0)
		const line = printed.stdout.trim()
		expect(parseChainHead(line)).toEqual(await currentChainHead(db))
		expect(run('audit-verify.ts', '--head', line)).toMatchObject({ status: 0, stdout: expect.stringContaining('The log still reaches the kept head (event #5') })
		expect(run('audit-verify.ts', '--head', 'yesterday')).toMatchObject({ status: 1, stderr: expect.stringContaining('--head must be a line printed by npm run audit:head') })

		const third = await db.auditEvent.findUniqueOrThrow({ where: { seq: 3 } })
		await tamperWithLog(db, 'DELETE FROM "AuditEvent" WHERE "seq" >= 4', `UPDATE "AuditChainHead" SET "lastSeq" = 3, "lastHash" = '${third.hash}' WHERE "id" = 1`)
		expect(run('audit-verify.ts', '--head', line)).toMatchObject({ status: 1, stderr: expect.stringContaining('Audit log does not reach the kept head: the log ends at event #3') })
	})
})

test('the Audit log page shows admins the head line to keep, and no one else', async () => {
	await createTestOrg()
	const admin = await createTestPerson({ roles: ['admin'], orgUnitCode: 'BL' })
	const manager = await createTestPerson({ roles: ['manager'], orgUnitCode: 'BL-EMEA', managedUnitCodes: ['BL-EMEA'] })
	const page = async (personId: string) => settle(async () => auditPageLoader({ request: await signedInRequest(personId, 'http://localhost/admin/audit'), params: {}, context: {} }))
	const shown = (await page(admin.id)) as { head: { seq: number; line: string } }
	expect(parseChainHead(shown.head.line)).toEqual(await currentChainHead())
	expect(((await page(manager.id)) as Response).status).toBe(403)
})
