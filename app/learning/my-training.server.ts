import { evidenceStart } from '#app/certification/awards.server.ts'
import { certificationOverview, type CertificationLine } from '#app/certification/overview.server.ts'
import { prisma, type Db } from '#app/utils/db.server.ts'
import { offeredTo } from './course-offer.server.ts'

export type ModuleStep = {
	moduleId: string
	/** Where the rep takes it: the reader for markdown modules, the player for SCORM. */
	href: string
	title: string
	estimatedMinutes: number
	sectionCount: number
	sectionsViewed: number
	readingDone: boolean
	quizId: string | null
	quizPassed: boolean
	/** Share of the module's steps (each section, then the quiz) done in the current cycle. */
	percent: number
	state: 'not-started' | 'in-progress' | 'quiz-pending' | 'done'
}

export type NextStep = { kind: 'read' | 'quiz'; moduleId: string; href: string; quizId: string | null; title: string } | { kind: 'all-set'; nextRenewalOpensAt: Date | null }

/**
 * What a required certification asks of its holder now: `overdue` (expired, revoked or never
 * earned: no work that needs it until renewed), `due-soon` (in its renewal window), or nothing.
 * Suspension is not on the list: training does not lift it, a manager's decision does.
 */
export type Urgency = 'overdue' | 'due-soon'

/** How many days ahead a renewal is announced at the top of the rep's page. */
export const DUE_BANNER_DAYS = 30

export type DueCertification = { code: string; name: string; urgency: Urgency; status: CertificationLine['status']; expiresAt: Date | null; moduleIds: string[] }

function urgencyOf(certification: CertificationLine): Urgency | null {
	if (!certification.required) return null
	if (certification.status === 'expired' || certification.status === 'missing' || certification.status === 'revoked') return 'overdue'
	return certification.status === 'expiring' ? 'due-soon' : null
}

/** Overdue first (longest overdue, then never earned), then due soon by expiry. */
function dueCertifications(certifications: CertificationLine[]): DueCertification[] {
	const due = certifications.flatMap((c) => {
		const urgency = urgencyOf(c)
		return urgency ? [{ code: c.code, name: c.name, urgency, status: c.status, expiresAt: c.expiresAt, moduleIds: c.moduleIds }] : []
	})
	const rank = (c: DueCertification) => [c.urgency === 'overdue' ? 0 : 1, c.expiresAt?.getTime() ?? Number.MAX_SAFE_INTEGER] as const
	return due.sort((a, b) => rank(a)[0] - rank(b)[0] || rank(a)[1] - rank(b)[1])
}

/** Modules in the order the rep should take them: those behind the most pressing certification first, the rest as the catalog lists them. */
function byUrgency(modules: ModuleStep[], due: DueCertification[]) {
	const position = (m: ModuleStep) => {
		const index = due.findIndex((c) => c.moduleIds.includes(m.moduleId))
		return index === -1 ? due.length : index
	}
	return modules.map((m, index) => ({ m, index })).sort((a, b) => position(a.m) - position(b.m) || a.index - b.index).map(({ m }) => m)
}

/** Records since when count toward each module: the earliest evidence start of the certifications needing it. */
async function moduleWindows(certifications: CertificationLine[], at: Date, db: Db) {
	const validity = new Map((await db.certification.findMany({ select: { code: true, validityMonths: true } })).map((c) => [c.code, c.validityMonths]))
	const since = new Map<string, Date | null>()
	for (const certification of certifications) {
		for (const moduleId of certification.moduleIds) {
			const start = certification.status === 'valid' ? null : evidenceStart({ status: certification.status, windowOpensAt: certification.windowOpensAt, validityMonths: validity.get(certification.code) ?? 12, at })
			const earlier = since.get(moduleId)
			if (!since.has(moduleId) || (start && earlier && start < earlier) || (start && earlier === null)) since.set(moduleId, start)
		}
	}
	return since
}

async function moduleStep({ personId, moduleId, since }: { personId: string; moduleId: string; since: Date | null }, db: Db): Promise<ModuleStep | null> {
	const module = await db.learningModule.findUnique({ where: { id: moduleId }, select: { title: true, kind: true, currentVersionId: true, retiredAt: true } })
	if (!module?.currentVersionId || module.retiredAt) return null
	const version = await db.moduleVersion.findUniqueOrThrow({ where: { id: module.currentVersionId }, select: { estimatedMinutes: true, sections: true } })
	const sectionCount = (JSON.parse(version.sections) as unknown[]).length
	const quiz = await db.quiz.findFirst({ where: { moduleId, retiredAt: null }, select: { id: true } })
	// A module whose certifications are all valid has nothing left to do this cycle.
	const current = since === null
	const [progress, completion, passed] = await Promise.all([
		db.moduleProgress.findUnique({ where: { personId_moduleVersionId: { personId, moduleVersionId: module.currentVersionId } }, select: { viewedSections: true, updatedAt: true } }),
		current ? null : db.moduleCompletion.findFirst({ where: { personId, moduleId, completedAt: { gte: since } }, select: { id: true } }),
		current || !quiz ? null : db.quizAttempt.findFirst({ where: { personId, quizId: quiz.id, passed: true, submittedAt: { gte: since } }, select: { id: true } }),
	])
	const readingDone = current || completion !== null
	const quizPassed = quiz ? current || passed !== null : true
	const scorm = module.kind === 'scorm'
	const viewedNow = progress && (current || progress.updatedAt >= since!) ? (JSON.parse(progress.viewedSections) as number[]).length : 0
	// A SCORM course is one step: the package's own completion rule decides when it is done.
	const scormStarted = scorm && !readingDone && (await db.scormAttempt.count({ where: { personId, moduleId, purpose: 'learning', satisfiedAt: null, completionStatus: { not: 'not attempted' } } })) > 0
	const sectionsViewed = readingDone ? sectionCount : Math.min(viewedNow, sectionCount)
	const steps = (scorm ? 1 : sectionCount) + (quiz ? 1 : 0)
	const doneSteps = (scorm ? (readingDone ? 1 : 0) : sectionsViewed) + (quiz && quizPassed ? 1 : 0)
	const state = readingDone && quizPassed ? 'done' : readingDone ? 'quiz-pending' : sectionsViewed > 0 || scormStarted ? 'in-progress' : 'not-started'
	const href = scorm ? `/learn/scorm/${moduleId}` : `/learn/modules/${moduleId}`
	return { moduleId, href, title: module.title, estimatedMinutes: version.estimatedMinutes, sectionCount, sectionsViewed, readingDone, quizId: quiz?.id ?? null, quizPassed, percent: Math.round((doneSteps / steps) * 100), state }
}

/** One module's progress exactly as the rep's home shows it (null when no certification required of them needs the module). */
export async function moduleStepFor({ personId, moduleId, at }: { personId: string; moduleId: string; at: Date }, db: Db = prisma) {
	const certifications = await certificationOverview({ personId, at }, db)
	const windows = await moduleWindows(certifications.filter((c) => c.required), at, db)
	return windows.has(moduleId) ? moduleStep({ personId, moduleId, since: windows.get(moduleId)! }, db) : null
}

/** Everything the rep's home page shows: what is due, certifications, modules with progress (most pressing first), and the next step. */
export async function myTrainingPlan({ personId, at }: { personId: string; at: Date }, db: Db = prisma) {
	const certifications = await certificationOverview({ personId, at }, db)
	const required = certifications.filter((c) => c.required)
	const windows = await moduleWindows(required, at, db)
	const due = dueCertifications(certifications)
	const steps: ModuleStep[] = []
	for (const [moduleId, since] of windows) {
		const step = await moduleStep({ personId, moduleId, since }, db)
		if (step) steps.push(step)
	}
	const modules = byUrgency(steps, due)
	const pending = modules.find((m) => m.state !== 'done')
	const next: NextStep = pending
		? { kind: pending.readingDone ? 'quiz' : 'read', moduleId: pending.moduleId, href: pending.href, quizId: pending.quizId, title: pending.title }
		: { kind: 'all-set', nextRenewalOpensAt: required.map((c) => c.windowOpensAt).filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime())[0] ?? null }
	const otherCourses = await db.learningModule.findMany({
		where: { retiredAt: null, currentVersionId: { not: null }, id: { notIn: modules.map((m) => m.moduleId) }, ...(await offeredTo(personId, db)) },
		orderBy: { title: 'asc' },
		select: { id: true, kind: true, title: true },
	})
	const notifications = await db.notification.findMany({ where: { personId, readAt: null }, orderBy: { createdAt: 'desc' }, take: 10, select: { id: true, title: true, body: true, createdAt: true } })
	return {
		certifications,
		due,
		modules,
		otherCourses: otherCourses.map((m) => ({ moduleId: m.id, title: m.title, href: m.kind === 'scorm' ? `/learn/scorm/${m.id}` : `/learn/modules/${m.id}` })),
		next,
		notifications,
	}
}
