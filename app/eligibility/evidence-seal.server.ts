import { createHash } from 'node:crypto'
import { prisma, type Db } from '#app/utils/db.server.ts'
import { type EvidenceRow, type Seal } from './eligibility-store.server.ts'

/*
 * Eligibility evidence is sealed into the audit chain a commit at a time: one audit event per API
 * client and group commit holds how many checks it seals and the SHA-256 of their digests, and
 * each check row records that event's seq. Altering, removing or adding a check afterwards no
 * longer matches the chain. (An audit event per check cost about as much to write as the check
 * itself, and did not cover the stored answer.) A seal names no check, so an evidence pack can
 * carry it without other people's check ids.
 */

export const SEAL_ACTION = 'eligibility.recorded'
/** Before sealing (migration 20261126150000) each check had an audit event of its own. */
export const LEGACY_CHECK_ACTION = 'eligibility.checked'

/** Every stored column of a check but its seal: what its digest covers. */
export type StoredCheck = {
	id: string
	apiClientId: string
	batchId: string | null
	employeeId: string
	personId: string | null
	workTypeCode: string
	at: Date
	checkedAt: Date
	eligible: boolean
	response: string
	reliedOn: string
}

export const storedCheckColumns = {
	id: true,
	apiClientId: true,
	batchId: true,
	employeeId: true,
	personId: true,
	workTypeCode: true,
	at: true,
	checkedAt: true,
	eligible: true,
	response: true,
	reliedOn: true,
} as const

/** The columns of a stored check: what its seal covers, and the seal. */
export const evidenceColumns = [...(Object.keys(storedCheckColumns) as Array<keyof typeof storedCheckColumns>), 'auditSeq' as const]

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/**
 * SHA-256 (hex) of the canonical JSON (keys sorted, instants in ISO 8601) of a check's stored
 * columns. Written out in canonicalJson's key order rather than sorted per call: every recorded
 * check is digested, and the generic sort took a quarter of the digest's time.
 */
export function evidenceDigest({ id, apiClientId, batchId, employeeId, personId, workTypeCode, at, checkedAt, eligible, response, reliedOn }: StoredCheck) {
	return sha256(JSON.stringify({ apiClientId, at: at.toISOString(), batchId, checkedAt: checkedAt.toISOString(), eligible, employeeId, id, personId, reliedOn, response, workTypeCode }))
}

/** What a seal holds of its checks: SHA-256 (hex) of their digests, sorted, joined by newlines. */
export function sealHash(digests: string[]) {
	return sha256([...digests].sort().join('\n'))
}

/** The audit events sealing one commit's checks: one per API client, in order of first appearance. */
export function sealEntries(rows: StoredCheck[]): Seal[] {
	const byClient = new Map<string, { digests: string[]; at: Date }>()
	for (const row of rows) {
		const seal = byClient.get(row.apiClientId) ?? { digests: [], at: row.checkedAt }
		seal.digests.push(evidenceDigest(row))
		if (row.checkedAt > seal.at) seal.at = row.checkedAt
		byClient.set(row.apiClientId, seal)
	}
	return [...byClient].map(([apiClientId, { digests, at }]) => ({
		apiClientId,
		actor: { type: 'api_client', id: apiClientId },
		action: SEAL_ACTION,
		details: { checks: digests.length, sha256: sealHash(digests) },
		at,
	}))
}

/** The rows to store for a commit: each check names the audit event (`events[i]` for `seals[i]`) that seals its client's checks. */
export function sealedRows(seals: Seal[], events: Array<{ seq: number }>, rows: EvidenceRow[]) {
	const sealSeq = new Map(seals.map((seal, i) => [seal.apiClientId, events[i]!.seq]))
	return rows.map((row) => ({ ...row, auditSeq: sealSeq.get(row.apiClientId)! }))
}

export type EvidenceVerification = { ok: true; sealed: number; legacy: number } | { ok: false; problem: string }

const PAGE = 200

/** Each seal up to `upToSeq` still matches exactly the checks that name it. */
async function verifySeals(db: Db, upToSeq: number): Promise<EvidenceVerification> {
	let sealed = 0
	let afterSeq = 0
	for (;;) {
		const seals = await db.auditEvent.findMany({ where: { action: SEAL_ACTION, seq: { gt: afterSeq, lte: upToSeq } }, orderBy: { seq: 'asc' }, take: PAGE, select: { seq: true, details: true } })
		const checks = await db.eligibilityCheck.findMany({ where: { auditSeq: { in: seals.map((s) => s.seq) } }, select: { ...storedCheckColumns, auditSeq: true } })
		const digestsBySeal = new Map<number, string[]>()
		for (const check of checks) digestsBySeal.set(check.auditSeq!, [...(digestsBySeal.get(check.auditSeq!) ?? []), evidenceDigest(check)])
		for (const seal of seals) {
			const held = JSON.parse(seal.details) as { checks: number; sha256: string }
			const digests = digestsBySeal.get(seal.seq) ?? []
			if (digests.length !== held.checks || sealHash(digests) !== held.sha256) {
				return { ok: false, problem: `the checks sealed by audit event #${seal.seq} were altered, removed or added (${digests.length} stored, ${held.checks} sealed)` }
			}
			sealed += held.checks
		}
		if (seals.length < PAGE) return { ok: true, sealed, legacy: 0 }
		afterSeq = seals.at(-1)!.seq
	}
}

/** The first problem among checks that are not covered by a seal's hash, or null. */
async function strayCheck(db: Db): Promise<string | null> {
	// A check naming an event that is no seal was not written by the evidence writer.
	const [claiming] = await db.$queryRaw<Array<{ id: string; auditSeq: number | bigint }>>`
		SELECT c."id", c."auditSeq" FROM "EligibilityCheck" c
		WHERE c."auditSeq" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "AuditEvent" e WHERE e."seq" = c."auditSeq" AND e."action" = ${SEAL_ACTION})
		LIMIT 1`
	if (claiming) return `check ${claiming.id} names audit event #${Number(claiming.auditSeq)}, which seals no checks (inserted)`
	const [orphan] = await db.$queryRaw<Array<{ id: string }>>`
		SELECT c."id" FROM "EligibilityCheck" c
		WHERE c."auditSeq" IS NULL AND NOT EXISTS (SELECT 1 FROM "AuditEvent" e WHERE e."subjectType" = 'eligibility_check' AND e."subjectId" = c."id" AND e."action" = ${LEGACY_CHECK_ACTION})
		LIMIT 1`
	if (orphan) return `check ${orphan.id} has no audit event (inserted)`
	const [removed] = await db.$queryRaw<Array<{ id: string }>>`
		SELECT e."subjectId" AS "id" FROM "AuditEvent" e
		WHERE e."action" = ${LEGACY_CHECK_ACTION} AND e."subjectType" = 'eligibility_check' AND NOT EXISTS (SELECT 1 FROM "EligibilityCheck" c WHERE c."id" = e."subjectId")
		LIMIT 1`
	if (removed) return `check ${removed.id}, audited before sealing, is missing (removed)`
	return null
}

/**
 * The stored eligibility evidence matches the audit chain: each seal up to `upToSeq` (the head a
 * verifyAuditChain run proved; by default the head now) matches the checks that name it, no check names an event that is
 * no seal, and each check from before sealing has its own audit event and vice versa.
 */
export async function verifyEligibilityEvidence({ upToSeq }: { upToSeq?: number } = {}, db: Db = prisma): Promise<EvidenceVerification> {
	const lastSeq = upToSeq ?? (await db.auditChainHead.findUniqueOrThrow({ where: { id: 1 } })).lastSeq
	const result = await verifySeals(db, lastSeq)
	if (!result.ok) return result
	const stray = await strayCheck(db)
	if (stray) return { ok: false, problem: stray }
	return { ok: true, sealed: result.sealed, legacy: await db.eligibilityCheck.count({ where: { auditSeq: null } }) }
}

/** Each seal's digests (sorted, as sealHash joins them), read from the checks that name it: no check ids. */
export async function sealContents(seqs: number[], db: Db = prisma) {
	const digests = new Map<number, string[]>(seqs.map((seq) => [seq, []]))
	for (let start = 0; start < seqs.length; start += PAGE) {
		const checks = await db.eligibilityCheck.findMany({ where: { auditSeq: { in: seqs.slice(start, start + PAGE) } }, select: { ...storedCheckColumns, auditSeq: true } })
		for (const check of checks) digests.get(check.auditSeq!)?.push(evidenceDigest(check))
	}
	return [...digests].map(([seq, list]) => ({ seq, digests: list.sort() }))
}
