import { catalogGeneration } from '#app/catalog/sync-catalog.server.ts'
import { prisma, type Db } from '#app/utils/db.server.ts'
import { newBatchId, newCheckIds } from './check-ids.server.ts'
import { decideEligibility, type EligibilityDecision } from './decide.ts'
import { recordChecks, type EvidenceRow } from './evidence.server.ts'
import { loadPeopleWithAwards } from './people-loader.server.ts'

export class UnknownWorkTypeError extends Error {
	override name = 'UnknownWorkTypeError'
}

export type RecordedCheck = EligibilityDecision & { checkId: string }
export type BatchEntry = RecordedCheck | { employeeId: string; error: 'not_found' }

type Requirement = { code: string; windowDays: number }

/**
 * Work types change only when a catalog sync commits, in this process or in another instance on
 * the same database. Checks read a copy: reloaded at once after this process syncs, and compared
 * with the database's latest sync at most once a second otherwise (a query a second, not one per check).
 */
const REVALIDATE_MS = 1_000
type WorkTypeCopy = { generation: number; syncId: string | null; checkedAt: number; workTypes: Map<string, Requirement[]> }
const workTypeCopies = new WeakMap<Db, Promise<WorkTypeCopy>>()

async function loadWorkTypes(db: Db) {
	const [workTypes, certifications] = await Promise.all([
		db.workType.findMany({ where: { retiredAt: null }, select: { code: true, requirements: { select: { certificationCode: true } } } }),
		db.certification.findMany({ select: { code: true, recertificationWindowDays: true } }),
	])
	const windows = new Map(certifications.map((c) => [c.code, c.recertificationWindowDays]))
	return new Map(workTypes.map((w) => [w.code, w.requirements.map((r) => ({ code: r.certificationCode, windowDays: windows.get(r.certificationCode) ?? 0 })).sort((a, b) => a.code.localeCompare(b.code))]))
}

const latestSyncId = async (db: Db) => (await db.catalogSync.findFirst({ where: { ok: true }, orderBy: [{ at: 'desc' }, { id: 'desc' }], select: { id: true } }))?.id ?? null

async function currentCopy(db: Db, previous: WorkTypeCopy | null): Promise<WorkTypeCopy> {
	const generation = catalogGeneration()
	const syncId = await latestSyncId(db)
	const unchanged = previous && previous.generation === generation && previous.syncId === syncId
	return { generation, syncId, checkedAt: Date.now(), workTypes: unchanged ? previous.workTypes : await loadWorkTypes(db) }
}

async function workTypeCopy(db: Db) {
	const pending = workTypeCopies.get(db)
	const copy = pending ? await pending.catch(() => null) : null
	if (copy && copy.generation === catalogGeneration() && Date.now() - copy.checkedAt < REVALIDATE_MS) return copy
	// Checks arriving together share one revalidation.
	if (workTypeCopies.get(db) === pending) workTypeCopies.set(db, currentCopy(db, copy))
	return workTypeCopies.get(db)!
}

async function workTypeRequirements(workTypeCode: string, db: Db) {
	const requirements = (await workTypeCopy(db)).workTypes.get(workTypeCode)
	if (!requirements) throw new UnknownWorkTypeError(`Unknown work type "${workTypeCode}". GET /api/v1/work-types lists them.`)
	return requirements
}

/** One answer: the decision (or not_found) and its JSON, the exact bytes stored as evidence. */
export type CheckAnswer = { entry: BatchEntry; json: string }

type CheckInput = { workTypeCode: string; requirements: Requirement[]; at: Date; caller: { id: string }; checkedAt: Date; batchId: string | null }

/** Decides one slice of a request: its answers, and the evidence rows to record for them. */
async function decideSlice(employeeIds: string[], { workTypeCode, requirements, at, caller, checkedAt, batchId }: CheckInput, db: Db) {
	const people = await loadPeopleWithAwards(employeeIds, requirements.map((r) => r.code), db)
	const checkIds = newCheckIds(people.size, checkedAt)
	const rows: EvidenceRow[] = []
	const answers = employeeIds.map((employeeId): CheckAnswer => {
		const person = people.get(employeeId)
		if (!person) {
			const entry = { employeeId, error: 'not_found' as const }
			return { entry, json: JSON.stringify(entry) }
		}
		const decision = decideEligibility({
			employeeId,
			employment: person.employment,
			workType: workTypeCode,
			at,
			requirements: requirements.map(({ code, windowDays }) => ({ certification: code, windowDays, awards: person.awards.get(code) ?? [], pendingPractical: person.pendingPracticals.get(code), retraining: person.retraining.get(code) })),
		})
		const entry: RecordedCheck = { checkId: checkIds[rows.length]!, ...decision }
		// Serialised once: the stored evidence and the answer are the same string.
		const json = JSON.stringify(entry)
		const reliedOn = JSON.stringify({ awardIds: [...person.awards.values()].flat().map((a) => a.id) })
		rows.push({ id: entry.checkId, apiClientId: caller.id, batchId, employeeId, personId: person.id, workTypeCode, at, checkedAt, eligible: entry.eligible, response: json, reliedOn })
		return { entry, json }
	})
	return { answers, rows }
}

// A large batch is decided and handed to the evidence writer a slice at a time, so that the writer
// (on its own thread) commits one slice while the next is read and decided.
const SLICE = 250

/** Decides and records checks for people and one work type; unknown IDs come back as not_found. */
export async function checkEligibility(
	{ employeeIds, workTypeCode, at, caller, checkedAt, batch }: { employeeIds: string[]; workTypeCode: string; at: Date; caller: { id: string }; checkedAt: Date; batch: boolean },
	db: Db = prisma,
): Promise<CheckAnswer[]> {
	const input: CheckInput = { workTypeCode, requirements: await workTypeRequirements(workTypeCode, db), at, caller, checkedAt, batchId: batch ? newBatchId() : null }
	const answers: CheckAnswer[] = []
	const recording: Array<Promise<void>> = []
	try {
		for (let start = 0; start < employeeIds.length; start += SLICE) {
			const slice = await decideSlice(employeeIds.slice(start, start + SLICE), input, db)
			answers.push(...slice.answers)
			recording.push(recordChecks(slice.rows, db))
		}
	} finally {
		// Every slice handed to the writer settles before the request fails or succeeds, so no answer
		// goes out before its evidence is committed. A batch that fails part-way may leave the
		// slices before the failure recorded, though never answered.
		const failed = (await Promise.allSettled(recording)).find((r) => r.status === 'rejected')
		if (failed) throw failed.reason
	}
	return answers
}

/** A recorded decision exactly as it was returned. */
export async function findCheck(checkId: string, db: Db = prisma) {
	return db.eligibilityCheck.findUnique({ where: { id: checkId }, select: { response: true, apiClientId: true } })
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
