import { createHash } from 'node:crypto'
import { type AuditEntry } from '#app/audit/audit-log.server.ts'
import { canonicalJson } from '#app/utils/canonical-json.ts'
import { prisma, type Db } from '#app/utils/db.server.ts'

/*
 * Eligibility evidence is sealed into the audit chain a commit at a time: one audit event per API
 * client and group commit lists each check's id with the SHA-256 of its stored evidence, and each
 * check row records that event's seq. Altering, removing or adding a check afterwards no longer
 * matches the chain. (An audit event per check cost about as much to write as the check itself,
 * and its details did not cover the stored answer.)
 */

export const SEAL_ACTION = 'eligibility.recorded'
/** Before sealing (migration 20261126150000) each check had an audit event of its own. */
export const LEGACY_CHECK_ACTION = 'eligibility.checked'

type SealedFields = { id: string; response: string; reliedOn: string }
type SealedCheck = { id: string; sha256: string }

/** SHA-256 (hex) of the canonical JSON (keys sorted) of {id, reliedOn, response}, as stored. */
export function evidenceDigest({ id, response, reliedOn }: SealedFields) {
	return createHash('sha256').update(canonicalJson({ id, reliedOn, response })).digest('hex')
}

/** The audit events sealing one commit's checks: one per API client, in order of first appearance. */
export function sealEntries(rows: Array<SealedFields & { apiClientId: string; checkedAt: Date }>): Array<AuditEntry & { apiClientId: string }> {
	const byClient = new Map<string, { checks: SealedCheck[]; at: Date }>()
	for (const row of rows) {
		const seal = byClient.get(row.apiClientId) ?? { checks: [], at: row.checkedAt }
		seal.checks.push({ id: row.id, sha256: evidenceDigest(row) })
		if (row.checkedAt > seal.at) seal.at = row.checkedAt
		byClient.set(row.apiClientId, seal)
	}
	return [...byClient].map(([apiClientId, { checks, at }]) => ({ apiClientId, actor: { type: 'api_client', id: apiClientId }, action: SEAL_ACTION, details: { checks }, at }))
}

export type EvidenceVerification = { ok: true; sealed: number; legacy: number } | { ok: false; checkId: string; problem: string }

const PAGE = 500

/** A check naming seal `seq` that the seal does not list. */
async function unlistedClaimant(db: Db, seq: number, listed: SealedCheck[]): Promise<EvidenceVerification> {
	const ids = new Set(listed.map((c) => c.id))
	const claimants = await db.eligibilityCheck.findMany({ where: { auditSeq: seq }, select: { id: true } })
	const checkId = claimants.find((c) => !ids.has(c.id))?.id ?? 'unknown'
	return { ok: false, checkId, problem: `check ${checkId} claims audit event #${seq}, which does not list it (inserted)` }
}

/** Every sealed check is present and unaltered, and every check naming a seal is listed in it. */
async function verifySealedChecks(db: Db): Promise<EvidenceVerification> {
	// How many checks name each seal: one pass over the checks, one number per seal.
	const claims = new Map((await db.eligibilityCheck.groupBy({ by: ['auditSeq'], where: { auditSeq: { not: null } }, _count: { _all: true } })).map((g) => [g.auditSeq!, g._count._all]))
	let sealed = 0
	let afterSeq = 0
	for (;;) {
		const seals = await db.auditEvent.findMany({ where: { action: SEAL_ACTION, seq: { gt: afterSeq } }, orderBy: { seq: 'asc' }, take: PAGE, select: { seq: true, details: true } })
		for (const seal of seals) {
			const listed = (JSON.parse(seal.details) as { checks: SealedCheck[] }).checks
			for (let start = 0; start < listed.length; start += PAGE) {
				const chunk = listed.slice(start, start + PAGE)
				const stored = new Map((await db.eligibilityCheck.findMany({ where: { id: { in: chunk.map((c) => c.id) } }, select: { id: true, response: true, reliedOn: true, auditSeq: true } })).map((c) => [c.id, c]))
				for (const { id, sha256 } of chunk) {
					const check = stored.get(id)
					if (!check) return { ok: false, checkId: id, problem: `check ${id}, sealed by audit event #${seal.seq}, is missing (removed)` }
					if (check.auditSeq !== seal.seq) return { ok: false, checkId: id, problem: `check ${id} names audit event #${check.auditSeq} but is sealed by #${seal.seq}` }
					if (evidenceDigest(check) !== sha256) return { ok: false, checkId: id, problem: `check ${id} was altered (its evidence no longer matches audit event #${seal.seq})` }
				}
			}
			if (claims.get(seal.seq) !== listed.length) return unlistedClaimant(db, seal.seq, listed)
			claims.delete(seal.seq)
			sealed += listed.length
		}
		if (seals.length < PAGE) break
		afterSeq = seals.at(-1)!.seq
	}
	const [stray] = claims.keys()
	if (stray === undefined) return { ok: true, sealed, legacy: 0 }
	return unlistedClaimant(db, stray, [])
}

/**
 * The stored eligibility evidence matches the audit chain: each sealed check is present and
 * unaltered, no check claims a seal it is not in, and each check from before sealing has its own
 * audit event. Run after verifyAuditChain, which proves the events themselves.
 */
export async function verifyEligibilityEvidence(db: Db = prisma): Promise<EvidenceVerification> {
	const result = await verifySealedChecks(db)
	if (!result.ok) return result
	const [orphan] = await db.$queryRaw<Array<{ id: string }>>`
		SELECT c."id" FROM "EligibilityCheck" c
		WHERE c."auditSeq" IS NULL AND NOT EXISTS (SELECT 1 FROM "AuditEvent" e WHERE e."subjectType" = 'eligibility_check' AND e."subjectId" = c."id" AND e."action" = ${LEGACY_CHECK_ACTION})
		LIMIT 1`
	if (orphan) return { ok: false, checkId: orphan.id, problem: `check ${orphan.id} has no audit event (inserted)` }
	return { ok: true, sealed: result.sealed, legacy: await db.eligibilityCheck.count({ where: { auditSeq: null } }) }
}
