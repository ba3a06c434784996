import { describe, expect, test } from 'vitest'
import { Prisma } from '#app/generated/prisma/client.ts'
import { prisma } from '#app/utils/db.server.ts'

// Every model is exercised with a create and a read, so a column type or constraint that
// differs between schema.prisma and the SQL shows up here rather than in production.
describe('each model can be written and read back', () => {
	test('covers every model the client knows', async () => {
		const at = new Date('2026-11-26T08:00:00.000Z')
		const line = await prisma.orgUnit.create({ data: { name: 'Line', kind: 'business_line', code: 'RT', path: '/RT/', createdAt: at } })
		const person = await prisma.person.create({ data: { employeeId: 'RT-001', name: 'Round Trip', email: 'rt@example.com', orgUnitId: line.id, leftAt: at } })
		await prisma.personRole.create({ data: { personId: person.id, role: 'manager' } })
		await prisma.password.create({ data: { personId: person.id, hash: 'h' } })
		await prisma.session.create({ data: { personId: person.id, expiresAt: at } })
		await prisma.managedUnit.create({ data: { managerId: person.id, orgUnitId: line.id } })
		await prisma.auditEvent.create({ data: { seq: 1000, at, actorType: 'system', action: 'x', details: '{}', prevHash: 'p', hash: 'h-1000' } })

		const read = await prisma.person.findUniqueOrThrow({
			where: { employeeId: 'RT-001' },
			select: { leftAt: true, roles: true, password: true, sessions: true, managedUnits: true, orgUnit: true },
		})
		expect(read.leftAt).toEqual(at)
		expect(read.roles).toHaveLength(1)
		expect(read.password?.hash).toBe('h')
		expect(read.sessions[0]?.expiresAt).toEqual(at)
		expect(read.managedUnits).toHaveLength(1)
		expect(read.orgUnit.createdAt).toEqual(at)
		expect(await prisma.auditEvent.findUniqueOrThrow({ where: { seq: 1000 } })).toMatchObject({ at })
		expect(await prisma.auditChainHead.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ lastSeq: 0, lastHash: 'genesis' })

		const exercised = ['OrgUnit', 'Person', 'PersonRole', 'Password', 'Session', 'ManagedUnit', 'AuditEvent', 'AuditChainHead']
		expect(Object.values(Prisma.ModelName).sort()).toEqual(exercised.sort())
	})
})
