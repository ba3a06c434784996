import { appendAuditEvent } from '#app/audit/audit-log.server.ts'
import { type ModuleSection } from '#app/catalog/catalog-schema.ts'
import { prisma, type Db, type DbTransaction } from '#app/utils/db.server.ts'

/** Hook run inside the completing transaction (certification awards). */
export type OnModuleCompleted = (tx: DbTransaction, event: { personId: string; moduleId: string; at: Date }) => Promise<void>

export class ModuleNotFoundError extends Error {
	override name = 'ModuleNotFoundError'
}

async function currentVersion(moduleId: string, db: Db | DbTransaction) {
	const module = await db.learningModule.findUnique({ where: { id: moduleId }, select: { currentVersionId: true, retiredAt: true, kind: true } })
	if (!module?.currentVersionId || module.retiredAt || module.kind !== 'markdown') throw new ModuleNotFoundError(`Module ${moduleId} is not available`)
	return db.moduleVersion.findUniqueOrThrow({
		where: { id: module.currentVersionId },
		select: { id: true, moduleId: true, title: true, summary: true, estimatedMinutes: true, objectives: true, sections: true },
	})
}

/** The current version of a module with this person's place in it. */
export async function getModuleForReader({ moduleId, personId }: { moduleId: string; personId: string }, db: Db = prisma) {
	const version = await currentVersion(moduleId, db)
	const [progress, completion, quiz] = await Promise.all([
		db.moduleProgress.findUnique({ where: { personId_moduleVersionId: { personId, moduleVersionId: version.id } }, select: { viewedSections: true, lastSection: true, completedAt: true } }),
		db.moduleCompletion.findFirst({ where: { personId, moduleId }, orderBy: { completedAt: 'desc' }, select: { completedAt: true, moduleVersionId: true } }),
		db.quiz.findFirst({ where: { moduleId, retiredAt: null }, select: { id: true } }),
	])
	const sections = JSON.parse(version.sections) as ModuleSection[]
	return {
		moduleId,
		versionId: version.id,
		title: version.title,
		summary: version.summary,
		estimatedMinutes: version.estimatedMinutes,
		objectives: JSON.parse(version.objectives) as string[],
		sections,
		viewedSections: progress ? (JSON.parse(progress.viewedSections) as number[]) : [],
		lastSection: progress?.lastSection ?? 0,
		passCompleted: progress?.completedAt != null,
		completedAt: completion?.moduleVersionId === version.id ? completion.completedAt : null,
		quizId: quiz?.id ?? null,
	}
}

/** Records that the person has seen section `sectionIndex` of the module's current version. */
export async function recordSectionViewed({ personId, moduleId, sectionIndex, at }: { personId: string; moduleId: string; sectionIndex: number; at: Date }, db: Db = prisma) {
	const version = await currentVersion(moduleId, db)
	const sectionCount = (JSON.parse(version.sections) as ModuleSection[]).length
	if (!Number.isInteger(sectionIndex) || sectionIndex < 0 || sectionIndex >= sectionCount) {
		throw new ModuleNotFoundError(`Module ${moduleId} has no section ${sectionIndex + 1}`)
	}
	const key = { personId_moduleVersionId: { personId, moduleVersionId: version.id } }
	const existing = await db.moduleProgress.findUnique({ where: key, select: { viewedSections: true, completedAt: true } })
	// Moving on after a completed pass (e.g. re-reading to renew) starts a new pass.
	const newPass = !existing || existing.completedAt !== null
	const viewed = new Set(newPass ? [] : (JSON.parse(existing.viewedSections) as number[]))
	viewed.add(sectionIndex)
	const viewedSections = JSON.stringify([...viewed].sort((a, b) => a - b))
	const pass = newPass ? { startedAt: at, completedAt: null } : {}
	await db.moduleProgress.upsert({
		where: key,
		create: { personId, moduleVersionId: version.id, viewedSections, lastSection: sectionIndex, startedAt: at, updatedAt: at },
		update: { viewedSections, lastSection: sectionIndex, updatedAt: at, ...pass },
	})
	return { viewed: viewed.size, sectionCount }
}

/**
 * Completes the current reading pass once every section in it has been seen. Finishing the same
 * pass again (a double click, a replayed post) changes nothing.
 */
export async function completeModuleReading(
	{ personId, moduleId, at, onCompleted }: { personId: string; moduleId: string; at: Date; onCompleted?: OnModuleCompleted },
	db: Db = prisma,
) {
	return db.$transaction(async (tx) => {
		const version = await currentVersion(moduleId, tx)
		const sectionCount = (JSON.parse(version.sections) as ModuleSection[]).length
		const key = { personId_moduleVersionId: { personId, moduleVersionId: version.id } }
		const progress = await tx.moduleProgress.findUnique({ where: key, select: { viewedSections: true, completedAt: true } })
		if (progress?.completedAt) return { completed: true as const, completedAt: progress.completedAt, firstTime: false }
		const viewed = progress ? (JSON.parse(progress.viewedSections) as number[]).length : 0
		if (viewed < sectionCount) return { completed: false as const, viewed, sectionCount }
		const closed = await tx.moduleProgress.updateMany({ where: { personId, moduleVersionId: version.id, completedAt: null }, data: { completedAt: at } })
		if (closed.count !== 1) return { completed: true as const, completedAt: at, firstTime: false }
		const completion = await tx.moduleCompletion.create({ data: { personId, moduleId, moduleVersionId: version.id, source: 'reading', completedAt: at }, select: { id: true } })
		await appendAuditEvent(tx, { actor: { type: 'person', id: personId }, action: 'module.completed', subject: { type: 'module_completion', id: completion.id }, details: { moduleId, moduleVersionId: version.id, source: 'reading' }, at })
		if (onCompleted) await onCompleted(tx, { personId, moduleId, at })
		return { completed: true as const, completedAt: at, firstTime: true }
	})
}
