import { beforeAll, describe, expect, test, vi } from 'vitest'
import { eligibilityReaderFor } from '#app/eligibility/eligibility-store.server.ts'
import { loadPeopleWithAwards } from '#app/eligibility/people-loader.server.ts'
import { deactivatePerson, reactivatePerson } from '#app/people/people.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestOrg, createTestPerson, TEST_EMPLOYED_SINCE } from '#tests/factories.ts'

const DAY = 86_400_000
type Rep = Awaited<ReturnType<typeof createTestPerson>>
const reps: Rep[] = []

function award(rep: Rep, code: string, expiresInDays: number) {
	const expiresAt = new Date(Date.now() + expiresInDays * DAY)
	return prisma.certificationAward.create({
		data: { personId: rep.id, certificationCode: code, issuedAt: new Date(expiresAt.getTime() - 365 * DAY), expiresAt, source: 'manual', evidence: '{}', verificationCode: `V${Math.random().toString(36).slice(2, 14).toUpperCase()}` },
	})
}

beforeAll(async () => {
	await createTestOrg()
	for (const code of ['SEC-FOUNDATION', 'SEC-PATCH', 'SEC-BACKUP']) {
		await prisma.certification.create({ data: { code, name: code, description: code, validityMonths: 12, recertificationWindowDays: 30, requiredForAllReps: false } })
	}
	for (let i = 0; i < 4; i++) reps.push(await createTestPerson())
	await award(reps[0]!, 'SEC-FOUNDATION', 100)
	await award(reps[0]!, 'SEC-BACKUP', 50)
	await award(reps[1]!, 'SEC-PATCH', 200)
	const revoked = await award(reps[2]!, 'SEC-FOUNDATION', 300)
	await prisma.awardStatusChange.create({ data: { awardId: revoked.id, kind: 'revoked', reason: 'test', actorId: 'x', at: new Date() } })
})

describe('grouped reads', () => {
	test('concurrent callers share one query and each gets only the people it asked for', async () => {
		const queries = vi.spyOn(eligibilityReaderFor(prisma), 'readPeople')
		const codes = ['SEC-FOUNDATION', 'SEC-PATCH']
		const [first, second, third] = await Promise.all([
			loadPeopleWithAwards([reps[0]!.employeeId, 'NOBODY-1'], codes, prisma),
			loadPeopleWithAwards([reps[1]!.employeeId, reps[2]!.employeeId], codes, prisma),
			loadPeopleWithAwards([reps[0]!.employeeId, reps[3]!.employeeId], codes, prisma),
		])
		expect(queries).toHaveBeenCalledTimes(1)
		expect([...first.keys()]).toEqual([reps[0]!.employeeId])
		expect([...second.keys()]).toEqual([reps[1]!.employeeId, reps[2]!.employeeId])
		expect([...third.keys()]).toEqual([reps[0]!.employeeId, reps[3]!.employeeId])
		expect(first.get(reps[0]!.employeeId)).toMatchObject({ id: reps[0]!.id })
		expect([...first.get(reps[0]!.employeeId)!.awards.keys()]).toEqual(['SEC-FOUNDATION'])
		expect([...second.get(reps[1]!.employeeId)!.awards.keys()]).toEqual(['SEC-PATCH'])
		expect(second.get(reps[2]!.employeeId)!.awards.get('SEC-FOUNDATION')![0]!.changes).toEqual([{ kind: 'revoked', at: expect.any(Date) }])
		expect(third.get(reps[3]!.employeeId)!.awards.size).toBe(0)
	})

	test('callers asking for different certifications are answered by separate queries, each with its own awards', async () => {
		const queries = vi.spyOn(eligibilityReaderFor(prisma), 'readPeople')
		const [patch, backup] = await Promise.all([
			loadPeopleWithAwards([reps[0]!.employeeId], ['SEC-FOUNDATION', 'SEC-PATCH'], prisma),
			loadPeopleWithAwards([reps[0]!.employeeId], ['SEC-BACKUP'], prisma),
		])
		expect(queries).toHaveBeenCalledTimes(2)
		expect([...patch.get(reps[0]!.employeeId)!.awards.keys()]).toEqual(['SEC-FOUNDATION'])
		expect([...backup.get(reps[0]!.employeeId)!.awards.keys()]).toEqual(['SEC-BACKUP'])
	})

	test('a failed query fails every caller of its group', async () => {
		vi.spyOn(eligibilityReaderFor(prisma), 'readPeople').mockRejectedValueOnce(new Error('disk on fire'))
		const results = await Promise.allSettled([loadPeopleWithAwards([reps[0]!.employeeId], ['SEC-PATCH'], prisma), loadPeopleWithAwards([reps[1]!.employeeId], ['SEC-PATCH'], prisma)])
		expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
		expect((await loadPeopleWithAwards([reps[1]!.employeeId], ['SEC-PATCH'], prisma)).size).toBe(1)
	})
})

describe('employment periods', () => {
	test('come in the same query, oldest first, without repeating awards or their changes', async () => {
		const rehired = await createTestPerson()
		await award(rehired, 'SEC-FOUNDATION', 100)
		const revoked = await award(rehired, 'SEC-PATCH', 100)
		await prisma.awardStatusChange.create({ data: { awardId: revoked.id, kind: 'revoked', reason: 'test', actorId: 'x', at: new Date() } })
		const actor = { type: 'system', id: 'test' } as const
		const left = new Date('2025-03-01T00:00:00Z')
		const back = new Date('2025-09-01T00:00:00Z')
		await deactivatePerson({ personId: rehired.id, leftAt: left, reason: 'Moved to a customer', actor, at: left })
		await reactivatePerson({ personId: rehired.id, startedAt: back, reason: 'Rehired', actor, at: back })
		const queries = vi.spyOn(eligibilityReaderFor(prisma), 'readPeople')
		const people = await loadPeopleWithAwards([rehired.employeeId, reps[0]!.employeeId], ['SEC-FOUNDATION', 'SEC-PATCH'], prisma)
		expect(queries).toHaveBeenCalledTimes(1)
		const person = people.get(rehired.employeeId)!
		expect(person).toMatchObject({ id: rehired.id })
		expect(person.employment).toEqual([
			{ startedAt: TEST_EMPLOYED_SINCE, endedAt: left },
			{ startedAt: back, endedAt: null },
		])
		expect(person.awards.get('SEC-FOUNDATION')).toHaveLength(1)
		expect(person.awards.get('SEC-PATCH')).toEqual([expect.objectContaining({ id: revoked.id, changes: [{ kind: 'revoked', at: expect.any(Date) }] })])
		expect(people.get(reps[0]!.employeeId)!.employment).toEqual([{ startedAt: TEST_EMPLOYED_SINCE, endedAt: null }])
	})
})
