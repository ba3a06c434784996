import { randomBytes } from 'node:crypto'
import { type z } from 'zod'
import { appendAuditEvent, type AuditActor } from '#app/audit/audit-log.server.ts'
import { awardActionRefusal, type AwardWithdrawal } from '#app/auth/permissions.server.ts'
import { describeEmployment, employedOnDay } from '#app/people/employment.ts'
import { clearPracticalPending, competentPracticalSince, markPracticalPending } from '#app/practical/practical-gate.server.ts'
import { isActiveAt, type Role } from '#app/people/people.server.ts'
import { refreshCertificationPeriods } from '#app/readiness/certification-periods.server.ts'
import { retrainingForNewAward, settleRetraining } from '#app/retraining/retraining.server.ts'
import { formatDate, startOfUtcDay } from '#app/utils/dates.ts'
import { RuleError } from '#app/utils/rule-error.ts'
import { lockPerson, prisma, type Db, type DbTransaction } from '#app/utils/db.server.ts'
import { manualAwardSchema, statusChangeSchema } from './award-fields.ts'
import { awardHistories, awardHistoriesByCertification } from './award-histories.server.ts'
import { checkEvidenceFile, EvidenceFileError, storeEvidenceFile } from './evidence-files.server.ts'
import { addMonthsUtc, asAwardChanges, certificationStatusAt, expiryForNewAward, withdrawalAt, type CertificationStatus, type StatusAt } from './status.ts'

type Reader = Db | DbTransaction

export class AwardRuleError extends RuleError {
	override name = 'AwardRuleError'
}

const VERIFICATION_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** 12 characters from an alphabet without look-alikes (no 0/O, 1/I): about 60 bits. */
export function newVerificationCode() {
	return [...randomBytes(12)].map((byte) => VERIFICATION_ALPHABET[byte % VERIFICATION_ALPHABET.length]).join('')
}

type Evidence = { moduleId: string; moduleVersionId: string; completedAt: string; quiz: { attemptId: string; quizVersionId: string; scorePercent: number | null; submittedAt: string } | null }

/** The freshest completion (and passed quiz, where the module has one) since `since`, per module. */
async function evidenceFor({ personId, moduleIds, since }: { personId: string; moduleIds: string[]; since: Date }, db: Reader): Promise<Evidence[] | null> {
	const evidence: Evidence[] = []
	for (const moduleId of moduleIds) {
		const completion = await db.moduleCompletion.findFirst({ where: { personId, moduleId, completedAt: { gte: since } }, orderBy: { completedAt: 'desc' }, select: { moduleVersionId: true, completedAt: true } })
		if (!completion) return null
		const quiz = await db.quiz.findFirst({ where: { moduleId, retiredAt: null }, select: { id: true } })
		let passed: Evidence['quiz'] = null
		if (quiz) {
			const attempt = await db.quizAttempt.findFirst({ where: { personId, quizId: quiz.id, passed: true, submittedAt: { gte: since } }, orderBy: { submittedAt: 'desc' }, select: { id: true, quizVersionId: true, scorePercent: true, submittedAt: true } })
			if (!attempt) return null
			passed = { attemptId: attempt.id, quizVersionId: attempt.quizVersionId, scorePercent: attempt.scorePercent, submittedAt: attempt.submittedAt!.toISOString() }
		}
		evidence.push({ moduleId, moduleVersionId: completion.moduleVersionId, completedAt: completion.completedAt.toISOString(), quiz: passed })
	}
	return evidence
}

/** When the training was finished, and when its oldest part stops being fresh enough to count. */
function trainingSpan(evidence: Evidence[], validityMonths: number) {
	const instants = evidence.flatMap((e) => [e.completedAt, ...(e.quiz ? [e.quiz.submittedAt] : [])]).map((iso) => new Date(iso).getTime())
	return { trainingCompletedAt: new Date(Math.max(...instants)), lapsesAt: addMonthsUtc(new Date(Math.min(...instants)), validityMonths) }
}

/**
 * Training counts toward a certification only if it is recent: within one validity period, and
 * for a renewal, inside the renewal window (work done for the previous cycle does not count twice).
 */
export function evidenceStart({ status, windowOpensAt, validityMonths, at }: { status: CertificationStatus; windowOpensAt: Date | null; validityMonths: number; at: Date }) {
	const freshnessStart = addMonthsUtc(at, -validityMonths)
	return status === 'expiring' && windowOpensAt && windowOpensAt > freshnessStart ? windowOpensAt : freshnessStart
}

/**
 * Awards every certification whose requirements the person now meets: every required module
 * (and its quiz) and, where the certification requires one, a competent practical assessment.
 * A certification that is valid (outside its renewal window), suspended or revoked is left
 * alone, so each is awarded once per cycle. Evidence must be fresh: within the validity period,
 * and inside the renewal window for a renewal. Training done with the practical still missing
 * is recorded as awaiting an assessment.
 */
export async function evaluateAwards({ personId, at }: { personId: string; at: Date }, tx: DbTransaction) {
	await lockPerson(tx, personId)
	const person = await tx.person.findUniqueOrThrow({ where: { id: personId }, select: { leftAt: true } })
	if (!isActiveAt(person, at)) return []
	await settleRetraining(tx, { personId, at })
	const certifications = await tx.certification.findMany({
		where: { retiredAt: null },
		select: { code: true, validityMonths: true, recertificationWindowDays: true, practicalChecklistId: true, requirements: { select: { moduleId: true } } },
	})
	const histories = await awardHistoriesByCertification(personId, tx)
	const awarded: string[] = []
	for (const certification of certifications) {
		const current = certificationStatusAt({ awards: histories.get(certification.code) ?? [], windowDays: certification.recertificationWindowDays }, at)
		// A withdrawal is lifted only by a person (reinstatement), never by more training.
		if (current.status === 'valid' || current.status === 'revoked' || current.status === 'suspended') continue
		const since = evidenceStart({ status: current.status, windowOpensAt: current.windowOpensAt, validityMonths: certification.validityMonths, at })
		const evidence = await evidenceFor({ personId, moduleIds: certification.requirements.map((r) => r.moduleId), since }, tx)
		if (!evidence) continue
		const practical = certification.practicalChecklistId ? await competentPracticalSince({ personId, certificationCode: certification.code, since, at }, tx) : null
		if (certification.practicalChecklistId && !practical) {
			await markPracticalPending(tx, { personId, certificationCode: certification.code, ...trainingSpan(evidence, certification.validityMonths) })
			continue
		}
		const award = await tx.certificationAward.create({
			data: {
				personId,
				certificationCode: certification.code,
				issuedAt: at,
				expiresAt: expiryForNewAward({ issuedAt: at, validityMonths: certification.validityMonths, previousExpiry: current.status === 'expiring' ? current.expiresAt : null }),
				source: 'earned',
				evidence: JSON.stringify(evidence),
				verificationCode: newVerificationCode(),
				renewsAwardId: current.award?.id ?? null,
				practicalAssessmentId: practical?.id ?? null,
			},
			select: { id: true, expiresAt: true },
		})
		await clearPracticalPending(tx, { personId, certificationCode: certification.code })
		await retrainingForNewAward(tx, { awardId: award.id, at })
		await appendAuditEvent(tx, {
			actor: { type: 'system', id: 'certification-rules' },
			action: current.status === 'expiring' ? 'certification.renewed' : 'certification.awarded',
			subject: { type: 'certification_award', id: award.id },
			details: { personId, certification: certification.code, expiresAt: award.expiresAt.toISOString(), evidence, practicalAssessmentId: practical?.id ?? null },
			at,
		})
		await refreshCertificationPeriods(tx, { personId, certificationCode: certification.code })
		awarded.push(certification.code)
	}
	return awarded
}

/** The hook the learning modules call when a module is completed or a quiz is passed. */
export const awardOnProgress = (tx: DbTransaction, { personId, at }: { personId: string; at: Date }) => evaluateAwards({ personId, at }, tx).then(() => undefined)

async function checkedEvidence(file: File) {
	try {
		return await checkEvidenceFile(file)
	} catch (error) {
		if (error instanceof EvidenceFileError) throw new AwardRuleError(error.message, 'evidenceFile')
		throw error
	}
}

/**
 * An admin records external training (e.g. a classroom course) as an award, with its evidence: a
 * note and a file (PDF, PNG or JPEG). The training must have been completed while the person was
 * employed, and not in the future; nobody awards a certification to themself.
 */
export async function issueManualAward(
	{ input, actor, at }: { input: z.input<typeof manualAwardSchema>; actor: Extract<AuditActor, { type: 'person' }>; at: Date },
	db: Db = prisma,
) {
	const { employeeId, certificationCode, evidenceNote, completedOn, evidenceFile } = manualAwardSchema.parse(input)
	if (completedOn > at) throw new AwardRuleError('The completion date cannot be in the future.', 'completedOn')
	const file = await checkedEvidence(evidenceFile)
	return db.$transaction(async (tx) => {
		const person = await tx.person.findUnique({ where: { employeeId }, select: { id: true, leftAt: true, employment: { orderBy: { startedAt: 'asc' }, select: { startedAt: true, endedAt: true } } } })
		if (!person) throw new AwardRuleError(`No person with employee ID ${employeeId}.`)
		await lockPerson(tx, person.id)
		if (person.id === actor.id) throw new AwardRuleError('You cannot award a certification to yourself: another administrator must record it.')
		if (!isActiveAt(person, at)) throw new AwardRuleError(`${employeeId} has left the company.`)
		if (!employedOnDay(person.employment, completedOn)) {
			throw new AwardRuleError(`${formatDate(completedOn)} is outside ${employeeId}'s employment (${describeEmployment(person.employment)}): training counts only if completed while employed.`, 'completedOn')
		}
		const certification = await tx.certification.findUnique({ where: { code: certificationCode }, select: { code: true, validityMonths: true, recertificationWindowDays: true, retiredAt: true, practicalChecklistId: true } })
		if (!certification || certification.retiredAt) throw new AwardRuleError(`No certification ${certificationCode}.`)
		// External training does not replace being observed at work: the practical stays required.
		const practical = certification.practicalChecklistId ? await competentPracticalSince({ personId: person.id, certificationCode, since: addMonthsUtc(at, -certification.validityMonths), at }, tx) : null
		if (certification.practicalChecklistId && !practical) {
			throw new AwardRuleError(`${certificationCode} also requires an observed practical assessment: an assessor must record ${employeeId} as competent first (external training does not replace it).`, 'certificationCode')
		}
		const already = await sameManualAward(tx, { personId: person.id, certificationCode, sha256: file.sha256, completedOn })
		if (already) return { ...already, alreadyRecorded: true }
		const current = certificationStatusAt({ awards: await awardHistories(person.id, certification.code, tx), windowDays: certification.recertificationWindowDays }, at)
		const expiresAt = manualAwardExpiry({ current, completedOn, validityMonths: certification.validityMonths, employeeId, certificationCode, at })
		const stored = await storeEvidenceFile(tx, { file, uploadedById: actor.id, at })
		const cited = { sha256: stored.sha256, fileName: file.fileName, mediaType: stored.mediaType, size: stored.size }
		const award = await tx.certificationAward.create({
			data: {
				personId: person.id,
				certificationCode,
				issuedAt: at,
				expiresAt,
				source: 'manual',
				evidence: JSON.stringify({ completedOn: completedOn.toISOString(), evidenceFile: cited }),
				evidenceNote,
				evidenceFileSha256: stored.sha256,
				awardedById: actor.id,
				verificationCode: newVerificationCode(),
				renewsAwardId: current.award?.id ?? null,
				practicalAssessmentId: practical?.id ?? null,
			},
			select: { id: true, expiresAt: true },
		})
		await appendAuditEvent(tx, {
			actor,
			action: 'certification.awarded_manually',
			subject: { type: 'certification_award', id: award.id },
			details: { employeeId, certification: certificationCode, evidenceNote, completedOn: completedOn.toISOString(), evidenceFile: { ...cited, alreadyStored: stored.alreadyStored }, practicalAssessmentId: practical?.id ?? null },
			at,
		})
		await clearPracticalPending(tx, { personId: person.id, certificationCode })
		await retrainingForNewAward(tx, { awardId: award.id, at })
		await refreshCertificationPeriods(tx, { personId: person.id, certificationCode })
		return { ...award, alreadyRecorded: false }
	})
}

/** The same external training recorded before (same person, certification, completion day and evidence file): a resubmission, not a new award. */
async function sameManualAward(tx: DbTransaction, { personId, certificationCode, sha256, completedOn }: { personId: string; certificationCode: string; sha256: string; completedOn: Date }) {
	const candidates = await tx.certificationAward.findMany({ where: { personId, certificationCode, source: 'manual', evidenceFileSha256: sha256 }, select: { id: true, expiresAt: true, evidence: true } })
	const same = candidates.find((award) => (JSON.parse(award.evidence) as { completedOn?: string }).completedOn === completedOn.toISOString())
	return same ? { id: same.id, expiresAt: same.expiresAt } : null
}

/**
 * When a manual award expires, by the rules automatic awards follow: validity runs from the
 * training's completion, and extends from the old expiry only for training completed inside the
 * renewal window. Training older than the award in force cannot renew it (that is how awards
 * would stack), a suspended certification is decided on first, and training whose validity has
 * already run out is no award at all.
 */
function manualAwardExpiry({ current, completedOn, validityMonths, employeeId, certificationCode, at }: { current: StatusAt; completedOn: Date; validityMonths: number; employeeId: string; certificationCode: string; at: Date }) {
	if (current.status === 'suspended') throw new AwardRuleError(`${employeeId}'s ${certificationCode} is suspended: lift the suspension or revoke it before recording new training.`, 'certificationCode')
	if (current.award && completedOn < startOfUtcDay(current.award.issuedAt)) {
		throw new AwardRuleError(`Training completed on ${formatDate(completedOn)} is older than the ${certificationCode} award in force (issued ${formatDate(current.award.issuedAt)}), so it cannot renew it.`, 'completedOn')
	}
	const renewsInWindow = current.status === 'expiring' && current.windowOpensAt !== null && completedOn >= startOfUtcDay(current.windowOpensAt)
	const expiresAt = expiryForNewAward({ issuedAt: completedOn, validityMonths, previousExpiry: renewsInWindow ? current.expiresAt : null })
	if (expiresAt <= at) throw new AwardRuleError(`Training completed on ${formatDate(completedOn)} was valid for ${validityMonths} months, until ${formatDate(expiresAt)}: it can no longer be recorded as an award.`, 'completedOn')
	return expiresAt
}

/** The withdrawal an award is under at `at`, with who made it and where they sit in the organisation. */
export async function awardWithdrawal(awardId: string, at: Date, db: Reader = prisma): Promise<AwardWithdrawal | null> {
	const changes = await db.awardStatusChange.findMany({ where: { awardId, at: { lte: at } }, orderBy: [{ at: 'asc' }, { id: 'asc' }], select: { kind: true, at: true, actorId: true } })
	const withdrawal = withdrawalAt({ changes: asAwardChanges(changes) }, at)
	if (!withdrawal) return null
	const byId = changes.at(-1)!.actorId
	const by = await db.person.findUnique({ where: { id: byId }, select: { orgUnit: { select: { path: true } } } })
	return { kind: withdrawal.kind, byId, byOrgUnitPath: by?.orgUnit.path ?? null }
}

/** Who a person acting on a certificate is: their roles and the units they manage decide what they may do. */
async function overseer(personId: string, db: Reader) {
	const person = await db.person.findUniqueOrThrow({ where: { id: personId }, select: { id: true, roles: { select: { role: true } }, managedUnits: { select: { orgUnit: { select: { path: true } } } } } })
	return { id: person.id, roles: person.roles.map((r) => r.role as Role), managedPaths: person.managedUnits.map((m) => m.orgUnit.path) }
}

/**
 * Revokes, suspends or reinstates one of a person's awards; always with a reason, always audited,
 * and only as separation of duties allows (permissions.server.ts decides): never on one's own
 * record, and a revocation reversed only above the revoker.
 */
export async function changeAwardStatus(
	{ awardId, personId, input, actor, at }: { awardId: string; personId: string; input: z.input<typeof statusChangeSchema>; actor: Extract<AuditActor, { type: 'person' }>; at: Date },
	db: Db = prisma,
) {
	const { kind, reason } = statusChangeSchema.parse(input)
	return db.$transaction(async (tx) => {
		const award = await tx.certificationAward.findUnique({ where: { id: awardId }, select: { id: true, certificationCode: true, personId: true, person: { select: { orgUnit: { select: { path: true } } } } } })
		if (!award || award.personId !== personId) throw new AwardRuleError('No such award for this person.')
		await lockPerson(tx, award.personId)
		const refusal = awardActionRefusal({ actor: await overseer(actor.id, tx), holder: { id: award.personId, orgUnitPath: award.person.orgUnit.path }, withdrawn: await awardWithdrawal(awardId, at, tx), action: kind })
		if (refusal) throw new AwardRuleError(refusal)
		await tx.awardStatusChange.create({ data: { awardId, kind, reason, actorId: actor.id, at } })
		await appendAuditEvent(tx, { actor, action: `certification.${kind}`, subject: { type: 'certification_award', id: awardId }, details: { personId: award.personId, certification: award.certificationCode, reason }, at })
		await refreshCertificationPeriods(tx, { personId: award.personId, certificationCode: award.certificationCode })
	})
}

export function activeCertifications(db: Db = prisma) {
	return db.certification.findMany({ where: { retiredAt: null }, orderBy: { code: 'asc' }, select: { code: true, name: true } })
}
