import { Prisma } from '#app/generated/prisma/client.ts'
import { asAwardChanges, type AwardHistory } from '#app/certification/status.ts'
import { type EmploymentSpan } from '#app/people/employment.ts'
import { type Db } from '#app/utils/db.server.ts'
import { type OpenRetraining, type PendingPractical } from './decide.ts'

/** A person as the eligibility decision needs them; `employment` is oldest first. */
export type PersonWithAwards = { id: string; employment: EmploymentSpan[]; awards: Map<string, AwardHistory[]>; pendingPracticals: Map<string, PendingPractical>; retraining: Map<string, OpenRetraining[]> }
/**
 * What a row of the union holds, by `source`: 0 an award (with one of its status changes, if any);
 * 1 an employment period (issuedAt and expiresAt are its start and end); 2 a pending practical
 * (issuedAt and expiresAt are when the training was completed and when it lapses); 3 open
 * retraining, open or closed (awardId the award it concerns, kind the module, issuedAt and
 * expiresAt its due date and deadline, changedAt when it was closed).
 */
type JoinedRow = { personId: string; employeeId: string; source: number | bigint; awardId: string | null; certificationCode: string | null; issuedAt: Date | null; expiresAt: Date | null; kind: string | null; changedAt: Date | null }

// Well under SQLite's 32,766 bound parameters, and a size PostgreSQL plans well.
const MAX_IDS_PER_QUERY = 2_000

/**
 * People, their employment periods, their awards of the given certifications, those awards'
 * status changes and their pending practicals, in one round trip: periods and pending practicals
 * come as rows of their own (UNION ALL) rather than as joins that would repeat every award.
 * Plain SQL that PostgreSQL runs unchanged.
 */
async function queryPeopleWithAwards(employeeIds: string[], certificationCodes: string[], db: Db, into: Map<string, PersonWithAwards>) {
	const rows = await db.$queryRaw<JoinedRow[]>`
		SELECT p."id" AS "personId", p."employeeId", 0 AS "source",
		       a."id" AS "awardId", a."certificationCode", a."issuedAt", a."expiresAt",
		       c."kind", c."at" AS "changedAt"
		FROM "Person" p
		LEFT JOIN "CertificationAward" a ON a."personId" = p."id" AND a."certificationCode" IN (${Prisma.join(certificationCodes)})
		LEFT JOIN "AwardStatusChange" c ON c."awardId" = a."id"
		WHERE p."employeeId" IN (${Prisma.join(employeeIds)})
		UNION ALL
		SELECT p."id", p."employeeId", 1, NULL, NULL, e."startedAt", e."endedAt", NULL, NULL
		FROM "Person" p
		JOIN "EmploymentPeriod" e ON e."personId" = p."id"
		WHERE p."employeeId" IN (${Prisma.join(employeeIds)})
		UNION ALL
		SELECT p."id", p."employeeId", 2, NULL, r."certificationCode", r."trainingCompletedAt", r."lapsesAt", NULL, NULL
		FROM "Person" p
		JOIN "PendingPractical" r ON r."personId" = p."id" AND r."certificationCode" IN (${Prisma.join(certificationCodes)})
		WHERE p."employeeId" IN (${Prisma.join(employeeIds)})
		UNION ALL
		SELECT p."id", p."employeeId", 3, t."awardId", t."certificationCode", t."dueSince", t."deadline", t."moduleId", t."closedAt"
		FROM "Person" p
		JOIN "RetrainingDue" t ON t."personId" = p."id" AND t."certificationCode" IN (${Prisma.join(certificationCodes)})
		WHERE p."employeeId" IN (${Prisma.join(employeeIds)})`
	const awards = new Map<string, AwardHistory>()
	for (const row of rows) {
		let person = into.get(row.employeeId)
		if (!person) into.set(row.employeeId, (person = { id: row.personId, employment: [], awards: new Map(), pendingPracticals: new Map(), retraining: new Map() }))
		const source = Number(row.source)
		if (source === 1) {
			person.employment.push({ startedAt: row.issuedAt!, endedAt: row.expiresAt })
			continue
		}
		if (source === 2) {
			person.pendingPracticals.set(row.certificationCode!, { trainingCompletedAt: row.issuedAt!, lapsesAt: row.expiresAt! })
			continue
		}
		if (source === 3) {
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
 * Prisma's cost per statement (about 0.5 ms) dwarfs SQLite's cost per extra ID, so fifty
 * concurrent single checks cost one statement instead of fifty. Each caller gets only the
 * people it asked for.
 */
class PeopleLoader {
	private pending = new Map<string, { certificationCodes: string[]; waiters: Waiter[] }>()

	constructor(private readonly db: Db) {}

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
				await queryPeopleWithAwards(employeeIds.slice(start, start + MAX_IDS_PER_QUERY), certificationCodes, this.db, people)
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

const loaders = new WeakMap<Db, PeopleLoader>()

/** The people among `employeeIds` who exist, by employee ID, with their awards of `certificationCodes`. */
export function loadPeopleWithAwards(employeeIds: string[], certificationCodes: string[], db: Db) {
	let loader = loaders.get(db)
	if (!loader) loaders.set(db, (loader = new PeopleLoader(db)))
	return loader.load(employeeIds, certificationCodes)
}
