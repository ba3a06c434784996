import { beforeAll, describe, expect, test } from 'vitest'
import { recordAuditEvent } from '#app/audit/audit-log.server.ts'
import { newCheckIds } from '#app/eligibility/check-ids.server.ts'
import { evidenceDigest, verifyEligibilityEvidence } from '#app/eligibility/evidence-seal.server.ts'
import { recordChecks, type EvidenceRow } from '#app/eligibility/evidence.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestOrg, createTestPerson } from '#tests/factories.ts'

let personId = ''

beforeAll(async () => {
	await createTestOrg()
	personId = (await createTestPerson()).id
})

function rows(count: number, apiClientId: string): EvidenceRow[] {
	const checkedAt = new Date()
	return newCheckIds(count, checkedAt).map((id, i) => ({
		id,
		apiClientId,
		batchId: null,
		employeeId: `E-${i}`,
		personId,
		workTypeCode: 'PATCH_APPLICATION',
		at: checkedAt,
		checkedAt,
		eligible: true,
		response: JSON.stringify({ checkId: id, eligible: true }),
		reliedOn: '{"awardIds":["a-1"]}',
	}))
}

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

	test('one seal per API client and commit lists each of its checks with the digest of what was stored', async () => {
		const stored = await prisma.eligibilityCheck.findMany({ where: { id: { in: checks.map((c) => c.id) } } })
		const seals = await prisma.auditEvent.findMany({ where: { seq: { in: stored.map((c) => c.auditSeq!) } }, orderBy: { seq: 'asc' } })
		expect(seals.map((s) => [s.action, s.actorId])).toEqual([
			['eligibility.recorded', 'client-dispatch'],
			['eligibility.recorded', 'client-planner'],
		])
		for (const check of stored) {
			const seal = seals.find((s) => s.seq === check.auditSeq)!
			expect(seal.actorId).toBe(check.apiClientId)
			expect((JSON.parse(seal.details) as { checks: unknown[] }).checks).toContainEqual({ id: check.id, sha256: evidenceDigest(check) })
		}
		expect(await verifyEligibilityEvidence()).toEqual({ ok: true, sealed: 5, legacy: 0 })
	})

	test('an altered answer or list of awards relied on is found', async () => {
		const [target] = checks
		const restore = { response: target!.response, reliedOn: target!.reliedOn }
		const altered = await tampered(
			() => prisma.eligibilityCheck.update({ where: { id: target!.id }, data: { response: target!.response.replace('true', 'false') } }),
			() => prisma.eligibilityCheck.update({ where: { id: target!.id }, data: restore }),
		)
		expect(altered).toEqual({ ok: false, checkId: target!.id, problem: expect.stringMatching(/was altered/) })
		const reliedOn = await tampered(
			() => prisma.eligibilityCheck.update({ where: { id: target!.id }, data: { reliedOn: '{"awardIds":[]}' } }),
			() => prisma.eligibilityCheck.update({ where: { id: target!.id }, data: restore }),
		)
		expect(reliedOn).toMatchObject({ ok: false, checkId: target!.id })
		expect(await verifyEligibilityEvidence()).toMatchObject({ ok: true })
	})

	test('a removed check is found', async () => {
		const target = await prisma.eligibilityCheck.findUniqueOrThrow({ where: { id: checks[1]!.id } })
		const result = await tampered(
			() => prisma.eligibilityCheck.delete({ where: { id: target.id } }),
			() => prisma.eligibilityCheck.create({ data: target }),
		)
		expect(result).toEqual({ ok: false, checkId: target.id, problem: expect.stringMatching(/is missing \(removed\)/) })
	})

	test('an inserted check is found, whether it claims a seal or none', async () => {
		const original = await prisma.eligibilityCheck.findUniqueOrThrow({ where: { id: checks[0]!.id } })
		const forged = { ...original, id: 'chk_forged', response: original.response.replace(original.id, 'chk_forged') }
		const claimingSeal = await tampered(
			() => prisma.eligibilityCheck.create({ data: forged }),
			() => prisma.eligibilityCheck.delete({ where: { id: forged.id } }),
		)
		expect(claimingSeal).toEqual({ ok: false, checkId: 'chk_forged', problem: `check chk_forged claims audit event #${original.auditSeq}, which does not list it (inserted)` })
		const claimingNoSeal = await tampered(
			() => prisma.eligibilityCheck.create({ data: { ...forged, auditSeq: 999_999 } }),
			() => prisma.eligibilityCheck.delete({ where: { id: forged.id } }),
		)
		expect(claimingNoSeal).toEqual({ ok: false, checkId: 'chk_forged', problem: expect.stringMatching(/claims audit event #999999, which does not list it/) })
		const unsealed = await tampered(
			() => prisma.eligibilityCheck.create({ data: { ...forged, auditSeq: null } }),
			() => prisma.eligibilityCheck.delete({ where: { id: forged.id } }),
		)
		expect(unsealed).toEqual({ ok: false, checkId: 'chk_forged', problem: expect.stringMatching(/has no audit event/) })
	})

	test('a check recorded before sealing, with an audit event of its own, still verifies', async () => {
		const [legacy] = rows(1, 'client-dispatch')
		await prisma.eligibilityCheck.create({ data: { ...legacy!, auditSeq: null } })
		await recordAuditEvent({ actor: { type: 'api_client', id: 'client-dispatch' }, action: 'eligibility.checked', subject: { type: 'eligibility_check', id: legacy!.id }, at: legacy!.checkedAt })
		expect(await verifyEligibilityEvidence()).toEqual({ ok: true, sealed: 5, legacy: 1 })
	})
})
