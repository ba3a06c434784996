import { type CatalogProblem } from './catalog-schema.ts'
import { prisma, type Db } from '#app/utils/db.server.ts'

/** The admin Content page: what is in the catalog, its versions, and how the last sync went. */
export async function catalogOverview(db: Db = prisma) {
	const [modules, quizzes, certifications, workTypes, lastSync, lastGoodSync] = await Promise.all([
		db.learningModule.findMany({
			orderBy: { id: 'asc' },
			select: { id: true, kind: true, source: true, title: true, currentVersionId: true, retiredAt: true, versions: { orderBy: { createdAt: 'desc' }, select: { id: true, version: true, contentHash: true, createdAt: true } } },
		}),
		db.quiz.findMany({
			orderBy: { id: 'asc' },
			select: { id: true, moduleId: true, title: true, currentVersionId: true, retiredAt: true, versions: { orderBy: { createdAt: 'desc' }, select: { id: true, version: true, contentHash: true, createdAt: true, questions: true, questionsPerAttempt: true, passMark: true } } },
		}),
		db.certification.findMany({ orderBy: { code: 'asc' }, select: { code: true, name: true, validityMonths: true, recertificationWindowDays: true, requiredForAllReps: true, retiredAt: true, requirements: { select: { moduleId: true } } } }),
		db.workType.findMany({ orderBy: { code: 'asc' }, select: { code: true, name: true, retiredAt: true, requirements: { select: { certificationCode: true } } } }),
		db.catalogSync.findFirst({ orderBy: { at: 'desc' }, select: { at: true, ok: true, problems: true, summary: true } }),
		db.catalogSync.findFirst({ where: { ok: true }, orderBy: { at: 'desc' }, select: { at: true } }),
	])
	const versionLine = (v: { version: number; contentHash: string; createdAt: Date }) => ({ version: v.version, hash: v.contentHash.slice(0, 12), createdAt: v.createdAt.toISOString() })
	return {
		modules: modules.map((m) => ({ id: m.id, kind: m.kind, source: m.source, title: m.title, retired: m.retiredAt !== null, current: versionLine(m.versions.find((v) => v.id === m.currentVersionId) ?? m.versions[0]!), versionCount: m.versions.length })),
		quizzes: quizzes.map((q) => {
			const current = q.versions.find((v) => v.id === q.currentVersionId) ?? q.versions[0]!
			// Only the count of questions leaves the server, never the bank.
			return { id: q.id, moduleId: q.moduleId, title: q.title, retired: q.retiredAt !== null, current: versionLine(current), versionCount: q.versions.length, questionCount: (JSON.parse(current.questions) as unknown[]).length, questionsPerAttempt: current.questionsPerAttempt, passMark: current.passMark }
		}),
		certifications: certifications.map((c) => ({ ...c, retired: c.retiredAt !== null, retiredAt: undefined, requirements: c.requirements.map((r) => r.moduleId) })),
		workTypes: workTypes.map((w) => ({ code: w.code, name: w.name, retired: w.retiredAt !== null, requirements: w.requirements.map((r) => r.certificationCode) })),
		lastSync: lastSync ? { at: lastSync.at.toISOString(), ok: lastSync.ok, problems: JSON.parse(lastSync.problems) as CatalogProblem[] } : null,
		lastGoodSyncAt: lastGoodSync?.at.toISOString() ?? null,
	}
}
