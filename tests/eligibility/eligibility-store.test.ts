import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { appendAuditEvent, recordAuditEvent, verifyAuditChain } from '#app/audit/audit-log.server.ts'
import { openPostgresEligibilityReader } from '#app/eligibility/eligibility-store.postgres.server.ts'
import { eligibilityReaderFor, evidenceStoreFor } from '#app/eligibility/eligibility-store.server.ts'
import { openSqliteEligibilityReader } from '#app/eligibility/eligibility-store.sqlite.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { sqliteInstant } from '#app/utils/sqlite-instants.server.ts'
import { storageFailureOf } from '#app/utils/storage-failure.server.ts'
import { onPostgres } from '#tests/db-utils.ts'
import { createTestOrg, createTestPerson, TEST_EMPLOYED_SINCE } from '#tests/factories.ts'

// Instants must come back as the instants Prisma wrote whatever the process's time zone: read in
// local time, a zone-less timestamp would move by the offset (thirteen hours here, in December).
const timeZone = process.env.TZ
beforeAll(() => void (process.env.TZ = 'Pacific/Auckland'))
afterAll(() => void (timeZone === undefined ? delete process.env.TZ : (process.env.TZ = timeZone)))

const issuedAt = new Date('2026-03-04T05:06:07.089Z')
const expiresAt = new Date('2027-03-04T05:06:07.089Z')
const revokedAt = new Date('2026-06-01T12:00:00.001Z')
type Rep = Awaited<ReturnType<typeof createTestPerson>>
let rep: Rep
let other: Rep
let awardId = ''

beforeAll(async () => {
	await createTestOrg()
	for (const code of ['SEC-FOUNDATION', 'SEC-PATCH', 'SEC-BACKUP']) {
		await prisma.certification.create({ data: { code, name: code, description: code, validityMonths: 12, recertificationWindowDays: 30, requiredForAllReps: false } })
	}
	rep = await createTestPerson()
	other = await createTestPerson()
	const award = await prisma.certificationAward.create({ data: { personId: rep.id, certificationCode: 'SEC-PATCH', issuedAt, expiresAt, source: 'manual', evidence: '{}', verificationCode: 'VSTORE0000001' } })
	awardId = award.id
	await prisma.awardStatusChange.create({ data: { awardId, kind: 'revoked', reason: 'test', actorId: 'x', at: revokedAt } })
	await prisma.certificationAward.create({ data: { personId: rep.id, certificationCode: 'SEC-BACKUP', issuedAt, expiresAt, source: 'manual', evidence: '{}', verificationCode: 'VSTORE0000002' } })
	await prisma.pendingPractical.create({ data: { personId: rep.id, certificationCode: 'SEC-FOUNDATION', trainingCompletedAt: issuedAt, lapsesAt: expiresAt } })
	await prisma.retrainingDue.create({ data: { personId: rep.id, certificationCode: 'SEC-PATCH', awardId, moduleId: 'patching', moduleVersionId: 'v2', dueSince: issuedAt, deadline: expiresAt } })
})

describe('the eligibility read', () => {
	test('returns what Prisma wrote, instants exact, for the certifications asked only', async () => {
		const rows = await eligibilityReaderFor(prisma).readPeople([rep.employeeId, 'NOBODY'], ['SEC-FOUNDATION', 'SEC-PATCH'])
		const base = { personId: rep.id, employeeId: rep.employeeId }
		expect(rows).toHaveLength(4)
		expect(rows).toEqual(
			expect.arrayContaining([
				{ ...base, source: 0, awardId, certificationCode: 'SEC-PATCH', issuedAt, expiresAt, kind: 'revoked', changedAt: revokedAt },
				{ ...base, source: 1, awardId: null, certificationCode: null, issuedAt: TEST_EMPLOYED_SINCE, expiresAt: null, kind: null, changedAt: null },
				{ ...base, source: 2, awardId: null, certificationCode: 'SEC-FOUNDATION', issuedAt, expiresAt, kind: null, changedAt: null },
				{ ...base, source: 3, awardId, certificationCode: 'SEC-PATCH', issuedAt, expiresAt, kind: 'patching', changedAt: null },
			]),
		)
	})

	test('a person without awards of those certifications comes with an empty award row and their employment', async () => {
		const rows = await eligibilityReaderFor(prisma).readPeople([other.employeeId], ['SEC-PATCH'])
		expect(rows.map((row) => [row.source, row.awardId])).toEqual(expect.arrayContaining([[0, null], [1, null]]))
		expect(rows).toHaveLength(2)
	})

	test('takes any number of IDs as one parameter, and IDs are data, never SQL', async () => {
		const hostile = [`x' OR 1=1 --`, `"]) OR 1=1 --`, `${rep.employeeId}'`]
		const many = [...Array.from({ length: 40_000 }, (_, i) => `MISSING-${i}`), ...hostile, rep.employeeId]
		const rows = await eligibilityReaderFor(prisma).readPeople(many, ['SEC-BACKUP'])
		expect(new Set(rows.map((row) => row.employeeId))).toEqual(new Set([rep.employeeId]))
	})

	test('a database that cannot be reached fails the read as a storage failure', async () => {
		const store = onPostgres ? openPostgresEligibilityReader('postgresql://fieldready@127.0.0.1:1/nowhere') : openSqliteEligibilityReader(path.join(tmpdir(), `missing-${process.pid}.db`))
		try {
			const failed = await store.readPeople([rep.employeeId], ['SEC-PATCH']).catch((error: unknown) => error)
			expect(storageFailureOf(failed)).toMatchObject({ reason: onPostgres ? 'the database server cannot be reached' : 'the database file cannot be opened' })
		} finally {
			await store.close()
		}
	})
})

describe('the evidence commit', () => {
	const seal = (apiClientId: string, at: Date) => ({ apiClientId, actor: { type: 'api_client' as const, id: apiClientId }, action: 'eligibility.recorded', details: { checks: 1 }, at })
	const check = (id: string, apiClientId: string, eligible: boolean) => ({ id, apiClientId, batchId: eligible ? null : 'batch-1', employeeId: rep.employeeId, personId: rep.id, workTypeCode: 'PATCH_APPLICATION', at: issuedAt, checkedAt: revokedAt, eligible, response: `{"checkId":"${id}"}`, reliedOn: '{"awardIds":[]}' })

	test('stores the checks and their seals in one transaction, read back by Prisma exactly as given, the chain intact', async () => {
		const before = await prisma.auditChainHead.findUniqueOrThrow({ where: { id: 1 } })
		const rows = [check('chk_store_1', 'client-a', true), check('chk_store_2', 'client-b', false), check('chk_store_3', 'client-a', false)]
		await evidenceStoreFor(prisma).commitSealedChecks([seal('client-a', revokedAt), seal('client-b', revokedAt)], rows)
		const events = await prisma.auditEvent.findMany({ where: { seq: { gt: before.lastSeq } }, orderBy: { seq: 'asc' } })
		const event = (seq: number, client: string) => ({ seq, at: revokedAt, actorType: 'api_client', actorId: client, action: 'eligibility.recorded', subjectType: null, subjectId: null, details: '{"checks":1}', prevHash: expect.any(String), hash: expect.any(String) })
		expect(events).toEqual([event(before.lastSeq + 1, 'client-a'), event(before.lastSeq + 2, 'client-b')])
		const stored = await prisma.eligibilityCheck.findMany({ where: { id: { in: rows.map((r) => r.id) } }, orderBy: { id: 'asc' } })
		expect(stored).toEqual(rows.map((row) => ({ ...row, auditSeq: before.lastSeq + (row.apiClientId === 'client-a' ? 1 : 2) })))
		expect(await verifyAuditChain()).toMatchObject({ ok: true })
	})

	// Right after this writer's own commit a commit is one statement; after another writer's append it
	// is made under the head's lock (on SQLite both are one transaction).
	const precedingAppends = {
		'its own commit': (id: string) => evidenceStoreFor(prisma).commitSealedChecks([seal('client-a', revokedAt)], [check(id, 'client-a', true)]),
		"another writer's append": () => recordAuditEvent({ actor: { type: 'system' }, action: 'test.other', at: revokedAt }),
	}
	test.each(Object.entries(precedingAppends))('a commit that fails part-way after %s leaves nothing behind: no seal, no check, the head where it was', async (name, append) => {
		const [first, second] = name === 'its own commit' ? ['chk_fail_own_1', 'chk_fail_own_2'] : ['chk_fail_other_1', 'chk_fail_other_2']
		await evidenceStoreFor(prisma).commitSealedChecks([seal('client-a', revokedAt)], [check(first, 'client-a', true)])
		await append(`${first}_next`)
		const before = await prisma.auditChainHead.findUniqueOrThrow({ where: { id: 1 } })
		// The second check repeats the first one's id: the insert fails after the seal was appended.
		const failing = evidenceStoreFor(prisma).commitSealedChecks([seal('client-a', revokedAt)], [check(second, 'client-a', true), check(first, 'client-a', true)])
		await expect(failing).rejects.toThrow(/unique|duplicate/i)
		expect(await prisma.auditChainHead.findUniqueOrThrow({ where: { id: 1 } })).toEqual(before)
		expect(await prisma.auditEvent.count({ where: { seq: { gt: before.lastSeq } } })).toBe(0)
		expect(await prisma.eligibilityCheck.count({ where: { id: second } })).toBe(0)
		await evidenceStoreFor(prisma).commitSealedChecks([seal('client-a', revokedAt)], [check(second, 'client-a', true)])
		expect(await verifyAuditChain()).toMatchObject({ ok: true })
	})

	test('commits after other appends to the chain (this process, another writer) chain after them, in one linear chain', async () => {
		const store = evidenceStoreFor(prisma)
		// Round trips to the server: each pg query is one.
		const queries = vi.spyOn(pg.Client.prototype, 'query')
		const commit = async (id: string) => {
			queries.mockClear()
			await store.commitSealedChecks([seal('client-a', revokedAt)], [check(id, 'client-a', true)])
			return queries.mock.calls.length
		}
		const sealOf = async (id: string) => (await prisma.eligibilityCheck.findUniqueOrThrow({ where: { id } })).auditSeq!
		try {
			await commit('chk_chain_1')
			const afterOwn = await commit('chk_chain_2')
			const other = await recordAuditEvent({ actor: { type: 'system' }, action: 'test.other', at: revokedAt })
			const afterOther = await commit('chk_chain_3')
			const afterLocked = await commit('chk_chain_4')
			const first = await sealOf('chk_chain_1')
			expect([await sealOf('chk_chain_2'), other.seq, await sealOf('chk_chain_3'), await sealOf('chk_chain_4')]).toEqual([first + 1, first + 2, first + 3, first + 4])
			expect(await prisma.auditChainHead.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ lastSeq: first + 4 })
			expect(await verifyAuditChain()).toMatchObject({ ok: true })
			// One statement after its own commit; after another writer's append, that statement stores nothing and the three of the locked commit follow.
			if (onPostgres) expect([afterOwn, afterOther, afterLocked]).toEqual([1, 4, 1])
		} finally {
			queries.mockRestore()
		}
	})

	test.runIf(onPostgres)('a commit that waits on the head while another writer appends stores after that append, in one linear chain', async () => {
		const store = evidenceStoreFor(prisma)
		await store.commitSealedChecks([seal('client-a', revokedAt)], [check('chk_wait_1', 'client-a', true)])
		const watcher = new pg.Client({ connectionString: process.env.DATABASE_URL })
		await watcher.connect()
		try {
			let committing: Promise<void> = Promise.resolve()
			const other = await prisma.$transaction(
				async (tx) => {
					const appended = await appendAuditEvent(tx, { actor: { type: 'system' }, action: 'test.other', at: revokedAt })
					committing = store.commitSealedChecks([seal('client-a', revokedAt)], [check('chk_wait_2', 'client-a', true)])
					await expect.poll(async () => (await watcher.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'fieldready evidence writer' AND wait_event_type = 'Lock'`)).rows[0].n).toBe(1)
					return appended
				},
				{ timeout: 15_000 },
			)
			await committing
			expect((await prisma.eligibilityCheck.findUniqueOrThrow({ where: { id: 'chk_wait_2' } })).auditSeq).toBe(other.seq + 1)
			expect(await verifyAuditChain()).toMatchObject({ ok: true })
		} finally {
			await watcher.end()
		}
	})

	// A restart, a failover or an operator ending the session, while the writer waits on the chain
	// head that another session holds.
	test.runIf(onPostgres)('a commit whose connection the server ends fails as a storage failure, and the next one opens another', async () => {
		const holder = new pg.Client({ connectionString: process.env.DATABASE_URL })
		await holder.connect()
		const writerSessions = `FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'fieldready evidence writer'`
		try {
			await holder.query('BEGIN')
			await holder.query('SELECT 1 FROM "AuditChainHead" WHERE "id" = 1 FOR UPDATE')
			const committing = evidenceStoreFor(prisma)
				.commitSealedChecks([seal('client-a', revokedAt)], [check('chk_store_6', 'client-a', true)])
				.catch((error: unknown) => error)
			await expect.poll(async () => (await holder.query(`SELECT count(*)::int AS n ${writerSessions} AND wait_event_type = 'Lock'`)).rows[0].n).toBe(1)
			await holder.query(`SELECT pg_terminate_backend(pid) ${writerSessions}`)
			expect(storageFailureOf(await committing)).toMatchObject({ reason: 'the database server cannot be reached' })
		} finally {
			await holder.query('ROLLBACK')
			await holder.end()
		}
		await evidenceStoreFor(prisma).commitSealedChecks([seal('client-a', revokedAt)], [check('chk_store_6', 'client-a', true)])
		expect(await prisma.eligibilityCheck.count({ where: { id: 'chk_store_6' } })).toBe(1)
	})
})

describe.skipIf(onPostgres)('instants as SQLite may hold them', () => {
	test('are written as Prisma writes them, so that SQL compares them as text correctly', async () => {
		const [written] = await prisma.$queryRaw<Array<{ at: string; checkedAt: string }>>`SELECT CAST("at" AS TEXT) AS "at", CAST("checkedAt" AS TEXT) AS "checkedAt" FROM "EligibilityCheck" WHERE "id" = 'chk_store_1'`
		const [byPrisma] = await prisma.$queryRaw<Array<{ issuedAt: string }>>`SELECT CAST("issuedAt" AS TEXT) AS "issuedAt" FROM "CertificationAward" WHERE "id" = ${awardId}`
		expect(written).toEqual({ at: byPrisma!.issuedAt, checkedAt: '2026-06-01T12:00:00.001+00:00' })
	})

	test.each([
		['as Prisma writes them', '2026-03-04T05:06:07.089+00:00'],
		['in UTC with Z', '2026-03-04T05:06:07.089Z'],
		['with another offset', '2026-03-04T06:06:07.089+01:00'],
		["as SQLite's CURRENT_TIMESTAMP writes them (UTC, no zone)", '2026-03-04 05:06:07.089'],
		['as milliseconds since the epoch', issuedAt.getTime()],
	])('%s', async (_, stored) => {
		expect(sqliteInstant(stored)).toEqual(issuedAt)
		await prisma.$executeRaw`UPDATE "EmploymentPeriod" SET "startedAt" = ${stored} WHERE "personId" = ${other.id}`
		const [period] = (await eligibilityReaderFor(prisma).readPeople([other.employeeId], [])).filter((row) => row.source === 1)
		expect(period!.issuedAt).toEqual(issuedAt)
	})
})
