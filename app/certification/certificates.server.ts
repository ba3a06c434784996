import { prisma, type Db } from '#app/utils/db.server.ts'
import { awardHistories } from './award-histories.server.ts'
import { asAwardChanges, certificationStatusAt, type HolderState } from './status.ts'

export type Holder = { state: HolderState; since: Date | null }

/** The holder's own state at `at`: someone who has left holds nothing valid, whatever their certificates say. */
export const holderAt = (person: { leftAt: Date | null }, at: Date): Holder =>
	person.leftAt !== null && person.leftAt.getTime() <= at.getTime() ? { state: 'left', since: person.leftAt } : { state: 'active', since: null }

type PracticalRecord = { performedOn: Date; setting: string; reference: string; assessor: { name: string }; checklistVersion: { title: string; version: number } }

/**
 * The observed practical behind an award; or, for an award earned before its certification
 * required one, that fact and from when (the holder keeps it; the renewal needs a practical).
 */
function practicalOf(record: PracticalRecord | null, award: { issuedAt: Date; source: string }, requiredSince: Date | null) {
	if (record) return { kind: 'observed' as const, performedOn: record.performedOn, setting: record.setting, reference: record.reference, assessorName: record.assessor.name, checklist: `${record.checklistVersion.title}, version ${record.checklistVersion.version}` }
	if (requiredSince && award.source === 'earned' && award.issuedAt < requiredSince) return { kind: 'earned-before-required' as const, requiredSince }
	return null
}

async function currentVersionsRequiredBy(certificationCode: string, db: Db) {
	const requirements = await db.certificationRequirement.findMany({ where: { certificationCode }, select: { moduleId: true } })
	const modules = await db.learningModule.findMany({ where: { id: { in: requirements.map((r) => r.moduleId) } }, select: { currentVersionId: true } })
	return modules.flatMap((m) => (m.currentVersionId ? [m.currentVersionId] : []))
}

type EarnedEvidence = Array<{ moduleId: string; moduleVersionId: string; completedAt: string; quiz: { quizVersionId: string; scorePercent: number | null; submittedAt: string } | null }>

/**
 * What an award rests on, for an auditor: the module versions completed (or, for an imported or
 * manual award, the certification's modules as they stand), the quiz versions and scores, and the
 * IEC 62443-2-4 requirements those module versions cover, with the edition they were mapped against.
 */
/** The SCORM attempt that satisfied a course for this award: what the package reported. */
async function scormResult({ personId, moduleVersionId, completedAt }: { personId: string; moduleVersionId: string; completedAt: string }, db: Db) {
	const attempt = await db.scormAttempt.findFirst({
		where: { personId, moduleVersionId, purpose: 'learning', satisfiedAt: { not: null, lte: new Date(completedAt) } },
		orderBy: { satisfiedAt: 'desc' },
		select: { completionStatus: true, successStatus: true, scoreScaled: true, totalSeconds: true },
	})
	return attempt && { completionStatus: attempt.completionStatus, successStatus: attempt.successStatus, scorePercent: attempt.scoreScaled === null ? null : Math.round(attempt.scoreScaled * 1000) / 10, minutes: Math.round(attempt.totalSeconds / 60) }
}

async function trainingRecord(award: { personId: string; certificationCode: string; evidence: string }, db: Db) {
	const parsed: unknown = JSON.parse(award.evidence)
	const earned = Array.isArray(parsed) ? (parsed as EarnedEvidence) : []
	const versionIds =
		earned.length > 0
			? earned.map((e) => e.moduleVersionId)
			: await currentVersionsRequiredBy(award.certificationCode, db)
	const versions = await db.moduleVersion.findMany({ where: { id: { in: versionIds } }, select: { id: true, moduleId: true, title: true, version: true, covers: true, coverageEdition: true, scormPackageId: true } })
	const quizVersions = new Map((await db.quizVersion.findMany({ where: { id: { in: earned.flatMap((e) => (e.quiz ? [e.quiz.quizVersionId] : [])) } }, select: { id: true, version: true } })).map((q) => [q.id, q.version]))
	const covered = [...new Set(versions.flatMap((v) => JSON.parse(v.covers) as string[]))].sort()
	const titles = new Map((await db.standardRequirement.findMany({ where: { id: { in: covered } }, select: { id: true, title: true } })).map((r) => [r.id, r.title]))
	return {
		basis: earned.length > 0 ? ('completed' as const) : ('current-modules' as const),
		modules: (
			await Promise.all(
				versions.map(async (v) => {
					const evidence = earned.find((e) => e.moduleVersionId === v.id)
					return {
						moduleId: v.moduleId,
						title: v.title,
						version: v.version,
						completedAt: evidence?.completedAt ?? null,
						quiz: evidence?.quiz ? { version: quizVersions.get(evidence.quiz.quizVersionId) ?? null, scorePercent: evidence.quiz.scorePercent, submittedAt: evidence.quiz.submittedAt } : null,
						scorm: evidence && v.scormPackageId ? await scormResult({ personId: award.personId, moduleVersionId: v.id, completedAt: evidence.completedAt }, db) : null,
					}
				}),
			)
		).sort((a, b) => a.moduleId.localeCompare(b.moduleId)),
		covers: covered.map((id) => ({ id, title: titles.get(id) ?? null })),
		editions: [...new Set(versions.flatMap((v) => (v.coverageEdition ? [v.coverageEdition] : [])))],
	}
}

/** An award with its holder, history and status at `at` (what the certificate page shows). */
export async function certificateById({ awardId, at }: { awardId: string; at: Date }, db: Db = prisma) {
	const award = await db.certificationAward.findUnique({
		where: { id: awardId },
		select: {
			id: true,
			personId: true,
			certificationCode: true,
			issuedAt: true,
			expiresAt: true,
			source: true,
			evidenceNote: true,
			verificationCode: true,
			evidence: true,
			person: { select: { name: true, employeeId: true, leftAt: true, orgUnit: { select: { path: true } } } },
			changes: { orderBy: { at: 'asc' }, select: { kind: true, reason: true, at: true, actorId: true } },
			practicalAssessment: { select: { performedOn: true, setting: true, reference: true, assessor: { select: { name: true } }, checklistVersion: { select: { title: true, version: true } } } },
		},
	})
	if (!award) return null
	const certification = await db.certification.findUniqueOrThrow({ where: { code: award.certificationCode }, select: { name: true, recertificationWindowDays: true, practicalRequiredSince: true } })
	// This award's own state: other (later) awards of the same certification do not change it.
	const histories = await awardHistories(award.personId, award.certificationCode, db)
	const own = certificationStatusAt({ awards: histories.filter((a) => a.id === award.id), windowDays: certification.recertificationWindowDays }, at)
	const overall = certificationStatusAt({ awards: histories, windowDays: certification.recertificationWindowDays }, at)
	const supersededByLaterAward = overall.award?.id !== award.id
	// Who did what and when: an auditor reads the history with names, not ids.
	const actors = new Map((await db.person.findMany({ where: { id: { in: award.changes.map((c) => c.actorId) } }, select: { id: true, name: true } })).map((p) => [p.id, p.name]))
	const changes = award.changes.map(({ actorId, ...change }) => ({ ...change, by: actors.get(actorId) ?? 'unknown' }))
	const { practicalAssessment, evidence: _evidence, ...rest } = award
	return { ...rest, changes, training: await trainingRecord(award, db), practical: practicalOf(practicalAssessment, award, certification.practicalRequiredSince), certificationName: certification.name, status: own.status, withdrawnSince: own.withdrawnSince, windowOpensAt: own.windowOpensAt, supersededByLaterAward, holder: holderAt(award.person, at) }
}

/**
 * The public verification view: name, certification, status now, expiry, and nothing else. For a
 * holder who has left, only that and since when: the certificate is not valid without them.
 */
export async function verifyCertificate({ code, at }: { code: string; at: Date }, db: Db = prisma) {
	const normalised = code.trim().toUpperCase()
	if (!/^[A-Z0-9]{8,32}$/.test(normalised)) return null
	const award = await db.certificationAward.findUnique({ where: { verificationCode: normalised }, select: { id: true } })
	if (!award) return null
	const certificate = await certificateById({ awardId: award.id, at }, db)
	if (!certificate) return null
	return {
		holderName: certificate.person.name,
		certificationCode: certificate.certificationCode,
		certificationName: certificate.certificationName,
		holder: certificate.holder,
		status: certificate.status,
		issuedAt: certificate.issuedAt,
		expiresAt: certificate.expiresAt,
		supersededByLaterAward: certificate.supersededByLaterAward,
	}
}

/** Every award a person has held, each with its own status at `at`, and the holder's own state (null when no such person). */
export async function awardsForEmployee({ employeeId, at }: { employeeId: string; at: Date }, db: Db = prisma) {
	const person = await db.person.findUnique({
		where: { employeeId },
		select: {
			leftAt: true,
			awards: {
				orderBy: [{ certificationCode: 'asc' }, { issuedAt: 'asc' }],
				select: { id: true, certificationCode: true, issuedAt: true, expiresAt: true, source: true, changes: { select: { kind: true, at: true } } },
			},
		},
	})
	if (!person) return null
	const windows = new Map((await db.certification.findMany({ select: { code: true, recertificationWindowDays: true } })).map((c) => [c.code, c.recertificationWindowDays]))
	const holder = holderAt(person, at)
	const awards = person.awards.map((award) => ({
		awardId: award.id,
		certification: award.certificationCode,
		issuedAt: award.issuedAt.toISOString(),
		expiresAt: award.expiresAt.toISOString(),
		source: award.source as 'earned' | 'manual' | 'imported',
		status: certificationStatusAt({ awards: [{ ...award, changes: asAwardChanges(award.changes) }], windowDays: windows.get(award.certificationCode) ?? 0 }, at).status,
	}))
	return { holder: { state: holder.state, since: holder.since?.toISOString() ?? null }, awards }
}
