import { beforeAll, describe, expect, test } from 'vitest'
import { awardHistories } from '#app/certification/award-histories.server.ts'
import { AwardRuleError, changeAwardStatus } from '#app/certification/awards.server.ts'
import { certificationStatusAt } from '#app/certification/status.ts'
import { action as personAction } from '#app/routes/manage+/people.$employeeId.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { createTestOrg, createTestPerson, settle, signedInRequest } from '#tests/factories.ts'
import { loadPersonPage, viewOf } from '#tests/people/person-page-utils.ts'

type Person = Awaited<ReturnType<typeof createTestPerson>>
const people = {} as Record<'rep' | 'teamManager' | 'peerManager' | 'regionManager' | 'naManager' | 'admin' | 'secondAdmin' | 'managerWhoIsRep', Person>
const at = (day: number) => new Date(Date.UTC(2026, 5, day, 9))

beforeAll(async () => {
	await createTestOrg()
	await prisma.certification.create({ data: { code: 'SEC-TEST', name: 'Test certification', description: 'd', validityMonths: 12, recertificationWindowDays: 30, requiredForAllReps: true } })
	people.rep = await createTestPerson({ orgUnitCode: 'BL-EMEA-T1' })
	people.teamManager = await createTestPerson({ roles: ['manager'], orgUnitCode: 'BL-EMEA-T1', managedUnitCodes: ['BL-EMEA-T1'] })
	people.peerManager = await createTestPerson({ roles: ['manager'], orgUnitCode: 'BL-EMEA-T1', managedUnitCodes: ['BL-EMEA-T1'] })
	people.regionManager = await createTestPerson({ roles: ['manager'], orgUnitCode: 'BL-EMEA', managedUnitCodes: ['BL-EMEA'] })
	people.naManager = await createTestPerson({ roles: ['manager'], orgUnitCode: 'BL-NA', managedUnitCodes: ['BL-NA'] })
	people.admin = await createTestPerson({ roles: ['admin'], orgUnitCode: 'BL' })
	people.secondAdmin = await createTestPerson({ roles: ['admin'], orgUnitCode: 'BL' })
	people.managerWhoIsRep = await createTestPerson({ roles: ['rep', 'manager'], orgUnitCode: 'BL-EMEA-T1', managedUnitCodes: ['BL-EMEA-T1'] })
})

async function awardFor(holder: Person) {
	return prisma.certificationAward.create({
		data: { personId: holder.id, certificationCode: 'SEC-TEST', issuedAt: at(1), expiresAt: at(300), source: 'imported', evidence: '{}', verificationCode: `V${Math.random().toString(36).slice(2, 14).toUpperCase()}` },
	})
}

const act = (by: Person, award: { id: string; personId: string }, kind: 'revoked' | 'suspended' | 'reinstated', day: number) =>
	changeAwardStatus({ awardId: award.id, personId: award.personId, input: { kind, reason: `Decision on day ${day}` }, actor: { type: 'person', id: by.id }, at: at(day) })

const statusOn = async (award: { personId: string }, day: number) => certificationStatusAt({ awards: await awardHistories(award.personId, 'SEC-TEST'), windowDays: 30 }, at(day)).status

/** A refusal names the rule, and leaves no change and no audit row behind. */
/** Counts first, then attempts: an attempt started earlier could fail before anyone awaits it. */
async function expectRefused(attempt: () => Promise<unknown>, message: string, award: { id: string }) {
	const changes = await prisma.awardStatusChange.count({ where: { awardId: award.id } })
	const audits = await prisma.auditEvent.count({ where: { subjectId: award.id } })
	await expect(attempt()).rejects.toThrow(new AwardRuleError(message))
	expect(await prisma.awardStatusChange.count({ where: { awardId: award.id } })).toBe(changes)
	expect(await prisma.auditEvent.count({ where: { subjectId: award.id } })).toBe(audits)
}

describe('separation of duties on certificate decisions', () => {
	test('nobody suspends, revokes or reinstates their own certification, even a manager of their own team', async () => {
		const own = await awardFor(people.managerWhoIsRep)
		for (const kind of ['suspended', 'revoked'] as const) await expectRefused(() => act(people.managerWhoIsRep, own, kind, 2), 'You cannot change your own certification; your manager or an administrator decides on it.', own)
		await act(people.teamManager, own, 'suspended', 3)
		await expectRefused(() => act(people.managerWhoIsRep, own, 'reinstated', 4), 'You cannot change your own certification; your manager or an administrator decides on it.', own)
		expect(await statusOn(own, 5)).toBe('suspended')
	})

	test('a manager acts only within the units they oversee', async () => {
		const award = await awardFor(people.rep)
		await expectRefused(() => act(people.naManager, award, 'suspended', 2), 'Only an administrator or a manager of this person can change their certifications.', award)
	})

	test('a suspension is temporary: any manager of the holder lifts it, the one who suspended included', async () => {
		const award = await awardFor(people.rep)
		await act(people.teamManager, award, 'suspended', 2)
		expect(await statusOn(award, 3)).toBe('suspended')
		await expectRefused(() => act(people.peerManager, award, 'suspended', 3), 'This certification is already suspended.', award)
		await act(people.teamManager, award, 'reinstated', 4)
		expect(await statusOn(award, 5)).toBe('valid')
	})

	test('a suspension may become a revocation; a revocation never becomes a suspension', async () => {
		const award = await awardFor(people.rep)
		await act(people.teamManager, award, 'suspended', 2)
		await act(people.peerManager, award, 'revoked', 3)
		expect(await statusOn(award, 4)).toBe('revoked')
		await expectRefused(() => act(people.regionManager, award, 'suspended', 4), 'This certification is revoked; it can only be reinstated.', award)
	})

	test('a revocation is reversed only by an admin or a manager above the revoker, never by the revoker or a peer', async () => {
		const award = await awardFor(people.rep)
		await act(people.teamManager, award, 'revoked', 2)
		await expectRefused(() => act(people.teamManager, award, 'reinstated', 3), 'A revocation is reversed by an administrator or a manager above the person who revoked it, never by the same person.', award)
		await expectRefused(() => act(people.peerManager, award, 'reinstated', 3), 'Only an administrator or a manager above the person who revoked it can reverse a revocation.', award)
		await act(people.regionManager, award, 'reinstated', 4)
		expect(await statusOn(award, 5)).toBe('valid')

		const byAdmin = await awardFor(people.rep)
		await act(people.admin, byAdmin, 'revoked', 2)
		await expectRefused(() => act(people.regionManager, byAdmin, 'reinstated', 3), 'Only an administrator or a manager above the person who revoked it can reverse a revocation.', byAdmin)
		await expectRefused(() => act(people.admin, byAdmin, 'reinstated', 3), 'A revocation is reversed by an administrator or a manager above the person who revoked it, never by the same person.', byAdmin)
		await act(people.secondAdmin, byAdmin, 'reinstated', 4)
		expect(await statusOn(byAdmin, 5)).toBe('valid')
	})

	test('each step is audited with its actor and reason, and the history names who did what', async () => {
		const award = await awardFor(people.rep)
		await act(people.teamManager, award, 'suspended', 2)
		await act(people.regionManager, award, 'revoked', 3)
		const events = await prisma.auditEvent.findMany({ where: { subjectId: award.id }, orderBy: { seq: 'asc' }, select: { action: true, actorId: true, details: true } })
		expect(events.map((e) => [e.action, e.actorId, (JSON.parse(e.details) as { reason: string }).reason])).toEqual([
			['certification.suspended', people.teamManager.id, 'Decision on day 2'],
			['certification.revoked', people.regionManager.id, 'Decision on day 3'],
		])
	})
})

describe('the person page offers exactly what the rules allow', () => {
	async function decisionsOf(viewer: Person, holder: Person) {
		return viewOf(await loadPersonPage(viewer.id, holder.employeeId), 'overview').certifications.find((c) => c.code === 'SEC-TEST')!.decisions
	}

	test("to the revoker nothing but the reason why; to the manager above, reinstating; refused through the form with the rule's words", async () => {
		const holder = await createTestPerson({ orgUnitCode: 'BL-EMEA-T1' })
		const award = await awardFor(holder)
		expect(await decisionsOf(people.teamManager, holder)).toEqual({ allowed: ['suspended', 'revoked'], note: null })
		await act(people.teamManager, award, 'revoked', 2)
		expect(await decisionsOf(people.teamManager, holder)).toEqual({ allowed: [], note: 'A revocation is reversed by an administrator or a manager above the person who revoked it, never by the same person.' })
		expect(await decisionsOf(people.regionManager, holder)).toEqual({ allowed: ['reinstated'], note: null })

		const form = new URLSearchParams({ intent: 'change-status', awardId: award.id, kind: 'reinstated', reason: 'I changed my mind about it' })
		const request = await signedInRequest(people.teamManager.id, `http://localhost/manage/people/${holder.employeeId}`, { method: 'POST', body: form })
		const response = (await settle(() => personAction({ request, params: { employeeId: holder.employeeId }, context: {} }))) as { init: { status: number }; data: { result: { error: Record<string, string[]> } } }
		expect(response.init.status).toBe(400)
		expect(JSON.stringify(response.data.result.error)).toContain('never by the same person')
		expect(await prisma.awardStatusChange.count({ where: { awardId: award.id } })).toBe(1)
	})
})
