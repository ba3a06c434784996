import { type AuditEntry } from '#app/audit/audit-log.server.ts'
import { databaseKind, sqliteFilePath } from '#app/utils/database-url.ts'
import { databaseUrlOf, type Db } from '#app/utils/db.server.ts'
import { type Env } from '#app/utils/env.server.ts'
import { openPostgresEligibilityReader, openPostgresEvidenceStore } from './eligibility-store.postgres.server.ts'
import { openSqliteEligibilityReader, openSqliteEvidenceStore } from './eligibility-store.sqlite.server.ts'
import { type StoredCheck } from './evidence-seal.server.ts'

/*
 * The competency API's hot path, the read a check waits on and the commit of its evidence, runs
 * through the database driver with statements prepared once per connection, one implementation
 * per database (issue #18; docs/decisions/007-hot-path-through-the-driver.md). Through Prisma's
 * adapter every statement was parsed and planned anew: about 0.24 ms for a one-person read that
 * takes 0.03 ms prepared, and about 1 ms for an evidence commit that takes 0.2 ms.
 */

/**
 * What a row of the eligibility read holds, by `source`: 0 an award (with one of its status
 * changes, if any); 1 an employment period (issuedAt and expiresAt are its start and end); 2 a
 * pending practical (issuedAt and expiresAt are when the training was completed and when it
 * lapses); 3 retraining, open or closed (awardId the award it concerns, kind the module, issuedAt
 * and expiresAt its due date and deadline, changedAt when it was closed).
 */
export type EligibilityRow = { personId: string; employeeId: string; source: number; awardId: string | null; certificationCode: string | null; issuedAt: Date | null; expiresAt: Date | null; kind: string | null; changedAt: Date | null }

export type EligibilityReader = {
	/** People among `employeeIds`, their employment, and their awards, practicals and retraining for `certificationCodes`: one statement, whatever the number of IDs. */
	readPeople(employeeIds: string[], certificationCodes: string[]): Promise<EligibilityRow[]>
	close(): Promise<void>
}

/** One EligibilityCheck row as plain data (it is handed to the writer thread): every column its seal covers. */
export type EvidenceRow = StoredCheck & { personId: string }
/** An audit event sealing one API client's checks of a commit (evidence-seal.server.ts). */
export type Seal = AuditEntry & { apiClientId: string }

export type EvidenceStore = {
	/** In one transaction, durable once it returns: appends the seals to the audit chain and stores the checks, each naming its client's seal. */
	commitSealedChecks(seals: Seal[], rows: EvidenceRow[]): Promise<void>
	close(): Promise<void>
}

/** Whether a commit waits for the disk (SQLite synchronous=FULL, PostgreSQL synchronous_commit=on); `normal` only to measure what that costs. */
export type EvidenceSync = Env['EVIDENCE_SYNC']

// Connections per database, whichever client asks: Remix's dev server re-imports the build, so
// they live on globalThis like the Prisma client.
const globalStores = globalThis as { __fieldreadyEligibilityStores?: Map<string, EligibilityReader | EvidenceStore> }
const stores = (globalStores.__fieldreadyEligibilityStores ??= new Map())

function shared<T extends EligibilityReader | EvidenceStore>(key: string, open: () => T) {
	let store = stores.get(key) as T | undefined
	if (!store) stores.set(key, (store = open()))
	return store
}

/** The eligibility reader for the database `db` speaks to: connections of its own that refuse writes, opened on first use. */
export function eligibilityReaderFor(db: Db) {
	const databaseUrl = databaseUrlOf(db)
	return shared(`read ${databaseUrl}`, () => (databaseKind(databaseUrl) === 'postgresql' ? openPostgresEligibilityReader(databaseUrl) : openSqliteEligibilityReader(sqliteFilePath(databaseUrl))))
}

/** An evidence store on a connection of its own to `databaseUrl` (see evidenceStoreFor; the SQLite writer thread opens its own). */
function openEvidenceStore(databaseUrl: string, synchronous: EvidenceSync = 'full'): EvidenceStore {
	return databaseKind(databaseUrl) === 'postgresql' ? openPostgresEvidenceStore(databaseUrl, synchronous) : openSqliteEvidenceStore(sqliteFilePath(databaseUrl), { synchronous })
}

/** The evidence store of this thread for `db`'s database, kept open like the reader. */
export function evidenceStoreFor(db: Db, synchronous: EvidenceSync = 'full') {
	const databaseUrl = databaseUrlOf(db)
	return shared(`write ${synchronous} ${databaseUrl}`, () => openEvidenceStore(databaseUrl, synchronous))
}

/** Closes every shared store's connections (a test file's end). */
export async function closeEligibilityStores() {
	const open = [...stores.values()]
	stores.clear()
	await Promise.all(open.map((store) => store.close()))
}
