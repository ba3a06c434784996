import { appendAuditEvent } from '#app/audit/audit-log.server.ts'
import { practicalAssessmentRefusal, practicalQueueFilter, type SessionUser } from '#app/auth/permissions.server.ts'
import { evaluateAwards } from '#app/certification/awards.server.ts'
import { describeEmployment, employedOnDay } from '#app/people/employment.ts'
import { formatDate, startOfUtcDay } from '#app/utils/dates.ts'
import { prisma, type Db, type DbTransaction } from '#app/utils/db.server.ts'
import { RuleError } from '#app/utils/rule-error.ts'
import { practicalAssessmentSchema, RECORDING_WINDOW_DAYS, type AssessedItem, type ChecklistItem, type PracticalAssessmentInput } from './assessment-fields.ts'

const DAY_MS = 86_400_000

/** A rule refused the assessment (`field` is `items.<id>` for a checklist item). */
export class AssessmentRuleError extends RuleError {
	override name = 'AssessmentRuleError'
}

/** The checklist a certification's practical follows today, or null when it needs none. */
export async function currentChecklistFor(certificationCode: string, db: Db | DbTransaction = prisma) {
	const certification = await db.certification.findUnique({
		where: { code: certificationCode },
		select: { code: true, name: true, retiredAt: true, practicalChecklist: { select: { id: true, currentVersionId: true } } },
	})
	const versionId = certification?.practicalChecklist?.currentVersionId
	if (!certification || certification.retiredAt || !versionId) return null
	const version = await db.practicalChecklistVersion.findUniqueOrThrow({ where: { id: versionId }, select: { id: true, version: true, title: true, summary: true, items: true } })
	return { certificationCode: certification.code, certificationName: certification.name, versionId: version.id, version: version.version, title: version.title, summary: version.summary, items: JSON.parse(version.items) as ChecklistItem[] }
}

/** Every item answered, none unknown; "competent" only with every item met. */
function assessItems(checklist: ChecklistItem[], input: PracticalAssessmentInput): AssessedItem[] {
	for (const id of Object.keys(input.items)) {
		if (!checklist.some((item) => item.id === id)) throw new AssessmentRuleError(`The checklist has no item "${id}".`)
	}
	const assessed = checklist.map((item) => {
		const result = input.items[item.id]
		if (!result) throw new AssessmentRuleError('Mark this item met or not met.', `items.${item.id}`)
		return { ...item, met: result === 'met' }
	})
	const notMet = assessed.filter((item) => !item.met)
	if (input.outcome === 'competent' && notMet.length > 0) {
		throw new AssessmentRuleError(`"Competent" needs every item met; not met: ${notMet.map((item) => item.text.split(/[.:;]/)[0]).join('; ')}.`, 'outcome')
	}
	return assessed
}

function checkPerformedOn(performedOn: Date, at: Date) {
	if (performedOn.getTime() > at.getTime()) throw new AssessmentRuleError('The observation cannot be in the future.', 'performedOn')
	if (performedOn.getTime() < startOfUtcDay(new Date(at.getTime() - RECORDING_WINDOW_DAYS * DAY_MS)).getTime()) {
		throw new AssessmentRuleError(`Record an assessment within ${RECORDING_WINDOW_DAYS} days of the observation; ${formatDate(performedOn)} is too long ago.`, 'performedOn')
	}
}

/**
 * An assessor records an observed practical: each checklist item met or not, the outcome and
 * notes. Never the assessed person themself; only for a certification that requires a practical;
 * only on a day the person was employed. The record is never edited, and the award rules run
 * at once, so a competent practical that completes the requirements awards the certification.
 */
export async function recordPracticalAssessment(
	{ employeeId, input, assessor, at }: { employeeId: string; input: unknown; assessor: Pick<SessionUser, 'id' | 'roles'>; at: Date },
	db: Db = prisma,
) {
	const parsed = practicalAssessmentSchema.parse(input)
	checkPerformedOn(parsed.performedOn, at)
	return db.$transaction(async (tx) => {
		const person = await tx.person.findUnique({ where: { employeeId }, select: { id: true, employment: { orderBy: { startedAt: 'asc' }, select: { startedAt: true, endedAt: true } } } })
		if (!person) throw new AssessmentRuleError(`No person with employee ID ${employeeId}.`)
		const refusal = practicalAssessmentRefusal({ actor: assessor, personId: person.id })
		if (refusal) throw new AssessmentRuleError(refusal)
		if (!employedOnDay(person.employment, parsed.performedOn)) {
			throw new AssessmentRuleError(`${formatDate(parsed.performedOn)} is outside ${employeeId}'s employment (${describeEmployment(person.employment)}).`, 'performedOn')
		}
		const checklist = await currentChecklistFor(parsed.certificationCode, tx)
		if (!checklist) throw new AssessmentRuleError(`${parsed.certificationCode} does not require a practical assessment.`, 'certificationCode')
		const items = assessItems(checklist.items, parsed)
		const assessment = await tx.practicalAssessment.create({
			data: {
				personId: person.id,
				certificationCode: checklist.certificationCode,
				checklistVersionId: checklist.versionId,
				assessorId: assessor.id,
				performedOn: parsed.performedOn,
				setting: parsed.setting,
				reference: parsed.reference,
				items: JSON.stringify(items),
				outcome: parsed.outcome,
				notes: parsed.notes,
				recordedAt: at,
			},
			select: { id: true, outcome: true },
		})
		await appendAuditEvent(tx, {
			actor: { type: 'person', id: assessor.id },
			action: 'practical.assessed',
			subject: { type: 'practical_assessment', id: assessment.id },
			details: { employeeId, certification: checklist.certificationCode, checklistVersionId: checklist.versionId, performedOn: parsed.performedOn.toISOString(), setting: parsed.setting, reference: parsed.reference, outcome: parsed.outcome, itemsNotMet: items.filter((i) => !i.met).map((i) => i.id) },
			at,
		})
		const awarded = await evaluateAwards({ personId: person.id, at }, tx)
		return { id: assessment.id, outcome: assessment.outcome, awarded }
	})
}

const QUEUE_PAGE_SIZE = 50

const describeLast = (last: { performedOn: Date; outcome: string } | null) => last && { performedOn: last.performedOn.toISOString(), outcome: last.outcome }

/**
 * Who awaits a practical assessment: training done and still fresh, practical not yet. Active
 * people only, within what the viewer may see, longest waiting first.
 */
export async function practicalQueue({ viewer, at, page = 1 }: { viewer: SessionUser; at: Date; page?: number }, db: Db = prisma) {
	const where = {
		lapsesAt: { gt: at },
		trainingCompletedAt: { lte: at },
		person: { ...practicalQueueFilter(viewer), OR: [{ leftAt: null }, { leftAt: { gt: at } }] },
	}
	const [total, rows] = await Promise.all([
		db.pendingPractical.count({ where }),
		db.pendingPractical.findMany({
			where,
			orderBy: [{ trainingCompletedAt: 'asc' }, { personId: 'asc' }],
			skip: (page - 1) * QUEUE_PAGE_SIZE,
			take: QUEUE_PAGE_SIZE,
			select: { certificationCode: true, trainingCompletedAt: true, lapsesAt: true, person: { select: { id: true, employeeId: true, name: true, orgUnit: { select: { name: true } } } } },
		}),
	])
	const lastAssessments = await db.practicalAssessment.findMany({
		where: { OR: rows.map((r) => ({ personId: r.person.id, certificationCode: r.certificationCode })) },
		orderBy: { recordedAt: 'desc' },
		select: { personId: true, certificationCode: true, performedOn: true, outcome: true },
	})
	const lastOf = (personId: string, code: string) => lastAssessments.find((a) => a.personId === personId && a.certificationCode === code) ?? null
	return {
		total,
		page,
		pageCount: Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE)),
		rows: rows.map((r) => ({
			employeeId: r.person.employeeId,
			name: r.person.name,
			team: r.person.orgUnit.name,
			certificationCode: r.certificationCode,
			trainingCompletedAt: r.trainingCompletedAt.toISOString(),
			lapsesAt: r.lapsesAt.toISOString(),
			lastAssessment: describeLast(lastOf(r.person.id, r.certificationCode)),
		})),
	}
}

/**
 * A person's practicals, for their own training page and their manager's view of them: per
 * certification that requires one, the checklist to prepare for, whether they await an
 * assessment, and past assessments with who made them.
 */
export async function practicalStandingFor({ personId, at }: { personId: string; at: Date }, db: Db = prisma) {
	const certifications = await certificationsWithPractical(db)
	const [pending, assessments] = await Promise.all([
		db.pendingPractical.findMany({ where: { personId, lapsesAt: { gt: at }, trainingCompletedAt: { lte: at } }, select: { certificationCode: true, trainingCompletedAt: true } }),
		db.practicalAssessment.findMany({
			where: { personId },
			orderBy: [{ performedOn: 'desc' }, { recordedAt: 'desc' }],
			select: { id: true, certificationCode: true, performedOn: true, setting: true, reference: true, outcome: true, notes: true, items: true, assessor: { select: { name: true } }, checklistVersion: { select: { version: true } } },
		}),
	])
	return Promise.all(
		certifications.map(async (certification) => {
			const checklist = await currentChecklistFor(certification.code, db)
			const awaiting = pending.find((p) => p.certificationCode === certification.code)
			return {
				certificationCode: certification.code,
				certificationName: certification.name,
				checklist: checklist && { title: checklist.title, summary: checklist.summary, version: checklist.version, items: checklist.items },
				awaitingSince: awaiting?.trainingCompletedAt.toISOString() ?? null,
				assessments: assessments
					.filter((a) => a.certificationCode === certification.code)
					.map((a) => ({
						id: a.id,
						performedOn: a.performedOn.toISOString(),
						setting: a.setting,
						reference: a.reference,
						outcome: a.outcome,
						notes: a.notes,
						assessorName: a.assessor.name,
						checklistVersion: a.checklistVersion.version,
						itemsNotMet: (JSON.parse(a.items) as AssessedItem[]).filter((i) => !i.met).map((i) => i.text),
					})),
			}
		}),
	)
}

/** The certifications that require a practical today, for choosing one to assess. */
export function certificationsWithPractical(db: Db = prisma) {
	return db.certification.findMany({ where: { retiredAt: null, practicalChecklistId: { not: null } }, orderBy: { code: 'asc' }, select: { code: true, name: true } })
}
