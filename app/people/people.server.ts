import { z } from 'zod'
import { appendAuditEvent, type AuditActor } from '#app/audit/audit-log.server.ts'
import { prisma, type Db } from '#app/utils/db.server.ts'
import { emailSchema, employeeIdSchema } from './person-fields.ts'

export const roles = ['rep', 'manager', 'admin'] as const
export type Role = (typeof roles)[number]

export const newPersonSchema = z.object({
	employeeId: employeeIdSchema,
	name: z.string().trim().min(2).max(120),
	email: emailSchema,
	orgUnitCode: z.string().min(1),
	roles: z.array(z.enum(roles)).min(1, 'give the person at least one role'),
	managedUnitCodes: z.array(z.string()).default([]),
	passwordHash: z.string().optional(),
	leftAt: z.date().optional(),
})
export type NewPerson = z.input<typeof newPersonSchema>

export async function createPerson(
	{ person, actor, at }: { person: NewPerson; actor: AuditActor; at: Date },
	db: Db = prisma,
) {
	const input = newPersonSchema.parse(person)
	if (input.managedUnitCodes.length > 0 && !input.roles.includes('manager')) {
		throw new Error('Only a manager can manage org units')
	}
	const unitCodes = [input.orgUnitCode, ...input.managedUnitCodes]
	const units = await db.orgUnit.findMany({ where: { code: { in: unitCodes } }, select: { id: true, code: true } })
	const unitId = new Map(units.map((unit) => [unit.code, unit.id]))
	const missing = unitCodes.filter((code) => !unitId.has(code))
	if (missing.length > 0) throw new Error(`Unknown org unit(s): ${missing.join(', ')}`)

	return db.$transaction(async (tx) => {
		const created = await tx.person.create({
			data: {
				employeeId: input.employeeId,
				name: input.name,
				email: input.email,
				orgUnitId: unitId.get(input.orgUnitCode)!,
				leftAt: input.leftAt ?? null,
				roles: { create: input.roles.map((role) => ({ role })) },
				managedUnits: { create: input.managedUnitCodes.map((code) => ({ orgUnitId: unitId.get(code)! })) },
				password: input.passwordHash ? { create: { hash: input.passwordHash } } : undefined,
			},
			select: { id: true, employeeId: true },
		})
		await appendAuditEvent(tx, {
			actor,
			action: 'person.created',
			subject: { type: 'person', id: created.id },
			details: { employeeId: input.employeeId, roles: input.roles, orgUnit: input.orgUnitCode, managedUnits: input.managedUnitCodes },
			at,
		})
		return created
	})
}

/** A person who left is ineligible and signed out everywhere from `leftAt` on. */
export async function deactivatePerson(
	{ personId, leftAt, reason, actor, at }: { personId: string; leftAt: Date; reason: string; actor: AuditActor; at: Date },
	db: Db = prisma,
) {
	const trimmedReason = z.string().trim().min(3, 'give a reason').parse(reason)
	return db.$transaction(async (tx) => {
		const person = await tx.person.update({ where: { id: personId }, data: { leftAt }, select: { id: true, employeeId: true } })
		await tx.session.deleteMany({ where: { personId } })
		await appendAuditEvent(tx, {
			actor,
			action: 'person.deactivated',
			subject: { type: 'person', id: personId },
			details: { employeeId: person.employeeId, leftAt: leftAt.toISOString(), reason: trimmedReason },
			at,
		})
		return person
	})
}

export function isActiveAt(person: { leftAt: Date | null }, at: Date) {
	return person.leftAt === null || person.leftAt.getTime() > at.getTime()
}
