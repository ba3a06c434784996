import { prisma, type Db, type DbTransaction } from '#app/utils/db.server.ts'

type Reader = Db | DbTransaction

/** Work types that apply to a person: assigned to them, or to their unit or any unit above it. */
export async function workTypesForPerson(personId: string, db: Reader = prisma) {
	const person = await db.person.findUniqueOrThrow({ where: { id: personId }, select: { orgUnit: { select: { path: true } } } })
	const unitCodes = person.orgUnit.path.split('/').filter(Boolean)
	const assignments = await db.workTypeAssignment.findMany({
		where: { OR: [{ personId }, { orgUnit: { code: { in: unitCodes } } }] },
		select: { workTypeCode: true },
	})
	return [...new Set(assignments.map((a) => a.workTypeCode))].sort()
}

/**
 * The certifications a person must hold: those every rep needs, plus those their work types
 * require.
 */
export async function requiredCertificationCodes(personId: string, db: Reader = prisma) {
	const [workTypes, roles] = await Promise.all([workTypesForPerson(personId, db), db.personRole.findMany({ where: { personId }, select: { role: true } })])
	const isRep = roles.some((r) => r.role === 'rep')
	const [forAll, forWork] = await Promise.all([
		isRep ? db.certification.findMany({ where: { requiredForAllReps: true, retiredAt: null }, select: { code: true } }) : [],
		db.workTypeRequirement.findMany({ where: { workTypeCode: { in: workTypes } }, select: { certificationCode: true } }),
	])
	return [...new Set([...forAll.map((c) => c.code), ...forWork.map((r) => r.certificationCode)])].sort()
}
