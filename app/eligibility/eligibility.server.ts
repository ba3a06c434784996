import { randomBytes } from 'node:crypto'
import { appendAuditEvents } from '#app/audit/audit-log.server.ts'
import { type AwardHistory } from '#app/certification/status.ts'
import { prisma, type Db } from '#app/utils/db.server.ts'
import { decideEligibility, type EligibilityDecision } from './decide.ts'

export class UnknownWorkTypeError extends Error {
	override name = 'UnknownWorkTypeError'
}

export type RecordedCheck = EligibilityDecision & { checkId: string }
export type BatchEntry = RecordedCheck | { employeeId: string; error: 'not_found' }

const newCheckId = () => `chk_${randomBytes(15).toString('base64url')}`

async function workTypeRequirements(workTypeCode: string, db: Db) {
	const workType = await db.workType.findUnique({ where: { code: workTypeCode }, select: { retiredAt: true, requirements: { select: { certificationCode: true } } } })
	if (!workType || workType.retiredAt) throw new UnknownWorkTypeError(`Unknown work type "${workTypeCode}".`)
	const codes = workType.requirements.map((r) => r.certificationCode).sort()
	const certifications = await db.certification.findMany({ where: { code: { in: codes } }, select: { code: true, recertificationWindowDays: true } })
	const windows = new Map(certifications.map((c) => [c.code, c.recertificationWindowDays]))
	return codes.map((code) => ({ code, windowDays: windows.get(code) ?? 0 }))
}

type PersonWithAwards = { id: string; employeeId: string; leftAt: Date | null; awards: Array<AwardHistory & { certificationCode: string }> }

async function peopleWithAwards(employeeIds: string[], certificationCodes: string[], db: Db): Promise<Map<string, PersonWithAwards>> {
	const people = await db.person.findMany({
		where: { employeeId: { in: employeeIds } },
		select: {
			id: true,
			employeeId: true,
			leftAt: true,
			awards: {
				where: { certificationCode: { in: certificationCodes } },
				select: { id: true, certificationCode: true, issuedAt: true, expiresAt: true, changes: { select: { kind: true, at: true } } },
			},
		},
	})
	return new Map(
		people.map((p) => [p.employeeId, { ...p, awards: p.awards.map((a) => ({ ...a, changes: a.changes.map((c) => ({ kind: c.kind as 'revoked' | 'suspended' | 'reinstated', at: c.at })) })) }]),
	)
}

/** Decides and records checks for many people and one work type; unknown ids come back as not_found. */
export async function checkEligibility(
	{ employeeIds, workTypeCode, at, caller, checkedAt, batch }: { employeeIds: string[]; workTypeCode: string; at: Date; caller: { id: string }; checkedAt: Date; batch: boolean },
	db: Db = prisma,
): Promise<BatchEntry[]> {
	const requirements = await workTypeRequirements(workTypeCode, db)
	const people = await peopleWithAwards(employeeIds, requirements.map((r) => r.code), db)
	const batchId = batch ? `bat_${randomBytes(12).toString('base64url')}` : null
	const rows: Array<{ entry: RecordedCheck; person: PersonWithAwards; reliedOn: string[] }> = []
	const entries: BatchEntry[] = employeeIds.map((employeeId) => {
		const person = people.get(employeeId)
		if (!person) return { employeeId, error: 'not_found' as const }
		const decision = decideEligibility({
			employeeId,
			leftAt: person.leftAt,
			workType: workTypeCode,
			at,
			requirements: requirements.map(({ code, windowDays }) => ({ certification: code, windowDays, awards: person.awards.filter((a) => a.certificationCode === code) })),
		})
		const entry = { checkId: newCheckId(), ...decision }
		rows.push({ entry, person, reliedOn: person.awards.map((a) => a.id) })
		return entry
	})
	await recordChecks({ rows, caller, checkedAt, batchId }, db)
	return entries
}

/** Stores each decision as returned, with what it relied on, and audits it, all in one transaction. */
async function recordChecks(
	{ rows, caller, checkedAt, batchId }: { rows: Array<{ entry: RecordedCheck; person: PersonWithAwards; reliedOn: string[] }>; caller: { id: string }; checkedAt: Date; batchId: string | null },
	db: Db,
) {
	if (rows.length === 0) return
	await db.$transaction(async (tx) => {
		await tx.eligibilityCheck.createMany({
			data: rows.map(({ entry, person, reliedOn }) => ({
				id: entry.checkId,
				apiClientId: caller.id,
				batchId,
				employeeId: entry.employeeId,
				personId: person.id,
				workTypeCode: entry.workType,
				at: new Date(entry.at),
				checkedAt,
				eligible: entry.eligible,
				response: JSON.stringify(entry),
				reliedOn: JSON.stringify({ awardIds: reliedOn }),
			})),
		})
		await appendAuditEvents(
			tx,
			rows.map(({ entry }) => ({
				actor: { type: 'api_client' as const, id: caller.id },
				action: 'eligibility.checked',
				subject: { type: 'eligibility_check', id: entry.checkId },
				details: { employeeId: entry.employeeId, workType: entry.workType, at: entry.at, eligible: entry.eligible, batchId },
				at: checkedAt,
			})),
		)
	})
}

/** A recorded decision exactly as it was returned. */
export async function findCheck(checkId: string, db: Db = prisma) {
	const check = await db.eligibilityCheck.findUnique({ where: { id: checkId }, select: { response: true } })
	return check ? (JSON.parse(check.response) as RecordedCheck) : null
}
