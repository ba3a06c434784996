import { randomBytes } from 'node:crypto'
import { Prisma } from '#app/generated/prisma/client.ts'
import { catalogGeneration } from '#app/catalog/sync-catalog.server.ts'
import { asAwardChanges, type AwardHistory } from '#app/certification/status.ts'
import { prisma, type Db } from '#app/utils/db.server.ts'
import { decideEligibility, type EligibilityDecision } from './decide.ts'
import { recordChecks, type CheckRow } from './evidence.server.ts'

export class UnknownWorkTypeError extends Error {
	override name = 'UnknownWorkTypeError'
}

export type RecordedCheck = EligibilityDecision & { checkId: string }
export type BatchEntry = RecordedCheck | { employeeId: string; error: 'not_found' }

const newCheckId = () => `chk_${randomBytes(15).toString('base64url')}`

type Requirement = { code: string; windowDays: number }

// Work types change only when the catalog is synced; checking them must not cost queries.
const workTypeCache = new WeakMap<Db, { generation: number; workTypes: Map<string, Requirement[]> }>()

async function loadWorkTypes(db: Db) {
	const [workTypes, certifications] = await Promise.all([
		db.workType.findMany({ where: { retiredAt: null }, select: { code: true, requirements: { select: { certificationCode: true } } } }),
		db.certification.findMany({ select: { code: true, recertificationWindowDays: true } }),
	])
	const windows = new Map(certifications.map((c) => [c.code, c.recertificationWindowDays]))
	return new Map(workTypes.map((w) => [w.code, w.requirements.map((r) => ({ code: r.certificationCode, windowDays: windows.get(r.certificationCode) ?? 0 })).sort((a, b) => a.code.localeCompare(b.code))]))
}

async function workTypeRequirements(workTypeCode: string, db: Db) {
	let cached = workTypeCache.get(db)
	if (!cached || cached.generation !== catalogGeneration()) {
		cached = { generation: catalogGeneration(), workTypes: await loadWorkTypes(db) }
		workTypeCache.set(db, cached)
	}
	const requirements = cached.workTypes.get(workTypeCode)
	if (!requirements) throw new UnknownWorkTypeError(`Unknown work type "${workTypeCode}". GET /api/v1/work-types lists them.`)
	return requirements
}

type PersonWithAwards = { id: string; leftAt: Date | null; awards: Map<string, AwardHistory[]> }
type JoinedRow = { personId: string; employeeId: string; leftAt: Date | null; awardId: string | null; certificationCode: string | null; issuedAt: Date | null; expiresAt: Date | null; kind: string | null; changedAt: Date | null }

/**
 * People, their awards of the given certifications, and those awards' status changes, in one
 * round trip: this is the API's hot path. Plain SQL that PostgreSQL runs unchanged.
 */
async function peopleWithAwards(employeeIds: string[], certificationCodes: string[], db: Db): Promise<Map<string, PersonWithAwards>> {
	const rows = await db.$queryRaw<JoinedRow[]>`
		SELECT p."id" AS "personId", p."employeeId", p."leftAt",
		       a."id" AS "awardId", a."certificationCode", a."issuedAt", a."expiresAt",
		       c."kind", c."at" AS "changedAt"
		FROM "Person" p
		LEFT JOIN "CertificationAward" a ON a."personId" = p."id" AND a."certificationCode" IN (${Prisma.join(certificationCodes)})
		LEFT JOIN "AwardStatusChange" c ON c."awardId" = a."id"
		WHERE p."employeeId" IN (${Prisma.join(employeeIds)})`
	const people = new Map<string, PersonWithAwards>()
	const awards = new Map<string, AwardHistory>()
	for (const row of rows) {
		let person = people.get(row.employeeId)
		if (!person) people.set(row.employeeId, (person = { id: row.personId, leftAt: row.leftAt, awards: new Map() }))
		if (!row.awardId) continue
		let award = awards.get(row.awardId)
		if (!award) {
			awards.set(row.awardId, (award = { id: row.awardId, issuedAt: row.issuedAt!, expiresAt: row.expiresAt!, changes: [] }))
			person.awards.set(row.certificationCode!, [...(person.awards.get(row.certificationCode!) ?? []), award])
		}
		if (row.kind) award.changes.push(...asAwardChanges([{ kind: row.kind, at: row.changedAt! }]))
	}
	return people
}

/** Decides and records checks for people and one work type; unknown IDs come back as not_found. */
export async function checkEligibility(
	{ employeeIds, workTypeCode, at, caller, checkedAt, batch }: { employeeIds: string[]; workTypeCode: string; at: Date; caller: { id: string }; checkedAt: Date; batch: boolean },
	db: Db = prisma,
): Promise<BatchEntry[]> {
	const requirements = await workTypeRequirements(workTypeCode, db)
	const people = await peopleWithAwards(employeeIds, requirements.map((r) => r.code), db)
	const batchId = batch ? `bat_${randomBytes(12).toString('base64url')}` : null
	const rows: CheckRow[] = []
	const entries: BatchEntry[] = employeeIds.map((employeeId) => {
		const person = people.get(employeeId)
		if (!person) return { employeeId, error: 'not_found' as const }
		const decision = decideEligibility({
			employeeId,
			leftAt: person.leftAt,
			workType: workTypeCode,
			at,
			requirements: requirements.map(({ code, windowDays }) => ({ certification: code, windowDays, awards: person.awards.get(code) ?? [] })),
		})
		const entry: RecordedCheck = { checkId: newCheckId(), ...decision }
		rows.push({ entry, personId: person.id, reliedOn: [...person.awards.values()].flat().map((a) => a.id), apiClientId: caller.id, batchId, checkedAt })
		return entry
	})
	await recordChecks(rows, db)
	return entries
}

/** A recorded decision exactly as it was returned. */
export async function findCheck(checkId: string, db: Db = prisma) {
	const check = await db.eligibilityCheck.findUnique({ where: { id: checkId }, select: { response: true } })
	return check?.response ?? null
}

/** A person's recorded dispatch checks, newest first, for their manager's view. */
export async function checkHistoryForPerson(personId: string, { take = 50 }: { take?: number } = {}, db: Db = prisma) {
	const checks = await db.eligibilityCheck.findMany({
		where: { personId },
		orderBy: { checkedAt: 'desc' },
		take,
		select: { id: true, workTypeCode: true, at: true, checkedAt: true, eligible: true, apiClientId: true, response: true },
	})
	const clients = new Map((await db.apiClient.findMany({ where: { id: { in: [...new Set(checks.map((c) => c.apiClientId))] } }, select: { id: true, name: true } })).map((c) => [c.id, c.name]))
	return checks.map(({ response, apiClientId, ...check }) => ({ ...check, client: clients.get(apiClientId) ?? 'unknown client', reasons: (JSON.parse(response) as { reasons: string[] }).reasons }))
}
