import { prisma, type Db } from '#app/utils/db.server.ts'

/** Work types in force, each with the certifications it requires. */
export async function listWorkTypes(db: Db = prisma) {
	const workTypes = await db.workType.findMany({
		where: { retiredAt: null },
		orderBy: { code: 'asc' },
		select: { code: true, name: true, description: true, requirements: { select: { certificationCode: true }, orderBy: { certificationCode: 'asc' } } },
	})
	return workTypes.map(({ requirements, ...workType }) => ({ ...workType, requiredCertifications: requirements.map((r) => r.certificationCode) }))
}
