import { createHash } from 'node:crypto'
import { appendAuditEvent } from '#app/audit/audit-log.server.ts'
import { evaluateAwards } from '#app/certification/awards.server.ts'
import { requireRetrainingAfterChange } from '#app/retraining/retraining.server.ts'
import { prisma, type Db, type DbTransaction } from '#app/utils/db.server.ts'
import { storeScormPackage } from '#app/scorm/package-store.server.ts'
import { minimumMinutesFor } from '#app/scorm/plausible-time.ts'
import { type Catalog, type CatalogCertification, type CatalogChecklist, type CatalogModule, type CatalogProblem, type CatalogQuiz, type CatalogScormModule } from './catalog-schema.ts'
import { loadCatalog } from './load-catalog.server.ts'

/** `unchanged`: the catalog is the one the last sync loaded, so nothing was written. */
export type SyncOutcome =
	| { ok: true; newModuleVersions: string[]; newQuizVersions: string[]; unchanged?: true }
	| { ok: false; problems: CatalogProblem[]; unchanged?: true }

const systemActor = { type: 'system', id: 'catalog-sync' } as const

let generation = 0
/** Changes whenever this process syncs the catalog, so in-memory copies of it know to reload. */
export const catalogGeneration = () => generation

type ModuleKindFields = { kind: 'markdown' | 'scorm'; sections: string; scormPackageId?: string; completionRule?: string; minimumMinutes?: number }

/** The catalog is valid on its own but cannot be applied to what is stored; nothing is written. */
class SyncRefusal extends Error {
	constructor(readonly problem: CatalogProblem) {
		super(problem.message)
	}
}

type Versioned = { file: string; version: number; noun: 'module' | 'checklist'; raiseHint: string; goBackHint: string }

/**
 * Each version number means one content, and content only moves forward: a revision raises
 * `version` above every stored one, and the content of an older version never becomes current
 * again (people may owe retraining on, or have been assessed against, the newer one).
 */
function refuseOutOfOrder({ file, version, noun, raiseHint, goBackHint }: Versioned, { stored, latest }: { stored: number | null; latest: number | null }) {
	if (latest === null) return
	if (stored !== null && latest > stored) {
		throw new SyncRefusal({ file, message: `the content is stored version ${stored}, but version ${latest} is newer: a ${noun} does not go back; make the change as version ${latest + 1}${goBackHint}` })
	}
	if (stored === null && version <= latest) {
		throw new SyncRefusal({ file, message: `the content changed but version ${version} is already stored (latest: ${latest}): raise version to ${latest + 1}${raiseHint}` })
	}
}

const moduleRevision = (module: CatalogModule | CatalogScormModule): Versioned => ({
	file: module.file,
	version: module.version,
	noun: 'module',
	raiseHint: ' and say change: material or change: editorial',
	goBackHint: ' (change: material or editorial)',
})

/** Makes the module's file content its current version, creating that version once per content hash. */
async function syncModuleVersion(tx: DbTransaction, module: CatalogModule | CatalogScormModule, { kind, ...versionFields }: ModuleKindFields, { at, edition }: { at: Date; edition: string }) {
	await tx.learningModule.upsert({
		where: { id: module.id },
		create: { id: module.id, kind, source: 'catalog', title: module.title },
		update: { kind, source: 'catalog', title: module.title, retiredAt: null },
	})
	const existing = await tx.moduleVersion.findUnique({ where: { moduleId_contentHash: { moduleId: module.id, contentHash: module.contentHash } }, select: { id: true, version: true } })
	const latest = await tx.moduleVersion.findFirst({ where: { moduleId: module.id }, orderBy: { version: 'desc' }, select: { version: true } })
	refuseOutOfOrder(moduleRevision(module), { stored: existing?.version ?? null, latest: latest?.version ?? null })
	if (existing) {
		await tx.learningModule.update({ where: { id: module.id }, data: { currentVersionId: existing.id } })
		return null
	}
	const version = await tx.moduleVersion.create({
		data: {
			moduleId: module.id,
			contentHash: module.contentHash,
			version: module.version,
			changeKind: latest ? (module.change ?? 'editorial') : 'initial',
			changeNote: module.changeNote ?? null,
			covers: JSON.stringify(module.covers),
			coverageEdition: edition,
			title: module.title,
			summary: module.summary,
			estimatedMinutes: module.estimatedMinutes,
			objectives: JSON.stringify(module.objectives),
			...versionFields,
			createdAt: at,
		},
		select: { id: true, changeKind: true },
	})
	await tx.learningModule.update({ where: { id: module.id }, data: { currentVersionId: version.id } })
	return { label: `${module.id}@${module.contentHash.slice(0, 12)}`, id: version.id, material: version.changeKind === 'material' }
}

type VersionContext = { at: Date; edition: string }

const syncModule = (tx: DbTransaction, module: CatalogModule, context: VersionContext) => syncModuleVersion(tx, module, { kind: 'markdown', sections: JSON.stringify(module.sections) }, context)

async function syncScormModule(tx: DbTransaction, module: CatalogScormModule, context: VersionContext) {
	const stored = await storeScormPackage({ bytes: module.packageBytes, at: context.at }, tx)
	return syncModuleVersion(tx, module, { kind: 'scorm', sections: '[]', scormPackageId: stored.id, completionRule: module.completion, minimumMinutes: minimumMinutesFor(module) }, context)
}

/** The edition and requirement ids of content/standard.yaml, replacing what was there. */
async function syncStandard(tx: DbTransaction, standard: Catalog['standard']) {
	await tx.standardRequirement.deleteMany({})
	await tx.standardRequirement.createMany({ data: standard.requirements.map((r) => ({ id: r.id, title: r.title, edition: standard.edition })) })
}

async function syncQuiz(tx: DbTransaction, quiz: CatalogQuiz, at: Date) {
	await tx.quiz.upsert({
		where: { id: quiz.id },
		create: { id: quiz.id, moduleId: quiz.module, title: quiz.title },
		update: { moduleId: quiz.module, title: quiz.title, retiredAt: null },
	})
	const existing = await tx.quizVersion.findUnique({ where: { quizId_contentHash: { quizId: quiz.id, contentHash: quiz.contentHash } }, select: { id: true } })
	const version =
		existing ??
		(await tx.quizVersion.create({
			data: {
				quizId: quiz.id,
				contentHash: quiz.contentHash,
				version: quiz.version,
				questionsPerAttempt: quiz.questionsPerAttempt,
				passMark: quiz.passMark,
				attemptLimitCount: quiz.attemptLimit.count,
				attemptLimitPeriodHours: quiz.attemptLimit.periodHours,
				cooldownMinutes: quiz.cooldownMinutes,
				scoring: quiz.scoring,
				questions: JSON.stringify(quiz.questions),
				createdAt: at,
			},
			select: { id: true },
		}))
	await tx.quiz.update({ where: { id: quiz.id }, data: { currentVersionId: version.id } })
	return existing ? null : `${quiz.id}@${quiz.contentHash.slice(0, 12)}`
}

async function syncChecklist(tx: DbTransaction, checklist: CatalogChecklist, at: Date) {
	await tx.practicalChecklist.upsert({ where: { id: checklist.id }, create: { id: checklist.id, title: checklist.title }, update: { title: checklist.title, retiredAt: null } })
	const existing = await tx.practicalChecklistVersion.findUnique({ where: { checklistId_contentHash: { checklistId: checklist.id, contentHash: checklist.contentHash } }, select: { id: true, version: true } })
	const latest = await tx.practicalChecklistVersion.findFirst({ where: { checklistId: checklist.id }, orderBy: { version: 'desc' }, select: { version: true } })
	refuseOutOfOrder({ file: checklist.file, version: checklist.version, noun: 'checklist', raiseHint: '', goBackHint: '' }, { stored: existing?.version ?? null, latest: latest?.version ?? null })
	const version =
		existing ??
		(await tx.practicalChecklistVersion.create({
			data: { checklistId: checklist.id, contentHash: checklist.contentHash, version: checklist.version, title: checklist.title, summary: checklist.summary, items: JSON.stringify(checklist.items), createdAt: at },
			select: { id: true },
		}))
	await tx.practicalChecklist.update({ where: { id: checklist.id }, data: { currentVersionId: version.id } })
}

/**
 * When a certification starts requiring a practical, holders keep what they hold until it
 * expires; only awards from then on need one. So the date it first became required is kept.
 */
async function practicalFields(tx: DbTransaction, certification: CatalogCertification, at: Date) {
	const checklistId = certification.practicalAssessment ?? null
	if (!checklistId) return { practicalChecklistId: null, practicalRequiredSince: null }
	const stored = await tx.certification.findUnique({ where: { code: certification.code }, select: { practicalRequiredSince: true } })
	return { practicalChecklistId: checklistId, practicalRequiredSince: stored?.practicalRequiredSince ?? at }
}

async function syncDefinitions(tx: DbTransaction, catalog: Catalog, at: Date) {
	for (const checklist of catalog.checklists) await syncChecklist(tx, checklist, at)
	for (const certification of catalog.certifications) {
		const fields = {
			name: certification.name,
			description: certification.description,
			validityMonths: certification.validityMonths,
			recertificationWindowDays: certification.recertificationWindowDays,
			requiredForAllReps: certification.requiredForAllReps,
			retrainingGraceDays: certification.retrainingGraceDays,
			...(await practicalFields(tx, certification, at)),
			retiredAt: null,
		}
		await tx.certification.upsert({ where: { code: certification.code }, create: { code: certification.code, ...fields }, update: fields })
		await tx.certificationRequirement.deleteMany({ where: { certificationCode: certification.code } })
		await tx.certificationRequirement.createMany({ data: certification.requiredModules.map((moduleId) => ({ certificationCode: certification.code, moduleId })) })
	}
	for (const workType of catalog.workTypes) {
		const fields = { name: workType.name, description: workType.description, retiredAt: null }
		await tx.workType.upsert({ where: { code: workType.code }, create: { code: workType.code, ...fields }, update: fields })
		await tx.workTypeRequirement.deleteMany({ where: { workTypeCode: workType.code } })
		await tx.workTypeRequirement.createMany({ data: workType.requiredCertifications.map((certificationCode) => ({ workTypeCode: workType.code, certificationCode })) })
	}
	// What left the catalog is retired, never deleted: history keeps pointing at it.
	const retire = { retiredAt: at }
	const catalogModuleIds = [...catalog.modules, ...catalog.scormModules].map((m) => m.id)
	await tx.learningModule.updateMany({ where: { id: { notIn: catalogModuleIds }, source: 'catalog', retiredAt: null }, data: retire })
	await tx.quiz.updateMany({ where: { id: { notIn: catalog.quizzes.map((q) => q.id) }, retiredAt: null }, data: retire })
	await tx.certification.updateMany({ where: { code: { notIn: catalog.certifications.map((c) => c.code) }, retiredAt: null }, data: retire })
	await tx.workType.updateMany({ where: { code: { notIn: catalog.workTypes.map((w) => w.code) }, retiredAt: null }, data: retire })
	await tx.practicalChecklist.updateMany({ where: { id: { notIn: catalog.checklists.map((c) => c.id) }, retiredAt: null }, data: retire })
}

/**
 * People awaiting a practical for a certification that no longer requires one (or no longer
 * exists) stop waiting; their training may now be enough on its own, so the award rules run.
 */
async function releaseDroppedPracticals(tx: DbTransaction, at: Date) {
	const released = await tx.pendingPractical.findMany({
		where: { certification: { OR: [{ practicalChecklistId: null }, { retiredAt: { not: null } }] } },
		select: { personId: true, certificationCode: true },
	})
	if (released.length === 0) return
	await tx.pendingPractical.deleteMany({ where: { OR: released.map(({ personId, certificationCode }) => ({ personId, certificationCode })) } })
	for (const personId of new Set(released.map((r) => r.personId))) await evaluateAwards({ personId, at }, tx)
}

/**
 * Writes a valid catalog into the database in one transaction: all of it or none of it. A
 * material change to a module puts those certified on earlier versions on notice to retrain.
 */
export async function syncCatalog(catalog: Catalog, { at, fingerprint = catalogFingerprint(catalog) }: { at: Date; fingerprint?: string }, db: Db = prisma): Promise<SyncOutcome> {
	try {
		const outcome = await db.$transaction(async (tx) => {
			const context = { at, edition: catalog.standard.edition }
			await syncStandard(tx, catalog.standard)
			const created = []
			for (const module of catalog.modules) created.push(await syncModule(tx, module, context))
			for (const module of catalog.scormModules) created.push(await syncScormModule(tx, module, context))
			const newModuleVersions = created.filter((c) => c !== null)
			const newQuizVersions: string[] = []
			for (const quiz of catalog.quizzes) {
				const version = await syncQuiz(tx, quiz, at)
				if (version) newQuizVersions.push(version)
			}
			await syncDefinitions(tx, catalog, at)
			await releaseDroppedPracticals(tx, at)
			let retraining = 0
			for (const version of newModuleVersions) if (version.material) retraining += await requireRetrainingAfterChange(tx, { moduleVersionId: version.id, at })
			const summary = {
				modules: catalog.modules.length + catalog.scormModules.length,
				quizzes: catalog.quizzes.length,
				certifications: catalog.certifications.length,
				workTypes: catalog.workTypes.length,
				checklists: catalog.checklists.length,
				newModuleVersions: newModuleVersions.map((v) => v.label),
				newQuizVersions,
				retrainingRequired: retraining,
			}
			await tx.catalogSync.create({ data: { at, ok: true, problems: '[]', summary: JSON.stringify(summary), fingerprint } })
			if (newModuleVersions.length || newQuizVersions.length) {
				await appendAuditEvent(tx, { actor: systemActor, action: 'catalog.synced', details: summary, at })
			}
			return { ok: true as const, newModuleVersions: summary.newModuleVersions, newQuizVersions }
		})
		generation += 1
		return outcome
	} catch (error) {
		if (!(error instanceof SyncRefusal)) throw error
		await recordFailedSync([error.problem], at, db)
		return { ok: false, problems: [error.problem] }
	}
}

async function recordFailedSync(problems: CatalogProblem[], at: Date, db: Db) {
	await db.$transaction(async (tx) => {
		await tx.catalogSync.create({ data: { at, ok: false, problems: JSON.stringify(problems), summary: '{}', fingerprint: problemsFingerprint(problems) } })
		await appendAuditEvent(tx, { actor: systemActor, action: 'catalog.sync_failed', details: { problems: problems.length }, at })
	})
}

/**
 * Loads content/ and syncs it. A catalog with any problem is not loaded at all: the database
 * keeps the last good catalog and the failed sync is recorded with its reasons.
 */
export async function syncCatalogFromDirectory(contentDir: string, { at }: { at: Date }, db: Db = prisma): Promise<SyncOutcome> {
	const loaded = loadCatalog(contentDir)
	const fingerprint = loaded.ok ? catalogFingerprint(loaded.catalog) : problemsFingerprint(loaded.problems)
	// A restart with the same content writes nothing: it can start on a full disk or a read-only database.
	if (fingerprint === (await lastSyncFingerprint(db))) return loaded.ok ? { ok: true, newModuleVersions: [], newQuizVersions: [], unchanged: true } : { ok: false, problems: loaded.problems, unchanged: true }
	if (loaded.ok) return syncCatalog(loaded.catalog, { at, fingerprint }, db)
	await recordFailedSync(loaded.problems, at, db)
	return { ok: false, problems: loaded.problems }
}

async function lastSyncFingerprint(db: Db) {
	const last = await db.catalogSync.findFirst({ orderBy: { at: 'desc' }, select: { fingerprint: true } })
	return last?.fingerprint ?? null
}

const sha256 = (text: string | Uint8Array) => createHash('sha256').update(text).digest('hex')

/** One hash of everything a sync writes from the catalog (packages by their own hash), so a parser change counts as a change too. */
export function catalogFingerprint(catalog: Catalog) {
	const scormModules = catalog.scormModules.map(({ packageBytes, ...module }) => ({ ...module, packageHash: sha256(packageBytes) }))
	return `catalog:${sha256(JSON.stringify({ ...catalog, scormModules }))}`
}

const problemsFingerprint = (problems: CatalogProblem[]) => `problems:${sha256(JSON.stringify(problems))}`
