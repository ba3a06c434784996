import { z } from 'zod'
import { appendAuditEvent, type AuditActor } from '#app/audit/audit-log.server.ts'
import { formatDate } from '#app/utils/dates.ts'
import { prisma, type Db } from '#app/utils/db.server.ts'
import { RuleError } from '#app/utils/rule-error.ts'
import { emailSchema, employeeIdSchema, employmentReasonSchema } from './person-fields.ts'

/** An assessor observes practical assessments; an admin grants the role. */
export const roles = ['rep', 'manager', 'admin', 'assessor'] as const
export type Role = (typeof roles)[number]

export const newPersonSchema = z.object({
	employeeId: employeeIdSchema,
	name: z.string().trim().min(2).max(120),
	email: emailSchema,
	orgUnitCode: z.string().min(1),
	roles: z.array(z.enum(roles)).min(1, 'give the person at least one role'),
	managedUnitCodes: z.array(z.string()).default([]),
	passwordHash: z.string().optional(),
	/** When the first employment period began; the record's creation if not given. */
	employedSince: z.date().optional(),
	leftAt: z.date().optional(),
})
export type NewPerson = z.input<typeof newPersonSchema>

/** A rule about employment refused an action; `field` names the input it concerns, if one. */
export class EmploymentRuleError extends RuleError {
	override name = 'EmploymentRuleError'
}

/** Who recorded a change to a person, as an EmploymentPeriod stores it: a person's id, or null for the system. */
const recordedBy = (actor: AuditActor) => (actor.type === 'person' ? actor.id : null)

/** Nobody acts on their own record: another administrator must. */
function refuseOwnRecord(actor: AuditActor, personId: string, what: string) {
	if (actor.type === 'person' && actor.id === personId) throw new EmploymentRuleError(`You cannot ${what} yourself: another administrator must do it.`)
}

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
	const startedAt = input.employedSince ?? at
	if (input.leftAt && input.leftAt <= startedAt) throw new Error(`${input.employeeId} cannot leave (${input.leftAt.toISOString()}) before being employed (${startedAt.toISOString()}).`)

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
				employment: {
					create: {
						startedAt,
						startedById: recordedBy(actor),
						startReason: 'Record created',
						endedAt: input.leftAt ?? null,
						endedById: input.leftAt ? recordedBy(actor) : null,
						endReason: input.leftAt ? 'Recorded as having left when the record was created' : null,
					},
				},
			},
			select: { id: true, employeeId: true },
		})
		await appendAuditEvent(tx, {
			actor,
			action: 'person.created',
			subject: { type: 'person', id: created.id },
			details: { employeeId: input.employeeId, roles: input.roles, orgUnit: input.orgUnitCode, managedUnits: input.managedUnitCodes, employedSince: startedAt.toISOString(), leftAt: input.leftAt?.toISOString() ?? null },
			at,
		})
		return created
	})
}

/**
 * A person who left is ineligible and signed out everywhere from `leftAt` on: their open
 * employment period ends then, and `Person.leftAt` with it.
 */
export async function deactivatePerson(
	{ personId, leftAt, reason, actor, at }: { personId: string; leftAt: Date; reason: string; actor: AuditActor; at: Date },
	db: Db = prisma,
) {
	const trimmedReason = employmentReasonSchema.parse(reason)
	refuseOwnRecord(actor, personId, 'deactivate')
	return db.$transaction(async (tx) => {
		const open = await tx.employmentPeriod.findFirst({ where: { personId, endedAt: null }, select: { id: true, startedAt: true } })
		if (!open) throw new EmploymentRuleError('This person has already left the company.')
		if (leftAt <= open.startedAt) throw new EmploymentRuleError(`The leaving date must be after the current employment began (${formatDate(open.startedAt)}).`, 'leftAt')
		await tx.employmentPeriod.update({ where: { id: open.id }, data: { endedAt: leftAt, endedById: recordedBy(actor), endReason: trimmedReason } })
		const person = await tx.person.update({ where: { id: personId }, data: { leftAt }, select: { id: true, employeeId: true } })
		await tx.session.deleteMany({ where: { personId } })
		await appendAuditEvent(tx, {
			actor,
			action: 'person.deactivated',
			subject: { type: 'person', id: personId },
			details: { employeeId: person.employeeId, leftAt: leftAt.toISOString(), reason: trimmedReason, employmentPeriodId: open.id },
			at,
		})
		return person
	})
}

/**
 * Someone who left is employed again from `startedAt`: a new employment period opens. Nothing
 * else comes back: each award keeps its own expiry, so what expired meanwhile stays expired.
 */
export async function reactivatePerson(
	{ personId, startedAt, reason, actor, at }: { personId: string; startedAt: Date; reason: string; actor: AuditActor; at: Date },
	db: Db = prisma,
) {
	const trimmedReason = employmentReasonSchema.parse(reason)
	refuseOwnRecord(actor, personId, 'reactivate')
	if (startedAt > at) throw new EmploymentRuleError('The new employment cannot start in the future: reactivate the person on the day they rejoin.', 'startedAt')
	return db.$transaction(async (tx) => {
		const periods = await tx.employmentPeriod.findMany({ where: { personId }, orderBy: { startedAt: 'desc' }, select: { endedAt: true } })
		const latest = periods[0]
		if (latest && latest.endedAt === null) throw new EmploymentRuleError('This person is employed: only someone who has left can be reactivated.')
		if (latest?.endedAt && startedAt < latest.endedAt) throw new EmploymentRuleError(`The new employment cannot start before the last one ended (${formatDate(latest.endedAt)}).`, 'startedAt')
		const period = await tx.employmentPeriod.create({ data: { personId, startedAt, startedById: recordedBy(actor), startReason: trimmedReason }, select: { id: true } })
		const person = await tx.person.update({ where: { id: personId }, data: { leftAt: null }, select: { id: true, employeeId: true } })
		await appendAuditEvent(tx, {
			actor,
			action: 'person.reactivated',
			subject: { type: 'person', id: personId },
			details: { employeeId: person.employeeId, startedAt: startedAt.toISOString(), reason: trimmedReason, employmentPeriodId: period.id },
			at,
		})
		return person
	})
}

/**
 * An admin grants or removes the assessor role. Not on one's own record; not granted to someone
 * who has left. Practical assessments already recorded stay as they are.
 */
export async function setAssessorRole(
	{ personId, grant, reason, actor, at }: { personId: string; grant: boolean; reason: string; actor: AuditActor; at: Date },
	db: Db = prisma,
) {
	const trimmedReason = employmentReasonSchema.parse(reason)
	refuseOwnRecord(actor, personId, grant ? 'make an assessor of' : 'remove the assessor role from')
	return db.$transaction(async (tx) => {
		const person = await tx.person.findUniqueOrThrow({ where: { id: personId }, select: { employeeId: true, leftAt: true, roles: { select: { role: true } } } })
		const holds = person.roles.some((r) => r.role === 'assessor')
		if (grant && holds) throw new EmploymentRuleError(`${person.employeeId} is already an assessor.`)
		if (!grant && !holds) throw new EmploymentRuleError(`${person.employeeId} is not an assessor.`)
		if (grant && !isActiveAt(person, at)) throw new EmploymentRuleError(`${person.employeeId} has left the company and cannot be made an assessor.`)
		if (grant) await tx.personRole.create({ data: { personId, role: 'assessor' } })
		else await tx.personRole.deleteMany({ where: { personId, role: 'assessor' } })
		await appendAuditEvent(tx, {
			actor,
			action: grant ? 'person.role_granted' : 'person.role_removed',
			subject: { type: 'person', id: personId },
			details: { employeeId: person.employeeId, role: 'assessor', reason: trimmedReason },
			at,
		})
	})
}

export function isActiveAt(person: { leftAt: Date | null }, at: Date) {
	return person.leftAt === null || person.leftAt.getTime() > at.getTime()
}
