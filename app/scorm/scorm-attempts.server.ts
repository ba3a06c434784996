import { randomBytes } from 'node:crypto'
import { prisma, type Db, type DbTransaction } from '#app/utils/db.server.ts'
import { initialCmi, type PriorSession } from './initial-cmi.ts'
import { type ScormManifest } from './manifest.server.ts'
import { prerequisitesMet, tableOfContents, visibleScos, type ItemProgress, type TocEntry } from './organization.ts'
import { readStoredManifest } from './package-store.server.ts'
import { scormFamily, type Cmi, type CompletionRule } from './tracking.ts'

export class ScormNotFoundError extends Error {
	override name = 'ScormNotFoundError'
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

const attemptSelect = { id: true, moduleId: true, moduleVersionId: true, packageId: true, completionRule: true, completionStatus: true, successStatus: true, scoreScaled: true, totalSeconds: true, satisfiedAt: true, startedAt: true } as const

/** The attempt a learner continues: the newest one, even on an older package version. */
async function latestAttempt({ personId, moduleId }: { personId: string; moduleId: string }, db: Reader) {
	return db.scormAttempt.findFirst({ where: { personId, moduleId }, orderBy: { startedAt: 'desc' }, select: attemptSelect })
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

/** Everything the player page shows before a SCO launches: the module, the attempt, the table of contents. */
export async function scormPlayerView({ personId, moduleId }: { personId: string; moduleId: string }, db: Db = prisma) {
	const version = await currentScormVersion(moduleId, db)
	const attempt = await latestAttempt({ personId, moduleId }, db)
	const packageId = attempt?.packageId ?? version.scormPackageId
	const manifest = await readStoredManifest(packageId, db)
	const progress = attempt ? await progressByItem(attempt.id, db) : new Map<string, ItemProgress>()
	return {
		module: { id: moduleId, title: version.title, summary: version.summary, estimatedMinutes: version.estimatedMinutes },
		scormVersion: manifest.version,
		attempt,
		onOlderVersion: attempt !== null && attempt.satisfiedAt === null && attempt.moduleVersionId !== version.id,
		toc: tocWithProgress(manifest, progress),
		firstSco: (attempt && (await lastLaunchedSco(attempt.id, db))) ?? visibleScos(manifest)[0]?.item.identifier ?? manifest.scos[0]!.item.identifier,
	}
}

/** Starts a fresh attempt on the module's current version (a first try, or a renewal after a finished one). */
export async function startScormAttempt({ personId, moduleId, at }: { personId: string; moduleId: string; at: Date }, db: Db = prisma) {
	const version = await currentScormVersion(moduleId, db)
	const latest = await latestAttempt({ personId, moduleId }, db)
	if (latest && latest.satisfiedAt === null) return latest
	return db.scormAttempt.create({
		data: { personId, moduleId, moduleVersionId: version.id, packageId: version.scormPackageId, completionRule: version.completionRule, startedAt: at, updatedAt: at, completionStatus: 'not attempted', successStatus: 'unknown' },
		select: attemptSelect,
	})
}

export async function ownedAttempt({ attemptId, personId }: { attemptId: string; personId: string }, db: Reader) {
	const attempt = await db.scormAttempt.findUnique({ where: { id: attemptId }, select: { ...attemptSelect, personId: true } })
	// Someone else's attempt is indistinguishable from a missing one.
	if (!attempt || attempt.personId !== personId) throw new ScormNotFoundError('This SCORM attempt does not exist')
	return attempt
}

/**
 * Opens a runtime session for one SCO: records the launch and hands back the CMI state the SCO
 * starts from (resume data, total time so far, the manifest's passing criteria).
 */
export async function launchSco({ personId, attemptId, scoId, at }: { personId: string; attemptId: string; scoId: string; at: Date }, db: Db = prisma) {
	return db.$transaction(async (tx) => {
		const attempt = await ownedAttempt({ attemptId, personId }, tx)
		const manifest = await readStoredManifest(attempt.packageId, tx)
		const sco = manifest.scos.find((s) => s.item.identifier === scoId)
		if (!sco) throw new ScormNotFoundError(`This package has no SCO "${scoId}"`)
		if (prerequisitesMet(sco.item.prerequisites, await progressByItem(attempt.id, tx)) === false) {
			throw new ScormLaunchRefusedError(`"${sco.item.title}" opens once you have finished what it builds on.`)
		}
		const person = await tx.person.findUniqueOrThrow({ where: { id: personId }, select: { employeeId: true, name: true } })
		const state = await tx.scormScoState.findUnique({ where: { attemptId_scoId: { attemptId, scoId } }, select: { cmi: true, terminated: true, launchCount: true, totalSeconds: true, completionStatus: true, successStatus: true } })
		const ordinal = (state?.launchCount ?? 0) + 1
		const launchId = `lch_${randomBytes(15).toString('base64url')}`
		await tx.scormLaunch.create({ data: { id: launchId, attemptId, scoId, ordinal, startedAt: at } })
		await tx.scormScoState.upsert({
			where: { attemptId_scoId: { attemptId, scoId } },
			create: { attemptId, scoId, cmi: '{}', completionStatus: 'not attempted', successStatus: 'unknown', launchCount: 1, updatedAt: at },
			update: { launchCount: ordinal },
		})
		const prior: PriorSession | null =
			state && state.cmi !== '{}' ? { cmi: JSON.parse(state.cmi) as Cmi, finished: state.terminated, completion: state.completionStatus, success: state.successStatus } : null
		const family = scormFamily(manifest.version)
		return {
			launchId,
			scoId,
			title: sco.item.title,
			family,
			launchUrl: `/learn/scorm-files/${attempt.packageId}/${sco.launchHref}`,
			cmi: initialCmi({ family, learner: person, item: sco.item, prior, totalSeconds: state?.totalSeconds ?? 0 }),
		}
	})
}

