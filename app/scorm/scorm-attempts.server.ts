import { randomBytes } from 'node:crypto'
import { appendAuditEvent } from '#app/audit/audit-log.server.ts'
import { type OnModuleCompleted } from '#app/learning/module-progress.server.ts'
import { lockPerson, prisma, type Db, type DbTransaction } from '#app/utils/db.server.ts'
import { initialCmi, type PriorSession } from './initial-cmi.ts'
import { type ScormManifest } from './manifest.server.ts'
import { prerequisitesMet, tableOfContents, visibleScos, type ItemProgress, type TocEntry } from './organization.ts'
import { readStoredManifest } from './package-store.server.ts'
import { wholeMinutesTaken } from './plausible-time.ts'
import { refreshStanding } from './scorm-standing.server.ts'
import { scormFamily, type Cmi, type CompletionRule } from './tracking.ts'

export class ScormNotFoundError extends Error {
	override name = 'ScormNotFoundError'
}

/** For course pages: a course that is not offered is a 404; anything else goes on up. */
export function courseNotFound(error: unknown): never {
	if (error instanceof ScormNotFoundError) throw new Response('This course does not exist or is no longer offered.', { status: 404 })
	throw error
}

/** A launch the rules do not allow (an unmet prerequisite); the message is for the learner. */
export class ScormLaunchRefusedError extends Error {
	override name = 'ScormLaunchRefusedError'
}

type Reader = Db | DbTransaction

async function currentScormVersion(moduleId: string, db: Reader) {
	const module = await db.learningModule.findUnique({ where: { id: moduleId }, select: { kind: true, retiredAt: true, currentVersionId: true } })
	if (!module?.currentVersionId || module.retiredAt || module.kind !== 'scorm') throw new ScormNotFoundError(`Module ${moduleId} is not an available SCORM module`)
	const version = await db.moduleVersion.findUniqueOrThrow({ where: { id: module.currentVersionId }, select: { id: true, title: true, summary: true, estimatedMinutes: true, scormPackageId: true, completionRule: true } })
	if (!version.scormPackageId || !version.completionRule) throw new ScormNotFoundError(`Module ${moduleId} has no SCORM package`)
	return { ...version, scormPackageId: version.scormPackageId, completionRule: version.completionRule as CompletionRule }
}

const attemptSelect = { id: true, moduleId: true, moduleVersionId: true, packageId: true, purpose: true, completionRule: true, completionStatus: true, successStatus: true, scoreScaled: true, totalSeconds: true, satisfiedAt: true, startedAt: true, review: true, reviewReason: true } as const

/**
 * Learning attempts count toward certifications; a preview is a manager, admin or author trying
 * the course, with tracking of its own that never counts.
 */
export type AttemptPurpose = 'learning' | 'preview'

/** The attempt a person continues: the newest one, even on an older package version. */
async function latestAttempt({ personId, moduleId, purpose }: { personId: string; moduleId: string; purpose: AttemptPurpose }, db: Reader) {
	return db.scormAttempt.findFirst({ where: { personId, moduleId, purpose }, orderBy: { startedAt: 'desc' }, select: attemptSelect })
}

async function progressByItem(attemptId: string, db: Reader) {
	const states = await db.scormScoState.findMany({ where: { attemptId }, select: { scoId: true, completionStatus: true, successStatus: true, scoreScaled: true, totalSeconds: true } })
	return new Map(states.map((s) => [s.scoId, { completion: s.completionStatus, success: s.successStatus, scoreScaled: s.scoreScaled, totalSeconds: s.totalSeconds } as ItemProgress & { scoreScaled: number | null; totalSeconds: number }]))
}

export type TocEntryWithProgress = Omit<TocEntry, 'children'> & { progress: ItemProgress | null; locked: boolean; children: TocEntryWithProgress[] }

function tocWithProgress(manifest: ScormManifest, progress: Map<string, ItemProgress>) {
	const items = new Map(manifest.scos.map((sco) => [sco.item.identifier, sco.item]))
	const decorate = (entries: TocEntry[]): TocEntryWithProgress[] =>
		entries.map((entry) => ({
			...entry,
			progress: progress.get(entry.identifier) ?? null,
			locked: entry.launchable && prerequisitesMet(items.get(entry.identifier)?.prerequisites ?? null, progress) === false,
			children: decorate(entry.children),
		}))
	return decorate(tableOfContents(manifest))
}

/** Where a returning learner picks up: the SCO they had open last. */
async function lastLaunchedSco(attemptId: string, db: Reader) {
	const launch = await db.scormLaunch.findFirst({ where: { attemptId }, orderBy: { startedAt: 'desc' }, select: { scoId: true } })
	return launch?.scoId ?? null
}

/** How long a finished attempt took on the server's clock, against its module version's minimum plausible time. */
async function attemptTiming(attempt: { startedAt: Date; satisfiedAt: Date; moduleVersionId: string }, db: Reader) {
	const { minimumMinutes } = await db.moduleVersion.findUniqueOrThrow({ where: { id: attempt.moduleVersionId }, select: { minimumMinutes: true } })
	return { minutesTaken: wholeMinutesTaken({ startedAt: attempt.startedAt, finishedAt: attempt.satisfiedAt }), minimumMinutes }
}

/** Everything the player page shows before a SCO launches: the module, the attempt, the table of contents. */
export async function scormPlayerView({ personId, moduleId, purpose = 'learning' }: { personId: string; moduleId: string; purpose?: AttemptPurpose }, db: Db = prisma) {
	const version = await currentScormVersion(moduleId, db)
	const attempt = await latestAttempt({ personId, moduleId, purpose }, db)
	const packageId = attempt?.packageId ?? version.scormPackageId
	const manifest = await readStoredManifest(packageId, db)
	const progress = attempt ? await progressByItem(attempt.id, db) : new Map<string, ItemProgress>()
	const quiz = await db.quiz.findFirst({ where: { moduleId, retiredAt: null }, select: { id: true } })
	return {
		module: { id: moduleId, title: version.title, summary: version.summary, estimatedMinutes: version.estimatedMinutes },
		scormVersion: manifest.version,
		attempt,
		timing: attempt?.satisfiedAt ? await attemptTiming({ ...attempt, satisfiedAt: attempt.satisfiedAt }, db) : null,
		/** The module's server-graded quiz, which a certification needs besides the course. */
		quizId: quiz?.id ?? null,
		onOlderVersion: attempt !== null && attempt.satisfiedAt === null && attempt.moduleVersionId !== version.id,
		toc: tocWithProgress(manifest, progress),
	}
}

/**
 * Starts a fresh attempt on the module's current version (a first try, or a renewal after a
 * finished one); an unfinished attempt is continued instead. A preview that was finished, or that
 * is on an older version, is started over: it exists to try the course as it is now.
 */
export async function startScormAttempt({ personId, moduleId, purpose = 'learning', at }: { personId: string; moduleId: string; purpose?: AttemptPurpose; at: Date }, db: Db = prisma) {
	const version = await currentScormVersion(moduleId, db)
	const continuable = async (reader: Reader) => {
		const latest = await latestAttempt({ personId, moduleId, purpose }, reader)
		return latest && latest.satisfiedAt === null && (purpose === 'learning' || latest.moduleVersionId === version.id) ? latest : null
	}
	// Most openings continue an attempt: a read, no write.
	const open = await continuable(db)
	if (open) return open
	return db.$transaction(async (tx) => {
		// Two tabs opening the course at once start one attempt: the second finds the first's.
		await lockPerson(tx, personId)
		const started = await continuable(tx)
		if (started) return started
		const attempt = await tx.scormAttempt.create({
			data: { personId, moduleId, moduleVersionId: version.id, packageId: version.scormPackageId, completionRule: version.completionRule, purpose, startedAt: at, updatedAt: at, completionStatus: 'not attempted', successStatus: 'unknown' },
			select: attemptSelect,
		})
		// Its start is where the minimum plausible time is measured from.
		await appendAuditEvent(tx, { actor: { type: 'person', id: personId }, action: 'scorm.attempt_started', subject: { type: 'scorm_attempt', id: attempt.id }, details: { moduleId, moduleVersionId: version.id, purpose }, at })
		return attempt
	})
}

export async function ownedAttempt({ attemptId, personId }: { attemptId: string; personId: string }, db: Reader = prisma) {
	const attempt = await db.scormAttempt.findUnique({ where: { id: attemptId }, select: { ...attemptSelect, personId: true } })
	// Someone else's attempt is indistinguishable from a missing one.
	if (!attempt || attempt.personId !== personId) throw new ScormNotFoundError('This SCORM attempt does not exist')
	return attempt
}

/** What the content origin needs to play an attempt: the outline, progress so far and, for SCORM 2004, the sequencing engine's rules and state. */
export async function attemptPlaybackState({ attemptId, personId }: { attemptId: string; personId: string }, db: Db = prisma) {
	const attempt = await ownedAttempt({ attemptId, personId }, db)
	const manifest = await readStoredManifest(attempt.packageId, db)
	const [progress, stored, resumeAt] = await Promise.all([
		progressByItem(attemptId, db),
		db.scormAttempt.findUniqueOrThrow({ where: { id: attemptId }, select: { sequencingState: true } }),
		lastLaunchedSco(attemptId, db),
	])
	const visible = new Set(visibleScos(manifest).map((sco) => sco.item.identifier))
	return {
		family: scormFamily(manifest.version),
		rootId: manifest.organization.identifier,
		outline: manifest.scos.map((sco) => ({ id: sco.item.identifier, title: sco.item.title, visible: visible.has(sco.item.identifier), kind: sco.resource.scormType, prerequisites: sco.item.prerequisites })),
		progress: Object.fromEntries([...progress].map(([id, p]) => [id, { completion: p.completion, success: p.success }])),
		resumeAt,
		sequencing: manifest.sequencing,
		sequencingState: stored.sequencingState,
	}
}

/**
 * Opens a runtime session for one SCO or asset: records the launch and hands back the CMI state
 * the SCO starts from (resume data, total time so far, the manifest's passing criteria). An asset
 * has no runtime to report through, so opening it counts as viewing it: it is completed at once.
 */
export async function launchSco({ personId, attemptId, scoId, at, onCompleted }: { personId: string; attemptId: string; scoId: string; at: Date; onCompleted?: OnModuleCompleted }, db: Db = prisma) {
	return db.$transaction(async (tx) => {
		await lockPerson(tx, personId)
		const attempt = await ownedAttempt({ attemptId, personId }, tx)
		const manifest = await readStoredManifest(attempt.packageId, tx)
		const sco = manifest.scos.find((s) => s.item.identifier === scoId)
		if (!sco) throw new ScormNotFoundError(`This package has no item "${scoId}" to open`)
		if (prerequisitesMet(sco.item.prerequisites, await progressByItem(attempt.id, tx)) === false) {
			throw new ScormLaunchRefusedError(`"${sco.item.title}" opens once you have finished what it builds on.`)
		}
		const person = await tx.person.findUniqueOrThrow({ where: { id: personId }, select: { employeeId: true, name: true } })
		const state = await tx.scormScoState.findUnique({ where: { attemptId_scoId: { attemptId, scoId } }, select: { cmi: true, terminated: true, launchCount: true, totalSeconds: true, completionStatus: true, successStatus: true } })
		const ordinal = (state?.launchCount ?? 0) + 1
		const launchId = `lch_${randomBytes(15).toString('base64url')}`
		const isAsset = sco.resource.scormType === 'asset'
		await tx.scormLaunch.create({ data: { id: launchId, attemptId, scoId, ordinal, startedAt: at } })
		const viewed = isAsset ? { completionStatus: 'completed', terminated: true, updatedAt: at } : {}
		await tx.scormScoState.upsert({
			where: { attemptId_scoId: { attemptId, scoId } },
			create: { attemptId, scoId, cmi: '{}', completionStatus: 'not attempted', successStatus: 'unknown', launchCount: 1, updatedAt: at, ...viewed },
			update: { launchCount: ordinal, ...viewed },
		})
		if (isAsset) await refreshStanding(tx, { attempt, manifest, at, onCompleted })
		const prior: PriorSession | null =
			state && state.cmi !== '{}' ? { cmi: JSON.parse(state.cmi) as Cmi, finished: state.terminated, completion: state.completionStatus, success: state.successStatus } : null
		const family = scormFamily(manifest.version)
		return {
			launchId,
			scoId,
			title: sco.item.title,
			kind: sco.resource.scormType,
			family,
			launchHref: sco.launchHref,
			cmi: initialCmi({ family, learner: person, item: sco.item, prior, totalSeconds: state?.totalSeconds ?? 0 }),
		}
	})
}
