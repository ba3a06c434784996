import { createHash } from 'node:crypto'
import { strToU8, zipSync } from 'fflate'
import { z } from 'zod'
import { formatChainHead } from '#app/audit/chain-head.server.ts'
import { canOversee, type SessionUser } from '#app/auth/permissions.server.ts'
import { evidenceDigest, SEAL_ACTION, sealContents, storedCheckColumns } from '#app/eligibility/evidence-seal.server.ts'
import { type AuditEvent, type Prisma } from '#app/generated/prisma/client.ts'
import { csvDocument } from '#app/utils/csv.ts'
import { prisma, type Db } from '#app/utils/db.server.ts'

/**
 * The audit evidence pack: one person's or one org unit's training and certification record as
 * a zip an auditor can check on their own. Every dataset comes as JSON and CSV; manifest.json
 * holds the SHA-256 of each file and the audit chain head the pack was cut at.
 */

export type EvidencePackScope = { employeeId: string } | { unitCode: string }

/** Written into manifest.json: which audit events a pack includes, and why. */
export const AUDIT_EVENT_RULE =
	'An audit event is included when (1) its subject is a person in scope (subjectType "person" with their id, or "account" with their email, as sign-in events are recorded), ' +
	'(2) its subject is one of their records: an award, quiz attempt, module completion, practical assessment or eligibility check in this pack, or a notification sent to them, ' +
	'or it seals one of their eligibility checks (the event whose seq is the check\'s auditSeq). ' +
	'or (3) its details name them as "personId". What someone in scope did to another person (as the actor) is not included. ' +
	'Only events up to auditChainHead.lastSeq are included. Rows are exactly as stored: hash = SHA-256 (hex) of the canonical JSON (keys sorted) of ' +
	'{seq, at (ISO 8601), actorType, actorId, action, subjectType, subjectId, details (the stored string), prevHash}, and where two included rows are consecutive, ' +
	'the later one\'s prevHash is the earlier one\'s hash.'

const NOTES = [
	'Each dataset is in <name>.json and <name>.csv with the same rows in the same order. In CSV, null is an empty cell, lists and objects are JSON, ' +
		"and a cell a spreadsheet would run as a formula (leading =, +, - or @) starts with an apostrophe.",
	'Quiz attempts carry scores and results only: no question bank, answers or answer key.',
	'A manual award names its evidence file (evidenceFile: sha256, fileName, mediaType, size) but does not carry it; the file is downloaded from FieldReady at /manage/evidence-files/<sha256>, and its SHA-256 proves it is the one cited.',
	'Records are read after the audit chain head: one written while the pack was being built may appear without its audit event.',
	'Eligibility checks are sealed into the audit chain a commit at a time. A check\'s digest is the SHA-256 (hex) of the canonical JSON (keys sorted) of ' +
		'{id (checkId), apiClientId, batchId, employeeId, personId, workTypeCode (workType), at, checkedAt, eligible, response, reliedOn}. The "eligibility.recorded" event ' +
		'its auditSeq names holds {checks, sha256}: how many checks it seals and the SHA-256 of their digests, sorted and joined by newlines. eligibility-seals lists each ' +
		'included seal\'s digests (of anyone\'s checks, without their ids), so both can be recomputed.',
]

// The largest `IN (...)` list sent at once, far below SQLite's and PostgreSQL's parameter limits.
const ID_CHUNK = 500

async function inChunks<Id, T>(ids: Iterable<Id>, query: (chunk: Id[]) => Promise<T[]>) {
	const unique = [...new Set(ids)]
	const rows: T[] = []
	for (let start = 0; start < unique.length; start += ID_CHUNK) rows.push(...(await query(unique.slice(start, start + ID_CHUNK))))
	return rows
}

const iso = (date: Date | null) => date?.toISOString() ?? null
const chronological = <T extends { id: string }>(rows: T[], time: (row: T) => Date) =>
	rows.sort((a, b) => time(a).getTime() - time(b).getTime() || a.id.localeCompare(b.id))

/** Who the scope covers, or null when it does not exist or lies outside the viewer's units. */
async function resolveScope(viewer: SessionUser, scope: EvidencePackScope, db: Db) {
	if ('employeeId' in scope) {
		const person = await db.person.findUnique({ where: { employeeId: scope.employeeId }, select: { id: true, orgUnit: { select: { path: true } } } })
		if (!person || !canOversee(viewer, person.orgUnit.path)) return null
		const where: Prisma.PersonWhereInput = { id: person.id }
		return { label: scope.employeeId, scope: { employeeId: scope.employeeId }, where }
	}
	const unit = await db.orgUnit.findUnique({ where: { code: scope.unitCode }, select: { path: true } })
	if (!unit || !canOversee(viewer, unit.path)) return null
	const where: Prisma.PersonWhereInput = { orgUnit: { path: { startsWith: unit.path } } }
	return { label: scope.unitCode, scope: { unitCode: scope.unitCode }, where }
}

function loadPeople(where: Prisma.PersonWhereInput, db: Db) {
	return db.person.findMany({
		where,
		orderBy: { employeeId: 'asc' },
		select: { id: true, employeeId: true, name: true, email: true, leftAt: true, orgUnit: { select: { code: true, name: true } }, roles: { select: { role: true }, orderBy: { role: 'asc' } } },
	})
}

/** Everything recorded about the people, a few queries per 500 people (never one per person). */
async function loadRecords(personIds: string[], db: Db) {
	const mine = (ids: string[]) => ({ where: { personId: { in: ids } } })
	const awards = await inChunks(personIds, (ids) =>
		db.certificationAward.findMany({ ...mine(ids), select: { id: true, personId: true, certificationCode: true, source: true, issuedAt: true, expiresAt: true, verificationCode: true, renewsAwardId: true, evidence: true, evidenceNote: true, awardedById: true, practicalAssessmentId: true, evidenceFile: { select: { sha256: true, fileName: true, mediaType: true, size: true } } } }),
	)
	const changes = await inChunks(
		awards.map((a) => a.id),
		(ids) => db.awardStatusChange.findMany({ where: { awardId: { in: ids } }, select: { id: true, awardId: true, kind: true, reason: true, actorId: true, at: true } }),
	)
	// Never `presented`, `answers` or `results`: the pack must not become a copy of the question bank.
	const attempts = await inChunks(personIds, (ids) =>
		db.quizAttempt.findMany({ ...mine(ids), select: { id: true, personId: true, quizId: true, quizVersionId: true, startedAt: true, submittedAt: true, scorePercent: true, passed: true } }),
	)
	const completions = await inChunks(personIds, (ids) => db.moduleCompletion.findMany({ ...mine(ids), select: { id: true, personId: true, moduleId: true, moduleVersionId: true, source: true, completedAt: true } }))
	const checks = await inChunks(personIds, (ids) =>
		db.eligibilityCheck.findMany({ ...mine(ids), select: { ...storedCheckColumns, auditSeq: true } }),
	)
	const notifications = await inChunks(personIds, (ids) => db.notification.findMany({ ...mine(ids), select: { id: true } }))
	const practicals = await inChunks(personIds, (ids) =>
		db.practicalAssessment.findMany({
			...mine(ids),
			select: { id: true, personId: true, certificationCode: true, assessorId: true, performedOn: true, setting: true, reference: true, items: true, outcome: true, notes: true, recordedAt: true, checklistVersion: { select: { id: true, checklistId: true, version: true, contentHash: true } } },
		}),
	)
	return {
		practicals: chronological(practicals, (p) => p.performedOn),
		awards: chronological(awards, (a) => a.issuedAt),
		changes: chronological(changes, (c) => c.at),
		attempts: chronological(attempts, (a) => a.startedAt),
		completions: chronological(completions, (c) => c.completedAt),
		checks: chronological(checks, (c) => c.checkedAt),
		notificationIds: notifications.map((n) => n.id),
	}
}
type Records = Awaited<ReturnType<typeof loadRecords>>

const earnedEvidenceSchema = z.array(z.object({ moduleVersionId: z.string(), quiz: z.object({ quizVersionId: z.string() }).nullable() }))

/** An award's evidence and the content versions it names (imported and manual awards name none). */
function parseEvidence(stored: string) {
	const evidence: unknown = JSON.parse(stored)
	const earned = earnedEvidenceSchema.safeParse(evidence)
	const items = earned.success ? earned.data : []
	return { evidence, moduleVersionIds: items.map((i) => i.moduleVersionId), quizVersionIds: items.flatMap((i) => (i.quiz ? [i.quiz.quizVersionId] : [])) }
}

type VersionRow = { id: string; version: number; contentHash: string }

/** A module or quiz version as the pack names it: what it is a version of, and its content hash. */
const contentVersion = (kind: 'module' | 'quiz', id: string, row: VersionRow) => ({ kind, id, versionId: row.id, version: row.version, contentHash: row.contentHash })

/** Content versions, API client names and actors' employee IDs the records refer to. */
async function loadReferences(records: Records, db: Db) {
	const evidence = new Map(records.awards.map((a) => [a.id, parseEvidence(a.evidence)]))
	const moduleVersions = await inChunks([...records.completions.map((c) => c.moduleVersionId), ...[...evidence.values()].flatMap((e) => e.moduleVersionIds)], (ids) =>
		db.moduleVersion.findMany({ where: { id: { in: ids } }, select: { id: true, moduleId: true, version: true, contentHash: true, covers: true, coverageEdition: true } }),
	)
	const quizVersions = await inChunks([...records.attempts.map((a) => a.quizVersionId), ...[...evidence.values()].flatMap((e) => e.quizVersionIds)], (ids) =>
		db.quizVersion.findMany({ where: { id: { in: ids } }, select: { id: true, quizId: true, version: true, contentHash: true } }),
	)
	const clients = await inChunks(
		records.checks.map((c) => c.apiClientId),
		(ids) => db.apiClient.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }),
	)
	const actorIds = [...records.changes.map((c) => c.actorId), ...records.awards.flatMap((a) => (a.awardedById ? [a.awardedById] : [])), ...records.practicals.map((p) => p.assessorId)]
	const actors = await inChunks(actorIds, (ids) => db.person.findMany({ where: { id: { in: ids } }, select: { id: true, employeeId: true } }))
	return {
		evidence,
		// A module version also says which IEC 62443-2-4 requirements it covers, and against which edition.
		moduleVersions: new Map(moduleVersions.map((v) => [v.id, { ...contentVersion('module', v.moduleId, v), covers: JSON.parse(v.covers) as string[], coverageEdition: v.coverageEdition }])),
		quizVersions: new Map(quizVersions.map((v) => [v.id, contentVersion('quiz', v.quizId, v)])),
		clientNames: new Map(clients.map((c) => [c.id, c.name])),
		actorEmployeeIds: new Map(actors.map((a) => [a.id, a.employeeId])),
	}
}
type References = Awaited<ReturnType<typeof loadReferences>>

/** The audit events about the people and their records (see AUDIT_EVENT_RULE), in chain order. */
async function loadAuditEvents({ people, records, lastSeq }: { people: Array<{ id: string; email: string }>; records: Records; lastSeq: number }, db: Db) {
	const personIds = people.map((p) => p.id)
	const subjects: Array<[string, string[]]> = [
		['person', personIds],
		['account', people.map((p) => p.email)],
		['certification_award', records.awards.map((a) => a.id)],
		['quiz_attempt', records.attempts.map((a) => a.id)],
		['module_completion', records.completions.map((c) => c.id)],
		['eligibility_check', records.checks.map((c) => c.id)],
		['notification', records.notificationIds],
		['practical_assessment', records.practicals.map((p) => p.id)],
	]
	const events = new Map<number, AuditEvent>()
	const seals = records.checks.flatMap((c) => (c.auditSeq === null ? [] : [c.auditSeq]))
	for (const event of await inChunks(seals, (chunk) => db.auditEvent.findMany({ where: { seq: { in: chunk, lte: lastSeq } } }))) events.set(event.seq, event)
	for (const [subjectType, ids] of subjects) {
		for (const event of await inChunks(ids, (chunk) => db.auditEvent.findMany({ where: { subjectType, subjectId: { in: chunk }, seq: { lte: lastSeq } } }))) events.set(event.seq, event)
	}
	// Details are canonical JSON, so a mention is always spelled exactly this way.
	const mentions = await inChunks(personIds, (chunk) => db.auditEvent.findMany({ where: { seq: { lte: lastSeq }, OR: chunk.map((id) => ({ details: { contains: `"personId":"${id}"` } })) } }))
	for (const event of mentions) events.set(event.seq, event)
	return [...events.values()].sort((a, b) => a.seq - b.seq)
}

type People = Awaited<ReturnType<typeof loadPeople>>
type Lookups = References & { employeeIdOf: Map<string, string> }

function personRows(people: People) {
	return people.map((p) => ({ personId: p.id, employeeId: p.employeeId, name: p.name, email: p.email, orgUnitCode: p.orgUnit.code, orgUnitName: p.orgUnit.name, roles: p.roles.map((r) => r.role), leftAt: iso(p.leftAt) }))
}

function awardRows(records: Records, { evidence, moduleVersions, quizVersions, actorEmployeeIds, employeeIdOf }: Lookups) {
	return records.awards.map((award) => {
		const earnedBy = evidence.get(award.id)!
		return {
			awardId: award.id,
			employeeId: employeeIdOf.get(award.personId)!,
			certificationCode: award.certificationCode,
			source: award.source,
			issuedAt: iso(award.issuedAt),
			expiresAt: iso(award.expiresAt),
			verificationCode: award.verificationCode,
			renewsAwardId: award.renewsAwardId,
			evidenceNote: award.evidenceNote,
			// A manual award's evidence file by its hash and name; the bytes stay in FieldReady (/manage/evidence-files/<sha256>).
			evidenceFile: award.evidenceFile,
			awardedBy: award.awardedById ? (actorEmployeeIds.get(award.awardedById) ?? award.awardedById) : null,
			evidence: earnedBy.evidence,
			practicalAssessmentId: award.practicalAssessmentId,
			contentVersions: [
				...earnedBy.moduleVersionIds.map((id) => moduleVersions.get(id) ?? { kind: 'module', versionId: id }),
				...earnedBy.quizVersionIds.map((id) => quizVersions.get(id) ?? { kind: 'quiz', versionId: id }),
			],
		}
	})
}

function statusChangeRows(records: Records, { actorEmployeeIds, employeeIdOf }: Lookups) {
	const awards = new Map(records.awards.map((a) => [a.id, a]))
	return records.changes.map((c) => {
		const award = awards.get(c.awardId)!
		return { changeId: c.id, awardId: c.awardId, employeeId: employeeIdOf.get(award.personId)!, certificationCode: award.certificationCode, kind: c.kind, reason: c.reason, actorEmployeeId: actorEmployeeIds.get(c.actorId) ?? null, actorId: c.actorId, at: iso(c.at) }
	})
}

function attemptRows(records: Records, { quizVersions, employeeIdOf }: Lookups) {
	return records.attempts.map((a) => ({
		attemptId: a.id,
		employeeId: employeeIdOf.get(a.personId)!,
		quizId: a.quizId,
		quizVersionId: a.quizVersionId,
		quizContentHash: quizVersions.get(a.quizVersionId)?.contentHash ?? null,
		startedAt: iso(a.startedAt),
		submittedAt: iso(a.submittedAt),
		scorePercent: a.scorePercent,
		passed: a.passed,
	}))
}

function completionRows(records: Records, { moduleVersions, employeeIdOf }: Lookups) {
	return records.completions.map((c) => ({
		completionId: c.id,
		employeeId: employeeIdOf.get(c.personId)!,
		moduleId: c.moduleId,
		moduleVersionId: c.moduleVersionId,
		moduleContentHash: moduleVersions.get(c.moduleVersionId)?.contentHash ?? null,
		source: c.source,
		completedAt: iso(c.completedAt),
	}))
}

function practicalRows(records: Records, { actorEmployeeIds, employeeIdOf }: Lookups) {
	return records.practicals.map((p) => ({
		assessmentId: p.id,
		employeeId: employeeIdOf.get(p.personId)!,
		certificationCode: p.certificationCode,
		checklistId: p.checklistVersion.checklistId,
		checklistVersion: p.checklistVersion.version,
		checklistContentHash: p.checklistVersion.contentHash,
		assessorEmployeeId: actorEmployeeIds.get(p.assessorId) ?? p.assessorId,
		performedOn: iso(p.performedOn),
		setting: p.setting,
		reference: p.reference,
		outcome: p.outcome,
		items: JSON.parse(p.items) as unknown,
		notes: p.notes,
		recordedAt: iso(p.recordedAt),
	}))
}

function checkRows(records: Records, { clientNames }: Lookups) {
	// `response` and `reliedOn` stay the stored strings: byte for byte what dispatch was told, and what its seal covers.
	return records.checks.map((c) => ({
		checkId: c.id,
		employeeId: c.employeeId,
		personId: c.personId,
		apiClientId: c.apiClientId,
		apiClientName: clientNames.get(c.apiClientId) ?? null,
		batchId: c.batchId,
		workType: c.workTypeCode,
		at: iso(c.at),
		checkedAt: iso(c.checkedAt),
		eligible: c.eligible,
		response: c.response,
		reliedOn: c.reliedOn,
		auditSeq: c.auditSeq,
		digest: evidenceDigest(c),
	}))
}

type Dataset = { name: string; columns: readonly string[]; rows: Array<Record<string, unknown>> }

/** Columns are named, not taken from the first row, so an empty dataset still has its header. */
const dataset = <const C extends readonly string[]>(name: string, columns: C, rows: Array<Record<C[number], unknown>>): Dataset => ({ name, columns, rows })

type Seals = Awaited<ReturnType<typeof sealContents>>

function buildDatasets(people: People, records: Records, refs: References, auditEvents: AuditEvent[], seals: Seals) {
	const lookups = { ...refs, employeeIdOf: new Map(people.map((p) => [p.id, p.employeeId])) }
	return [
		dataset('people', ['personId', 'employeeId', 'name', 'email', 'orgUnitCode', 'orgUnitName', 'roles', 'leftAt'], personRows(people)),
		dataset('awards', ['awardId', 'employeeId', 'certificationCode', 'source', 'issuedAt', 'expiresAt', 'verificationCode', 'renewsAwardId', 'evidenceNote', 'evidenceFile', 'awardedBy', 'evidence', 'practicalAssessmentId', 'contentVersions'], awardRows(records, lookups)),
		dataset('practical-assessments', ['assessmentId', 'employeeId', 'certificationCode', 'checklistId', 'checklistVersion', 'checklistContentHash', 'assessorEmployeeId', 'performedOn', 'setting', 'reference', 'outcome', 'items', 'notes', 'recordedAt'], practicalRows(records, lookups)),
		dataset('award-status-changes', ['changeId', 'awardId', 'employeeId', 'certificationCode', 'kind', 'reason', 'actorEmployeeId', 'actorId', 'at'], statusChangeRows(records, lookups)),
		dataset('quiz-attempts', ['attemptId', 'employeeId', 'quizId', 'quizVersionId', 'quizContentHash', 'startedAt', 'submittedAt', 'scorePercent', 'passed'], attemptRows(records, lookups)),
		dataset('module-completions', ['completionId', 'employeeId', 'moduleId', 'moduleVersionId', 'moduleContentHash', 'source', 'completedAt'], completionRows(records, lookups)),
		dataset('eligibility-checks', ['checkId', 'employeeId', 'personId', 'apiClientId', 'apiClientName', 'batchId', 'workType', 'at', 'checkedAt', 'eligible', 'response', 'reliedOn', 'auditSeq', 'digest'], checkRows(records, lookups)),
		dataset('eligibility-seals', ['seq', 'digests'], seals),
		// Exactly as stored (details included) so that each row's hash can be recomputed.
		dataset('audit-events', ['seq', 'at', 'actorType', 'actorId', 'action', 'subjectType', 'subjectId', 'details', 'prevHash', 'hash'], auditEvents.map((e) => ({ ...e, at: iso(e.at) }))),
	]
}

function csvValue(value: unknown) {
	if (value === null || value === undefined) return ''
	return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

function datasetFiles({ name, columns, rows }: Dataset): Array<[string, Uint8Array]> {
	const ordered = rows.map((row) => Object.fromEntries(columns.map((column) => [column, row[column] ?? null])))
	return [
		[`${name}.json`, strToU8(`${JSON.stringify(ordered, null, 2)}\n`)],
		[`${name}.csv`, strToU8(csvDocument(columns, ordered.map((row) => columns.map((column) => csvValue(row[column])))))],
	]
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

/**
 * The evidence pack for one person or one org unit and everything below it, as the viewer may
 * see it; null when the person or unit does not exist or lies outside the viewer's units.
 */
export async function buildEvidencePack({ viewer, scope, at }: { viewer: SessionUser; scope: EvidencePackScope; at: Date }, db: Db = prisma) {
	const resolved = await resolveScope(viewer, scope, db)
	if (!resolved) return null
	const head = await db.auditChainHead.findUniqueOrThrow({ where: { id: 1 }, select: { lastSeq: true, lastHash: true } })
	const people = await loadPeople(resolved.where, db)
	const records = await loadRecords(people.map((p) => p.id), db)
	const refs = await loadReferences(records, db)
	const auditEvents = await loadAuditEvents({ people, records, lastSeq: head.lastSeq }, db)
	const seals = await sealContents(auditEvents.filter((e) => e.action === SEAL_ACTION).map((e) => e.seq), db)
	const datasets = buildDatasets(people, records, refs, auditEvents, seals)
	const files = datasets.flatMap((set) => datasetFiles(set).map(([file, bytes]) => ({ file, bytes, rows: set.rows.length })))
	const manifest = {
		format: 'fieldready-evidence-pack/1',
		generatedAt: at.toISOString(),
		generatedBy: viewer.employeeId,
		scope: resolved.scope,
		auditChainHead: head,
		/** The same head as `npm run audit:head` prints it: keep it, and `audit:verify --head` proves the log still reaches it. */
		auditChainHeadLine: head.lastSeq > 0 ? formatChainHead({ seq: head.lastSeq, hash: head.lastHash, at: (await db.auditEvent.findUniqueOrThrow({ where: { seq: head.lastSeq }, select: { at: true } })).at }) : null,
		auditEventRule: AUDIT_EVENT_RULE,
		notes: NOTES,
		files: Object.fromEntries(files.map(({ file, bytes, rows }) => [file, { rows, sha256: sha256(bytes) }])),
	}
	const entries = Object.fromEntries([['manifest.json', strToU8(`${JSON.stringify(manifest, null, 2)}\n`)], ...files.map(({ file, bytes }) => [file, bytes] as const)])
	// The entries' timestamps come from `at`, so the same records at the same instant give the same bytes.
	return { filename: `evidence-${resolved.label}-${at.toISOString().slice(0, 10)}.zip`, bytes: zipSync(entries, { level: 6, mtime: at }) }
}
