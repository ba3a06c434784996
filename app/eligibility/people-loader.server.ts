import { asAwardChanges, type AwardHistory } from '#app/certification/status.ts'
import { type EmploymentSpan } from '#app/people/employment.ts'
import { type Db } from '#app/utils/db.server.ts'
import { type OpenRetraining, type PendingPractical } from './decide.ts'
import { eligibilityReaderFor, type EligibilityReader } from './eligibility-store.server.ts'

/** A person as the eligibility decision needs them; `employment` is oldest first. */
export type PersonWithAwards = { id: string; employment: EmploymentSpan[]; awards: Map<string, AwardHistory[]>; pendingPracticals: Map<string, PendingPractical>; retraining: Map<string, OpenRetraining[]> }

// Large batches are read in slices; each slice is one statement whatever its size.
const MAX_IDS_PER_QUERY = 2_000

/** People, their employment periods, their awards of the given certifications with their status changes, their pending practicals and retraining: one statement. */
async function queryPeopleWithAwards(employeeIds: string[], certificationCodes: string[], reader: EligibilityReader, into: Map<string, PersonWithAwards>) {
	const rows = await reader.readPeople(employeeIds, certificationCodes)
	const awards = new Map<string, AwardHistory>()
	for (const row of rows) {
		let person = into.get(row.employeeId)
		if (!person) into.set(row.employeeId, (person = { id: row.personId, employment: [], awards: new Map(), pendingPracticals: new Map(), retraining: new Map() }))
		if (row.source === 1) {
			person.employment.push({ startedAt: row.issuedAt!, endedAt: row.expiresAt })
			continue
		}
		if (row.source === 2) {
			person.pendingPracticals.set(row.certificationCode!, { trainingCompletedAt: row.issuedAt!, lapsesAt: row.expiresAt! })
			continue
		}
		if (row.source === 3) {
			const owed = { awardId: row.awardId!, moduleId: row.kind!, dueSince: row.issuedAt!, deadline: row.expiresAt!, closedAt: row.changedAt }
			const list = person.retraining.get(row.certificationCode!)
			if (list) list.push(owed)
			else person.retraining.set(row.certificationCode!, [owed])
			continue
		}
		if (!row.awardId) continue
		let award = awards.get(row.awardId)
		if (!award) {
			awards.set(row.awardId, (award = { id: row.awardId, issuedAt: row.issuedAt!, expiresAt: row.expiresAt!, changes: [] }))
			const held = person.awards.get(row.certificationCode!)
			if (held) held.push(award)
			else person.awards.set(row.certificationCode!, [award])
		}
		if (row.kind) award.changes.push(...asAwardChanges([{ kind: row.kind, at: row.changedAt! }]))
	}
	for (const employeeId of employeeIds) {
		const employment = into.get(employeeId)?.employment
		if (employment && employment.length > 1) employment.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())
	}
}

type Waiter = { employeeIds: string[]; resolve: (people: Map<string, PersonWithAwards>) => void; reject: (error: unknown) => void }

/**
 * Grouped reads: every check that asks in the same event-loop turn is answered from one query.
 * A statement's fixed cost exceeds its cost per extra ID (on the 5,000-rep bench workforce SQLite
 * read one ID in 26 µs, ten in 134 µs), so concurrent single checks share one. Each caller gets
 * only the people it asked for.
 */
class PeopleLoader {
	private pending = new Map<string, { certificationCodes: string[]; waiters: Waiter[] }>()

	constructor(private readonly reader: EligibilityReader) {}

	load(employeeIds: string[], certificationCodes: string[]) {
		return new Promise<Map<string, PersonWithAwards>>((resolve, reject) => {
			// Checks for different work types need different awards: one group per set of certifications.
			const key = certificationCodes.join('\n')
			let group = this.pending.get(key)
			if (!group) {
				if (this.pending.size === 0) setImmediate(() => this.flush())
				this.pending.set(key, (group = { certificationCodes, waiters: [] }))
			}
			group.waiters.push({ employeeIds, resolve, reject })
		})
	}

	private flush() {
		const groups = [...this.pending.values()]
		this.pending.clear()
		for (const group of groups) void this.answer(group)
	}

	private async answer({ certificationCodes, waiters }: { certificationCodes: string[]; waiters: Waiter[] }) {
		try {
			const employeeIds = [...new Set(waiters.flatMap((waiter) => waiter.employeeIds))]
			const people = new Map<string, PersonWithAwards>()
			for (let start = 0; start < employeeIds.length; start += MAX_IDS_PER_QUERY) {
				await queryPeopleWithAwards(employeeIds.slice(start, start + MAX_IDS_PER_QUERY), certificationCodes, this.reader, people)
			}
			for (const { employeeIds: asked, resolve } of waiters) resolve(pick(people, asked))
		} catch (error) {
			for (const waiter of waiters) waiter.reject(error)
		}
	}
}

function pick(people: Map<string, PersonWithAwards>, employeeIds: string[]) {
	const mine = new Map<string, PersonWithAwards>()
	for (const employeeId of employeeIds) {
		const person = people.get(employeeId)
		if (person) mine.set(employeeId, person)
	}
	return mine
}

const loaders = new WeakMap<EligibilityReader, PeopleLoader>()

/** The people among `employeeIds` who exist, by employee ID, with their awards of `certificationCodes`. */
export function loadPeopleWithAwards(employeeIds: string[], certificationCodes: string[], db: Db) {
	const reader = eligibilityReaderFor(db)
	let loader = loaders.get(reader)
	if (!loader) loaders.set(reader, (loader = new PeopleLoader(reader)))
	return loader.load(employeeIds, certificationCodes)
}
