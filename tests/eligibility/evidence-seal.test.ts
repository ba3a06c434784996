import { beforeAll, describe, expect, test } from 'vitest'
import { createHash } from 'node:crypto'
import { recordAuditEvent } from '#app/audit/audit-log.server.ts'
import { evidenceDigest, sealHash, verifyEligibilityEvidence } from '#app/eligibility/evidence-seal.server.ts'
import { canonicalJson } from '#app/utils/canonical-json.ts'
import { recordChecks, type EvidenceRow } from '#app/eligibility/evidence.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestOrg, createTestPerson } from '#tests/factories.ts'
import { tamper } from '#tests/db-utils.ts'
import { evidenceRows } from './evidence-rows.ts'

let personId = ''

beforeAll(async () => {
	await createTestOrg()
	personId = (await createTestPerson()).id
})

const rows = (count: number, apiClientId: string) => evidenceRows(count, { personId, apiClientId })

/** Runs a tampering against stored evidence, checks what verification says, and undoes it. */
async function tampered(tamper: () => Promise<unknown>, undo: () => Promise<unknown>) {
	await tamper()
	try {
		return await verifyEligibilityEvidence()
	} finally {
		await undo()
	}
}

describe('sealing eligibility evidence into the audit chain', () => {
	let checks: EvidenceRow[] = []

	beforeAll(async () => {
		const dispatch = rows(3, 'client-dispatch')
		const planner = rows(2, 'client-planner')
		// One commit: both clients' checks are decided in the same turn and written together.
		await Promise.all([recordChecks(dispatch, prisma), recordChecks(planner, prisma)])
		checks = [...dispatch, ...planner]
	})

	const stored = (id: string) => prisma.eligibilityCheck.findUniqueOrThrow({ where: { id } })

	test('the database refuses updates and deletes of a stored check, as it does for audit rows', async () => {
		const target = await stored(checks[0]!.id)
		await expect(prisma.eligibilityCheck.update({ where: { id: target.id }, data: { eligible: !target.eligible } })).rejects.toThrow()
		await expect(prisma.eligibilityCheck.delete({ where: { id: target.id } })).rejects.toThrow()
		expect(await stored(target.id)).toEqual(target)
		// From here on, an attacker with the database file has lifted that guard: verification must still find what they do.
		await tamper(prisma, 'EligibilityCheck')
	})

	test('one seal per API client and commit holds the count and hash of the digests of what was stored, and no check id', async () => {
		const all = await prisma.eligibilityCheck.findMany({ where: { id: { in: checks.map((c) => c.id) } } })
		const seals = await prisma.auditEvent.findMany({ where: { seq: { in: all.map((c) => c.auditSeq!) } }, orderBy: { seq: 'asc' } })
		expect(seals.map((s) => [s.action, s.actorId])).toEqual([
			['eligibility.recorded', 'client-dispatch'],
			['eligibility.recorded', 'client-planner'],
		])
		for (const seal of seals) {
			const sealed = all.filter((c) => c.auditSeq === seal.seq)
			expect(sealed.every((c) => c.apiClientId === seal.actorId)).toBe(true)
			expect(JSON.parse(seal.details)).toEqual({ checks: sealed.length, sha256: sealHash(sealed.map(evidenceDigest)) })
			for (const check of sealed) expect(seal.details).not.toContain(check.id)
		}
		expect(await verifyEligibilityEvidence()).toEqual({ ok: true, sealed: 5, legacy: 0 })
	})

	test('an altered column of a check is found: the answer, the awards relied on, or whose check it is', async () => {
		const target = await stored(checks[0]!.id)
		const alterations = [{ response: `${target.response} ` }, { reliedOn: '{"awardIds":[]}' }, { personId: null }, { eligible: false }, { at: new Date('2030-01-01T00:00:00Z') }]
		for (const data of alterations) {
			const result = await tampered(
				() => prisma.eligibilityCheck.update({ where: { id: target.id }, data }),
				() => prisma.eligibilityCheck.update({ where: { id: target.id }, data: target }),
			)
			expect(result).toEqual({ ok: false, problem: `the checks sealed by audit event #${target.auditSeq} were altered, removed or added (3 stored, 3 sealed)` })
		}
		expect(await verifyEligibilityEvidence()).toMatchObject({ ok: true })
	})

	test('a removed check is found', async () => {
		const target = await stored(checks[1]!.id)
		const result = await tampered(
			() => prisma.eligibilityCheck.delete({ where: { id: target.id } }),
			() => prisma.eligibilityCheck.create({ data: target }),
		)
		expect(result).toEqual({ ok: false, problem: `the checks sealed by audit event #${target.auditSeq} were altered, removed or added (2 stored, 3 sealed)` })
	})

	test('an inserted check is found, whether it names a seal, another event or none', async () => {
		const original = await stored(checks[0]!.id)
		const forged = { ...original, id: 'chk_forged', response: original.response.replace(original.id, 'chk_forged') }
		const namingSeal = await tampered(
			() => prisma.eligibilityCheck.create({ data: forged }),
			() => prisma.eligibilityCheck.delete({ where: { id: forged.id } }),
		)
		expect(namingSeal).toEqual({ ok: false, problem: `the checks sealed by audit event #${original.auditSeq} were altered, removed or added (4 stored, 3 sealed)` })
		const otherEvent = await recordAuditEvent({ actor: { type: 'system' }, action: 'test.other', at: new Date() })
		const namingOther = await tampered(
			() => prisma.eligibilityCheck.create({ data: { ...forged, auditSeq: otherEvent.seq } }),
			() => prisma.eligibilityCheck.delete({ where: { id: forged.id } }),
		)
		expect(namingOther).toEqual({ ok: false, problem: `check chk_forged names audit event #${otherEvent.seq}, which seals no checks (inserted)` })
		const unsealed = await tampered(
			() => prisma.eligibilityCheck.create({ data: { ...forged, auditSeq: null } }),
			() => prisma.eligibilityCheck.delete({ where: { id: forged.id } }),
		)
		expect(unsealed).toEqual({ ok: false, problem: 'check chk_forged has no audit event (inserted)' })
	})

	test('checks committed after the head a verification starts from are left for the next run', async () => {
		const { lastSeq } = await prisma.auditChainHead.findUniqueOrThrow({ where: { id: 1 } })
		await recordChecks(rows(2, 'client-dispatch'), prisma)
		expect(await verifyEligibilityEvidence({ upToSeq: lastSeq })).toMatchObject({ ok: true, sealed: 5 })
		expect(await verifyEligibilityEvidence()).toMatchObject({ ok: true, sealed: 7 })
	})

	test('a check recorded before sealing, with an audit event of its own, still verifies; removing it is found', async () => {
		const [legacy] = rows(1, 'client-dispatch') as [EvidenceRow]
		await prisma.eligibilityCheck.create({ data: { ...legacy, auditSeq: null } })
		await recordAuditEvent({ actor: { type: 'api_client', id: 'client-dispatch' }, action: 'eligibility.checked', subject: { type: 'eligibility_check', id: legacy.id }, at: legacy.checkedAt })
		expect(await verifyEligibilityEvidence()).toEqual({ ok: true, sealed: 7, legacy: 1 })
		const removed = await tampered(
			() => prisma.eligibilityCheck.delete({ where: { id: legacy.id } }),
			() => prisma.eligibilityCheck.create({ data: { ...legacy, auditSeq: null } }),
		)
		expect(removed).toEqual({ ok: false, problem: `check ${legacy.id}, audited before sealing, is missing (removed)` })
	})
})

describe("a check's digest", () => {
	const check = {
		id: 'chk_0193a1b2c3d4abcdefghijklmnopqrst',
		apiClientId: 'client-dispatch',
		batchId: null,
		employeeId: 'SR-1001',
		personId: 'person-1',
		workTypeCode: 'PATCH_APPLICATION',
		at: new Date('2026-12-05T06:00:00.000Z'),
		checkedAt: new Date('2026-12-05T06:00:00.123Z'),
		eligible: true,
		response: '{"checkId":"chk_x","eligible":true,"note":"ü \\"quoted\\""}',
		reliedOn: '{"awardIds":["a1"]}',
	}
	const other = { ...check, batchId: 'bat_1', personId: null, eligible: false }

	test('is the SHA-256 of the canonical JSON of its stored columns', () => {
		for (const row of [check, other]) expect(evidenceDigest(row)).toBe(createHash('sha256').update(canonicalJson(row)).digest('hex'))
	})

	test('never changes: seals already in the chain were made with it', () => {
		expect(evidenceDigest(check)).toBe('d8dbcfd65a62d7271e46c2652b464e1091cdb35f550ca470e3cf420c0c416694')
		expect(evidenceDigest(other)).toBe('1013c10f2aa57394b454ef5cc6503fc36bb4b4178ca0b4d4c797fde6a3f1a47c')
	})
})
