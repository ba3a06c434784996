import { appendAuditEvent } from '#app/audit/audit-log.server.ts'
import { visiblePeopleFilter, type SessionUser } from '#app/auth/permissions.server.ts'
import { formatDate } from '#app/utils/dates.ts'
import { asSentence } from '#app/utils/sentence.ts'
import { prisma, type Db, type DbTransaction } from '#app/utils/db.server.ts'

const DAY_MS = 86_400_000
const systemActor = { type: 'system', id: 'retraining-rules' } as const

export type MaterialVersion = { id: string; moduleId: string; version: number; title: string; changeNote: string | null; createdAt: Date }
type AwardBasis = { id: string; personId: string; certificationCode: string; issuedAt: Date; evidence: string }
type Certification = { code: string; name: string; retrainingGraceDays: number }

const materialVersionFields = { id: true, moduleId: true, version: true, title: true, changeNote: true, createdAt: true } as const

/** The module versions an earned award rests on, by module; imported and manual awards name none. */
function trainedVersionIds(evidence: string): Map<string, string> {
	const parsed: unknown = JSON.parse(evidence)
	if (!Array.isArray(parsed)) return new Map()
	return new Map(parsed.flatMap((item: { moduleId?: unknown; moduleVersionId?: unknown }) => (typeof item.moduleId === 'string' && typeof item.moduleVersionId === 'string' ? [[item.moduleId, item.moduleVersionId] as const] : [])))
}

/**
 * Whether the award already rests on the material version (or a later one): training on that
 * version, or, for an award that names no versions, issued after the change was published.
 */
function covers(award: AwardBasis, material: MaterialVersion, versionNumbers: Map<string, number>) {
	const trained = trainedVersionIds(award.evidence).get(material.moduleId)
	if (!trained) return award.issuedAt.getTime() >= material.createdAt.getTime()
	return (versionNumbers.get(trained) ?? 0) >= material.version
}

/** Every stored version of a module by id, with its number: read once, not once per award. */
async function versionNumbersOf(tx: DbTransaction, moduleId: string) {
	return new Map((await tx.moduleVersion.findMany({ where: { moduleId }, select: { id: true, version: true } })).map((v) => [v.id, v.version]))
}

/**
 * Records that the holder of `award` must retrain on `material`: an open row (one per award and
 * module: a later material change moves the open row to the newer version, keeping its date), a
 * notice to the rep, and an audit row.
 */
export async function requireRetraining(tx: DbTransaction, { award, certification, material, at }: { award: AwardBasis; certification: Certification; material: MaterialVersion; at: Date }) {
	const open = await tx.retrainingDue.findFirst({ where: { awardId: award.id, moduleId: material.moduleId, closedAt: null }, select: { id: true } })
	if (open) {
		await tx.retrainingDue.update({ where: { id: open.id }, data: { moduleVersionId: material.id } })
		return
	}
	const dueSince = material.createdAt
	const deadline = new Date(dueSince.getTime() + certification.retrainingGraceDays * DAY_MS)
	const row = await tx.retrainingDue.create({
		data: { personId: award.personId, certificationCode: certification.code, awardId: award.id, moduleId: material.moduleId, moduleVersionId: material.id, dueSince, deadline },
		select: { id: true },
	})
	const hasQuiz = (await tx.quiz.count({ where: { moduleId: material.moduleId, retiredAt: null } })) > 0
	await tx.notification.create({
		data: {
			personId: award.personId,
			kind: 'retraining_due',
			title: `Retraining due: ${material.title}`,
			body: `The procedure in "${material.title}" changed on ${formatDate(dueSince)}: ${asSentence(material.changeNote ?? 'see the new version')} Complete the new version${hasQuiz ? ' and pass its quiz' : ''} by ${formatDate(deadline)} to keep ${certification.code} (${certification.name}) in force.`,
			createdAt: at,
		},
	})
	await appendAuditEvent(tx, {
		actor: systemActor,
		action: 'retraining.required',
		subject: { type: 'retraining_due', id: row.id },
		details: { personId: award.personId, certification: certification.code, awardId: award.id, moduleId: material.moduleId, moduleVersionId: material.id, version: material.version, dueSince: dueSince.toISOString(), deadline: deadline.toISOString() },
		at,
	})
}

/**
 * A module changed materially (`material` is its new version): everyone whose award in force of
 * a certification requiring it rests on an earlier version must retrain within that
 * certification's grace period. Awards that ended or were revoked are left alone.
 */
export async function requireRetrainingAfterChange(tx: DbTransaction, { moduleVersionId, at }: { moduleVersionId: string; at: Date }) {
	const material = await tx.moduleVersion.findUniqueOrThrow({ where: { id: moduleVersionId }, select: materialVersionFields })
	const certifications = await tx.certification.findMany({ where: { retiredAt: null, requirements: { some: { moduleId: material.moduleId } } }, select: { code: true, name: true, retrainingGraceDays: true } })
	const versionNumbers = await versionNumbersOf(tx, material.moduleId)
	let required = 0
	for (const certification of certifications) {
		// The award that governs each holder now, from the readiness read model: one row per person.
		// Suspended awards included (a suspension may be lifted); revoked ones are not in force.
		const current = await tx.certificationPeriod.findMany({
			where: { certificationCode: certification.code, endsAt: null, expiresAt: { gt: BigInt(at.getTime()) }, OR: [{ withdrawal: null }, { withdrawal: 'suspended' }] },
			select: { awardId: true },
		})
		// Leavers too: one who comes back while the award is in date still owes the retraining.
		const awards = await tx.certificationAward.findMany({
			where: { id: { in: current.map((c) => c.awardId) } },
			select: { id: true, personId: true, certificationCode: true, issuedAt: true, evidence: true },
		})
		for (const award of awards) {
			if (covers(award, material, versionNumbers)) continue
			await requireRetraining(tx, { award, certification, material, at })
			required += 1
		}
	}
	return required
}

/**
 * A new award was issued: retraining owed on the award it replaces is closed ("renewed"), and the
 * new award is checked like any other against the latest material version of each required module.
 */
export async function retrainingForNewAward(tx: DbTransaction, { awardId, at }: { awardId: string; at: Date }) {
	const award = await tx.certificationAward.findUniqueOrThrow({ where: { id: awardId }, select: { id: true, personId: true, certificationCode: true, issuedAt: true, evidence: true } })
	await tx.retrainingDue.updateMany({ where: { personId: award.personId, certificationCode: award.certificationCode, awardId: { not: award.id }, closedAt: null }, data: { closedAt: at, closedReason: 'renewed' } })
	const certification = await tx.certification.findUniqueOrThrow({ where: { code: award.certificationCode }, select: { code: true, name: true, retrainingGraceDays: true, requirements: { select: { moduleId: true } } } })
	for (const { moduleId } of certification.requirements) {
		const material = await tx.moduleVersion.findFirst({ where: { moduleId, changeKind: 'material' }, orderBy: { version: 'desc' }, select: materialVersionFields })
		if (material && !covers(award, material, await versionNumbersOf(tx, moduleId))) await requireRetraining(tx, { award, certification, material, at })
	}
}

/**
 * Closes the person's open retraining they have now done: the required version (or a later one)
 * completed since the change, and the module's quiz passed since then if it has one.
 */
export async function settleRetraining(tx: DbTransaction, { personId, at }: { personId: string; at: Date }) {
	const open = await tx.retrainingDue.findMany({ where: { personId, closedAt: null }, select: { id: true, certificationCode: true, moduleId: true, moduleVersionId: true, dueSince: true } })
	for (const row of open) {
		const required = await tx.moduleVersion.findUniqueOrThrow({ where: { id: row.moduleVersionId }, select: { version: true } })
		const acceptable = await tx.moduleVersion.findMany({ where: { moduleId: row.moduleId, version: { gte: required.version } }, select: { id: true } })
		const completion = await tx.moduleCompletion.findFirst({ where: { personId, moduleId: row.moduleId, moduleVersionId: { in: acceptable.map((v) => v.id) }, completedAt: { gte: row.dueSince, lte: at } }, select: { id: true } })
		if (!completion) continue
		const quiz = await tx.quiz.findFirst({ where: { moduleId: row.moduleId, retiredAt: null }, select: { id: true } })
		if (quiz && !(await tx.quizAttempt.findFirst({ where: { personId, quizId: quiz.id, passed: true, submittedAt: { gte: row.dueSince, lte: at } }, select: { id: true } }))) continue
		await tx.retrainingDue.update({ where: { id: row.id }, data: { closedAt: at, closedReason: 'retrained' } })
		await appendAuditEvent(tx, { actor: systemActor, action: 'retraining.completed', subject: { type: 'retraining_due', id: row.id }, details: { personId, certification: row.certificationCode, moduleId: row.moduleId, completionId: completion.id }, at })
	}
}

/** A person's open retraining, for their training page and their manager's view of them. */
/** What people read instead of codes: the material version's title (and number, note) and the certification's name. */
async function namesOf(rows: Array<{ certificationCode: string; moduleVersionId: string }>, db: Db) {
	const [versions, certifications] = await Promise.all([
		db.moduleVersion.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.moduleVersionId))] } }, select: { id: true, title: true, version: true, changeNote: true } }),
		db.certification.findMany({ where: { code: { in: [...new Set(rows.map((r) => r.certificationCode))] } }, select: { code: true, name: true } }),
	])
	return { versions: new Map(versions.map((v) => [v.id, v])), certificationNames: new Map(certifications.map((c) => [c.code, c.name])) }
}

export async function openRetrainingFor({ personId, at }: { personId: string; at: Date }, db: Db = prisma) {
	const rows = await db.retrainingDue.findMany({
		where: { personId, closedAt: null },
		orderBy: { deadline: 'asc' },
		select: { id: true, certificationCode: true, moduleId: true, moduleVersionId: true, dueSince: true, deadline: true },
	})
	const { versions, certificationNames } = await namesOf(rows, db)
	return rows.map((row) => {
		const version = versions.get(row.moduleVersionId)
		return {
			id: row.id,
			certificationCode: row.certificationCode,
			certificationName: certificationNames.get(row.certificationCode) ?? row.certificationCode,
			moduleId: row.moduleId,
			moduleTitle: version?.title ?? row.moduleId,
			version: version?.version ?? null,
			changeNote: version?.changeNote ?? null,
			dueSince: row.dueSince.toISOString(),
			deadline: row.deadline.toISOString(),
			overdue: row.deadline.getTime() <= at.getTime(),
		}
	})
}

const OVERVIEW_ROWS = 20

/**
 * Retraining owed by active people the viewer oversees (optionally within one org unit): how many
 * people are overdue (no longer eligible through that certification) and how many are still within
 * their grace period, with the most urgent rows first.
 */
export async function retrainingOverview({ viewer, unitPath, at }: { viewer: SessionUser; unitPath: string | null; at: Date }, db: Db = prisma) {
	const where = {
		closedAt: null,
		person: { AND: [visiblePeopleFilter(viewer), unitPath ? { orgUnit: { path: { startsWith: unitPath } } } : {}, { OR: [{ leftAt: null }, { leftAt: { gt: at } }] }] },
	}
	const people = async (deadline: { lte: Date } | { gt: Date }) => (await db.retrainingDue.findMany({ where: { ...where, deadline }, distinct: ['personId'], select: { personId: true } })).length
	const [overdue, due, rows] = await Promise.all([
		people({ lte: at }),
		people({ gt: at }),
		db.retrainingDue.findMany({
			where,
			orderBy: [{ deadline: 'asc' }, { id: 'asc' }],
			take: OVERVIEW_ROWS,
			select: { id: true, certificationCode: true, moduleId: true, moduleVersionId: true, deadline: true, person: { select: { employeeId: true, name: true } } },
		}),
	])
	const { versions, certificationNames } = await namesOf(rows, db)
	return {
		overdue,
		due,
		rows: rows.map((r) => ({
			id: r.id,
			employeeId: r.person.employeeId,
			name: r.person.name,
			certificationCode: r.certificationCode,
			certificationName: certificationNames.get(r.certificationCode) ?? r.certificationCode,
			moduleTitle: versions.get(r.moduleVersionId)?.title ?? r.moduleId,
			deadline: r.deadline.toISOString(),
			overdue: r.deadline.getTime() <= at.getTime(),
		})),
	}
}
