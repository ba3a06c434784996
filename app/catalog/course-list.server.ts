import { prisma, type Db } from '#app/utils/db.server.ts'

/** The courses on offer, as those who assign and oversee training see them: what each is and which certifications need it. */
export async function listCourses(db: Db = prisma) {
	const [modules, requirements] = await Promise.all([
		db.learningModule.findMany({
			where: { retiredAt: null, currentVersionId: { not: null } },
			orderBy: { title: 'asc' },
			select: { id: true, kind: true, source: true, title: true, currentVersionId: true, audience: { select: { orgUnit: { select: { code: true, name: true } } } } },
		}),
		db.certificationRequirement.findMany({ where: { certification: { retiredAt: null } }, select: { moduleId: true, certificationCode: true } }),
	])
	const versions = new Map(
		(await db.moduleVersion.findMany({ where: { id: { in: modules.map((m) => m.currentVersionId!) } }, select: { id: true, version: true, summary: true, estimatedMinutes: true } })).map((v) => [v.id, v]),
	)
	return modules.map((module) => {
		const version = versions.get(module.currentVersionId!)!
		return {
			id: module.id,
			kind: module.kind,
			source: module.source,
			title: module.title,
			version: version.version,
			summary: version.summary,
			estimatedMinutes: version.estimatedMinutes,
			requiredFor: requirements.filter((r) => r.moduleId === module.id).map((r) => r.certificationCode).sort(),
			/** The org units an uploaded course is offered to; empty: everyone. */
			offeredTo: module.audience.map((a) => a.orgUnit.name).sort(),
			/** The same units' codes, as the form that changes them ticks them. */
			audienceCodes: module.audience.map((a) => a.orgUnit.code),
		}
	})
}

/** Uploaded courses taken off offer, last retired first, with who they were offered to (and will be again if offered again). */
export async function listRetiredUploads(db: Db = prisma) {
	const modules = await db.learningModule.findMany({
		where: { source: 'upload', retiredAt: { not: null } },
		orderBy: { retiredAt: 'desc' },
		select: { id: true, title: true, retiredAt: true, audience: { select: { orgUnit: { select: { name: true } } } } },
	})
	return modules.map((module) => ({ id: module.id, title: module.title, retiredAt: module.retiredAt!.toISOString(), offeredTo: module.audience.map((a) => a.orgUnit.name).sort() }))
}
