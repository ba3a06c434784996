import { appendAuditEvent, type AuditActor } from '#app/audit/audit-log.server.ts'
import { prisma, type Db, type DbTransaction } from '#app/utils/db.server.ts'
import { RuleError } from '#app/utils/rule-error.ts'

/**
 * Which uploaded courses are offered to whom. A course with no audience is offered to everyone;
 * one with an audience, to the people in those org units and the units below them. Courses from
 * content/ are offered as their certifications require. Retiring an uploaded course takes it off
 * offer; the records of those who took it stay, and it can be offered again to the same people.
 */

export class CourseOfferError extends RuleError {
	override name = 'CourseOfferError'
}

/** '/SPS/SPS-EMEA/T1/' → the paths of that unit and every unit above it. */
function unitAndAbove(path: string) {
	const segments = path.split('/').filter(Boolean)
	return segments.map((_, index) => `/${segments.slice(0, index + 1).join('/')}/`)
}

/** Prisma's condition on LearningModule for "offered to someone in the unit at `orgUnitPath`". */
export const offeredInUnit = (orgUnitPath: string) => ({ OR: [{ audience: { none: {} } }, { audience: { some: { orgUnit: { path: { in: unitAndAbove(orgUnitPath) } } } } }] })

async function unitPathOf(personId: string, db: Db | DbTransaction) {
	const person = await db.person.findUniqueOrThrow({ where: { id: personId }, select: { orgUnit: { select: { path: true } } } })
	return person.orgUnit.path
}

/** The condition for modules offered to this person (see offeredInUnit). */
export async function offeredTo(personId: string, db: Db | DbTransaction = prisma) {
	return offeredInUnit(await unitPathOf(personId, db))
}

/** Whether a rep may take this module: on offer (not retired) and offered to them. */
export async function isCourseOfferedTo({ moduleId, personId }: { moduleId: string; personId: string }, db: Db = prisma) {
	return (await db.learningModule.count({ where: { id: moduleId, retiredAt: null, ...(await offeredTo(personId, db)) } })) === 1
}

/** Replaces who an uploaded course is offered to (no codes: everyone), inside the caller's transaction. */
export async function setCourseAudience(tx: DbTransaction, { moduleId, orgUnitCodes, actor, at }: { moduleId: string; orgUnitCodes: string[]; actor: AuditActor; at: Date }) {
	const units = await tx.orgUnit.findMany({ where: { code: { in: orgUnitCodes } }, select: { id: true, code: true } })
	const unknown = orgUnitCodes.filter((code) => !units.some((u) => u.code === code))
	if (unknown.length) throw new CourseOfferError(`No org unit with code ${unknown.join(', ')}.`, 'audience')
	const before = await tx.courseAudience.findMany({ where: { moduleId }, select: { orgUnit: { select: { code: true } } } })
	const previous = before.map((a) => a.orgUnit.code).sort()
	const next = [...new Set(orgUnitCodes)].sort()
	if (previous.join() === next.join()) return
	await tx.courseAudience.deleteMany({ where: { moduleId } })
	await tx.courseAudience.createMany({ data: units.map((unit) => ({ moduleId, orgUnitId: unit.id })) })
	await appendAuditEvent(tx, { actor, action: 'course.audience_set', subject: { type: 'module', id: moduleId }, details: { from: previous, to: next }, at })
}

/** The uploaded course `moduleId`. A course from content/ is changed there, so it is refused, `there` saying how. */
async function findUploadedCourse(tx: DbTransaction, moduleId: string, there: string) {
	const module = await tx.learningModule.findUnique({ where: { id: moduleId }, select: { source: true, title: true, retiredAt: true } })
	if (!module) throw new CourseOfferError(`There is no course "${moduleId}".`)
	if (module.source !== 'upload') throw new CourseOfferError(`${module.title} comes from content/: ${there}`)
	return module
}

/** The names of the org units a course is offered to, sorted; empty: everyone. */
async function audienceNames(tx: DbTransaction, moduleId: string) {
	const audience = await tx.courseAudience.findMany({ where: { moduleId }, select: { orgUnit: { select: { name: true } } } })
	return audience.map((a) => a.orgUnit.name).sort()
}

/** Changes who an uploaded course on offer is offered to (no codes: everyone). */
export async function changeCourseAudience({ moduleId, orgUnitCodes, actor, at }: { moduleId: string; orgUnitCodes: string[]; actor: AuditActor; at: Date }, db: Db = prisma) {
	return db.$transaction(async (tx) => {
		const module = await findUploadedCourse(tx, moduleId, 'it is offered as its certifications require.')
		if (module.retiredAt) throw new CourseOfferError(`${module.title} is retired: offer it again before choosing who it is offered to.`)
		await setCourseAudience(tx, { moduleId, orgUnitCodes, actor, at })
		return { title: module.title, offeredTo: await audienceNames(tx, moduleId) }
	})
}

/** Takes an uploaded course off offer, keeping who it was offered to. A course from content/ leaves the catalog instead. */
export async function retireCourse({ moduleId, actor, at }: { moduleId: string; actor: AuditActor; at: Date }, db: Db = prisma) {
	return db.$transaction(async (tx) => {
		const module = await findUploadedCourse(tx, moduleId, 'remove it there to retire it.')
		if (module.retiredAt) return { title: module.title, retired: false }
		await tx.learningModule.update({ where: { id: moduleId }, data: { retiredAt: at } })
		await appendAuditEvent(tx, { actor, action: 'course.retired', subject: { type: 'module', id: moduleId }, details: { title: module.title }, at })
		return { title: module.title, retired: true }
	})
}

/**
 * Puts a retired uploaded course back on offer, to the audience it had. Retiring records nothing
 * against anyone, so this may undo it; a course already on offer is left as it is.
 */
export async function reofferCourse({ moduleId, actor, at }: { moduleId: string; actor: AuditActor; at: Date }, db: Db = prisma) {
	return db.$transaction(async (tx) => {
		const module = await findUploadedCourse(tx, moduleId, 'it is offered as long as it is there.')
		const offeredTo = await audienceNames(tx, moduleId)
		if (!module.retiredAt) return { title: module.title, offeredTo, reoffered: false }
		await tx.learningModule.update({ where: { id: moduleId }, data: { retiredAt: null } })
		await appendAuditEvent(tx, { actor, action: 'course.reoffered', subject: { type: 'module', id: moduleId }, details: { title: module.title, retiredAt: module.retiredAt.toISOString() }, at })
		return { title: module.title, offeredTo, reoffered: true }
	})
}
