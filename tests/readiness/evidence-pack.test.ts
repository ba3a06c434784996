import { createHash } from 'node:crypto'
import path from 'node:path'
import { strFromU8, unzipSync } from 'fflate'
import { beforeAll, describe, expect, test } from 'vitest'
import { createApiClient } from '#app/api-clients/api-keys.server.ts'
import { hashAuditEvent, recordAuditEvent } from '#app/audit/audit-log.server.ts'
import { parseChainHead } from '#app/audit/chain-head.server.ts'
import { getOptionalUser, type SessionUser } from '#app/auth/permissions.server.ts'
import { signIn } from '#app/auth/sign-in.server.ts'
import { syncCatalogFromDirectory } from '#app/catalog/sync-catalog.server.ts'
import { awardOnProgress, changeAwardStatus } from '#app/certification/awards.server.ts'
import { seedDemoData } from '#app/demo/demo-data.server.ts'
import { checkEligibility } from '#app/eligibility/eligibility.server.ts'
import { completeModuleReading, recordSectionViewed } from '#app/learning/module-progress.server.ts'
import { startQuizAttempt, submitQuizAttempt } from '#app/quiz/attempts.server.ts'
import { recordPracticalAssessment } from '#app/practical/practical-assessments.server.ts'
import { buildEvidencePack, type EvidencePackScope } from '#app/readiness/evidence-pack.server.ts'
import { loader as evidencePackLoader } from '#app/routes/manage+/evidence-pack.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { answersFor } from '#tests/catalog-utils.ts'
import { settle, signedInRequest } from '#tests/factories.ts'
import { testsRoot } from '#tests/setup/paths.ts'

const seededAt = new Date('2026-11-26T09:00:00Z')
const hoursAfterSeeding = (n: number) => new Date(seededAt.getTime() + n * 3_600_000)
const packAt = hoursAfterSeeding(9)
const FORMULA_REASON = "=2+5+cmd|' /C calc'!A0 was pasted as the reason"

const people: Record<string, { id: string; email: string }> = {}
let viewers: { admin: SessionUser; emeaManager: SessionUser; rep: SessionUser }
let naPerson: { employeeId: string; orgUnitCode: string }

async function sessionUser(email: string) {
	const { id } = await prisma.person.findUniqueOrThrow({ where: { email }, select: { id: true } })
	return (await getOptionalUser(await signedInRequest(id, 'http://localhost/')))!
}

async function readWholeModule(personId: string, moduleId: string, at: Date) {
	const learningModule = await prisma.learningModule.findUniqueOrThrow({ where: { id: moduleId }, select: { currentVersionId: true } })
	const { sections } = await prisma.moduleVersion.findUniqueOrThrow({ where: { id: learningModule.currentVersionId! }, select: { sections: true } })
	for (let index = 0; index < (JSON.parse(sections) as unknown[]).length; index++) await recordSectionViewed({ personId, moduleId, sectionIndex: index, at })
	await completeModuleReading({ personId, moduleId, at, onCompleted: awardOnProgress })
}

async function takeQuiz(personId: string, quizId: string, { correct, at }: { correct: boolean; at: Date }) {
	const { attemptId } = await startQuizAttempt({ personId, quizId, at })
	await submitQuizAttempt({ attemptId, personId, answers: await answersFor(attemptId, { correct }), at: new Date(at.getTime() + 5 * 60_000), onPassed: awardOnProgress })
}

/** SR-1004 (whose SEC-FOUNDATION is revoked) learns, fails then passes a quiz and is checked by dispatch; SR-1005 earns SEC-PATCH. */
async function createLearningRecords() {
	const { id: sr1004 } = people['SR-1004']!
	await readWholeModule(sr1004, 'activity-logging', hoursAfterSeeding(1))
	await takeQuiz(sr1004, 'pre-visit-risk-assessment-quiz', { correct: false, at: hoursAfterSeeding(1) })
	await takeQuiz(sr1004, 'pre-visit-risk-assessment-quiz', { correct: true, at: hoursAfterSeeding(2) })
	const patchAward = await prisma.certificationAward.findFirstOrThrow({ where: { personId: sr1004, certificationCode: 'SEC-PATCH' }, select: { id: true } })
	await changeAwardStatus({ awardId: patchAward.id, personId: sr1004, input: { kind: 'suspended', reason: FORMULA_REASON }, actor: { type: 'person', id: viewers.emeaManager.id }, at: hoursAfterSeeding(3) })
	const { client } = await createApiClient({ name: 'dispatch evidence test', actor: { type: 'system', id: 'test' }, at: seededAt })
	await checkEligibility({ employeeIds: ['SR-1004', 'SR-1001'], workTypeCode: 'PATCH_APPLICATION', at: hoursAfterSeeding(24), caller: client, checkedAt: hoursAfterSeeding(4), batch: true })
	// Events no record of the pack is the subject of: a failed sign-in to the account, and mentions by person id.
	await signIn({ email: people['SR-1004']!.email, password: 'not the password', ip: '192.0.2.1', at: hoursAfterSeeding(5) })
	const workOrder = { actor: { type: 'system' as const, id: 'test' }, action: 'work_order.assigned', subject: { type: 'work_order', id: 'WO-77' }, at: hoursAfterSeeding(6) }
	await recordAuditEvent({ ...workOrder, details: { personId: sr1004 } })
	await recordAuditEvent({ ...workOrder, details: { personId: people['SR-1005']!.id } })
	// An observed practical (a rehearsal before SR-1004 starts the SEC-ACCESS modules).
	const assessor = await prisma.person.findUniqueOrThrow({ where: { employeeId: 'AS-3001' }, select: { id: true } })
	const checklist = await prisma.practicalChecklistVersion.findFirstOrThrow({ where: { checklistId: 'remote-support-session' }, select: { items: true } })
	const items = Object.fromEntries((JSON.parse(checklist.items) as Array<{ id: string }>).map((item) => [item.id, 'met']))
	await recordPracticalAssessment({ employeeId: 'SR-1004', assessor: { id: assessor.id, roles: ['assessor'] }, at: hoursAfterSeeding(7), input: { certificationCode: 'SEC-ACCESS', performedOn: seededAt, setting: 'work-order', reference: 'WO-2026-4471', items, outcome: 'competent', notes: '' } })
	const { id: sr1005 } = people['SR-1005']!
	await readWholeModule(sr1005, 'patch-application', hoursAfterSeeding(1))
	await takeQuiz(sr1005, 'patch-application-quiz', { correct: true, at: hoursAfterSeeding(2) })
}

beforeAll(async () => {
	await syncCatalogFromDirectory(path.join(testsRoot, '..', 'content'), { at: seededAt })
	await seedDemoData({ now: seededAt })
	for (const employeeId of ['SR-1004', 'SR-1005']) people[employeeId] = await prisma.person.findUniqueOrThrow({ where: { employeeId }, select: { id: true, email: true } })
	viewers = { admin: await sessionUser('admin@example.com'), emeaManager: await sessionUser('manager.emea@example.com'), rep: await sessionUser('sr-1001@example.com') }
	const na = await prisma.person.findFirstOrThrow({ where: { roles: { some: { role: 'rep' } }, orgUnit: { code: 'SPS-NA-EAST' } }, select: { employeeId: true } })
	naPerson = { employeeId: na.employeeId, orgUnitCode: 'SPS-NA-EAST' }
	await createLearningRecords()
}, 120_000)

type Row = Record<string, unknown>
type Manifest = {
	generatedAt: string
	generatedBy: string
	scope: Record<string, string>
	auditChainHead: { lastSeq: number; lastHash: string }
	auditChainHeadLine: string
	auditEventRule: string
	files: Record<string, { rows: number; sha256: string }>
}

function unpack(bytes: Uint8Array) {
	const files = unzipSync(bytes)
	const text = (name: string) => strFromU8(files[name] ?? new Uint8Array())
	return { files, text, manifest: JSON.parse(text('manifest.json')) as Manifest, json: (name: string) => JSON.parse(text(`${name}.json`)) as Row[] }
}

async function packFor(viewer: SessionUser, scope: EvidencePackScope) {
	const pack = await buildEvidencePack({ viewer, scope, at: packAt })
	if (!pack) throw new Error(`no pack for ${JSON.stringify(scope)}`)
	return { filename: pack.filename, ...unpack(pack.bytes) }
}

/** RFC 4180 with CRLF line ends, as the pack writes it. */
function parseCsv(text: string) {
	const rows: string[][] = []
	let row: string[] = []
	let cell = ''
	let quoted = false
	for (let i = 0; i < text.length; i++) {
		const char = text[i]!
		if (quoted && char === '"' && text[i + 1] === '"') {
			cell += '"'
			i++
		} else if (char === '"') {
			quoted = !quoted
		} else if (!quoted && char === ',') {
			row.push(cell)
			cell = ''
		} else if (!quoted && char === '\r' && text[i + 1] === '\n') {
			rows.push([...row, cell])
			row = []
			cell = ''
			i++
		} else {
			cell += char
		}
	}
	return rows
}

/** What a JSON value must look like in the CSV: lists and objects as JSON, formulas defused. */
function expectedCell(value: unknown) {
	const text = value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value)
	return /^[=+\-@]/.test(text) ? `'${text}` : text
}

const sortedIds = (rows: Row[], key: string) => rows.map((row) => String(row[key])).sort()
const idsOf = (rows: Array<{ id: string }>) => rows.map((row) => row.id).sort()
const datasets = ['people', 'awards', 'practical-assessments', 'award-status-changes', 'quiz-attempts', 'module-completions', 'eligibility-checks', 'eligibility-seals', 'audit-events']

describe('the evidence pack for one person', () => {
	test('holds the revocation of SR-1004’s SEC-FOUNDATION with its reason, actor and time', async () => {
		const pack = await packFor(viewers.admin, { employeeId: 'SR-1004' })
		expect(pack.filename).toBe('evidence-SR-1004-2026-11-26.zip')
		const revocation = await prisma.awardStatusChange.findFirstOrThrow({ where: { kind: 'revoked', award: { personId: people['SR-1004']!.id, certificationCode: 'SEC-FOUNDATION' } } })
		expect(pack.json('award-status-changes')).toContainEqual(
			expect.objectContaining({ changeId: revocation.id, kind: 'revoked', certificationCode: 'SEC-FOUNDATION', employeeId: 'SR-1004', reason: revocation.reason, actorEmployeeId: 'AD-0001', at: revocation.at.toISOString() }),
		)
		expect(revocation.reason).toContain('unscanned USB drive')
		expect(pack.manifest).toMatchObject({ generatedAt: packAt.toISOString(), generatedBy: 'AD-0001', scope: { employeeId: 'SR-1004' } })
		expect(pack.json('people')).toEqual([expect.objectContaining({ employeeId: 'SR-1004', orgUnitCode: 'SPS-EMEA-NORTH', roles: ['rep'], leftAt: null })])
	})

	test('matches the database: the same awards, status changes, attempts, completions and checks', async () => {
		const pack = await packFor(viewers.admin, { employeeId: 'SR-1004' })
		const personId = people['SR-1004']!.id
		const inDatabase = {
			awards: await prisma.certificationAward.findMany({ where: { personId } }),
			changes: await prisma.awardStatusChange.findMany({ where: { award: { personId } } }),
			attempts: await prisma.quizAttempt.findMany({ where: { personId } }),
			completions: await prisma.moduleCompletion.findMany({ where: { personId } }),
			checks: await prisma.eligibilityCheck.findMany({ where: { personId } }),
			practicals: await prisma.practicalAssessment.findMany({ where: { personId } }),
		}
		expect(Object.values(inDatabase).map((rows) => rows.length)).toEqual([3, 2, 2, 1, 1, 1])
		const practical = inDatabase.practicals[0]!
		expect(pack.json('practical-assessments')).toEqual([
			expect.objectContaining({ assessmentId: practical.id, certificationCode: 'SEC-ACCESS', checklistId: 'remote-support-session', checklistVersion: 1, assessorEmployeeId: 'AS-3001', reference: 'WO-2026-4471', outcome: 'competent', items: expect.arrayContaining([expect.objectContaining({ id: 'clean-disconnect', met: true })]) }),
		])
		expect(pack.json('audit-events').map((e) => e.action)).toContain('practical.assessed')
		expect(sortedIds(pack.json('awards'), 'awardId')).toEqual(idsOf(inDatabase.awards))
		expect(sortedIds(pack.json('award-status-changes'), 'changeId')).toEqual(idsOf(inDatabase.changes))
		expect(sortedIds(pack.json('quiz-attempts'), 'attemptId')).toEqual(idsOf(inDatabase.attempts))
		expect(sortedIds(pack.json('module-completions'), 'completionId')).toEqual(idsOf(inDatabase.completions))
		expect(sortedIds(pack.json('eligibility-checks'), 'checkId')).toEqual(idsOf(inDatabase.checks))
		const check = inDatabase.checks[0]!
		const [row] = pack.json('eligibility-checks')
		expect(row).toMatchObject({ apiClientName: 'dispatch evidence test', workType: 'PATCH_APPLICATION', eligible: check.eligible, response: check.response, reliedOn: check.reliedOn, auditSeq: check.auditSeq })
		// An auditor recomputes the check's digest from the row as the notes describe, finds it among its
		// seal's digests, and recomputes the hash the sealing event holds.
		const columns = { id: row!.checkId, apiClientId: row!.apiClientId, at: row!.at, batchId: row!.batchId, checkedAt: row!.checkedAt, eligible: row!.eligible, employeeId: row!.employeeId, personId: row!.personId, reliedOn: row!.reliedOn, response: row!.response, workTypeCode: row!.workType }
		const digest = createHash('sha256').update(JSON.stringify(Object.fromEntries(Object.entries(columns).sort(([a], [b]) => (a < b ? -1 : 1))))).digest('hex')
		expect(row!.digest).toBe(digest)
		const sealDigests = pack.json('eligibility-seals').find((s) => s.seq === check.auditSeq)!.digests as string[]
		expect(sealDigests).toContain(digest)
		const seal = pack.json('audit-events').find((e) => e.seq === check.auditSeq)!
		expect(JSON.parse(String(seal.details))).toEqual({ checks: sealDigests.length, sha256: createHash('sha256').update(sealDigests.join('\n')).digest('hex') })
		const passed = inDatabase.attempts.find((a) => a.passed)!
		const quizVersion = await prisma.quizVersion.findUniqueOrThrow({ where: { id: passed.quizVersionId } })
		expect(pack.json('quiz-attempts')).toContainEqual(expect.objectContaining({ attemptId: passed.id, quizVersionId: quizVersion.id, quizContentHash: quizVersion.contentHash, passed: true, scorePercent: 100 }))
	})

	test('names the content versions that earned an award', async () => {
		const pack = await packFor(viewers.admin, { employeeId: 'SR-1005' })
		const earned = pack.json('awards').find((a) => a.source === 'earned')!
		expect(earned).toMatchObject({ certificationCode: 'SEC-PATCH', employeeId: 'SR-1005' })
		const completion = await prisma.moduleCompletion.findFirstOrThrow({ where: { personId: people['SR-1005']!.id, moduleId: 'patch-application' } })
		const moduleVersion = await prisma.moduleVersion.findUniqueOrThrow({ where: { id: completion.moduleVersionId } })
		const attempt = await prisma.quizAttempt.findFirstOrThrow({ where: { personId: people['SR-1005']!.id, passed: true } })
		const quizVersion = await prisma.quizVersion.findUniqueOrThrow({ where: { id: attempt.quizVersionId } })
		expect(earned.contentVersions).toEqual([
			{ kind: 'module', id: 'patch-application', versionId: moduleVersion.id, version: moduleVersion.version, contentHash: moduleVersion.contentHash, covers: ['SP.11', 'SP.06'], coverageEdition: 'IEC 62443-2-4:2015+AMD1:2017 (edition 1.1)' },
			{ kind: 'quiz', id: 'patch-application-quiz', versionId: quizVersion.id, version: quizVersion.version, contentHash: quizVersion.contentHash },
		])
		expect(earned.evidence).toEqual([expect.objectContaining({ moduleVersionId: moduleVersion.id, quiz: expect.objectContaining({ attemptId: attempt.id }) })])
	})

	test('the same records at the same instant give the same bytes', async () => {
		const first = await buildEvidencePack({ viewer: viewers.admin, scope: { employeeId: 'SR-1004' }, at: packAt })
		const second = await buildEvidencePack({ viewer: viewers.admin, scope: { employeeId: 'SR-1004' }, at: packAt })
		expect(second!.bytes).toEqual(first!.bytes)
	})
})

describe('what an auditor can check', () => {
	test('the manifest lists every other file with its row count and SHA-256', async () => {
		const pack = await packFor(viewers.admin, { unitCode: 'SPS-EMEA-NORTH' })
		const names = Object.keys(pack.files).filter((name) => name !== 'manifest.json').sort()
		expect(names).toEqual(datasets.flatMap((name) => [`${name}.csv`, `${name}.json`]).sort())
		expect(Object.keys(pack.manifest.files).sort()).toEqual(names)
		for (const name of names) expect(pack.manifest.files[name]!.sha256, name).toBe(createHash('sha256').update(pack.files[name]!).digest('hex'))
		for (const name of datasets) {
			expect(pack.manifest.files[`${name}.json`]!.rows, name).toBe(pack.json(name).length)
			expect(pack.manifest.files[`${name}.csv`]!.rows, name).toBe(parseCsv(pack.text(`${name}.csv`)).length - 1)
		}
		expect(pack.manifest.auditChainHead).toEqual(await prisma.auditChainHead.findUniqueOrThrow({ where: { id: 1 }, select: { lastSeq: true, lastHash: true } }))
		expect(parseChainHead(pack.manifest.auditChainHeadLine)).toMatchObject({ seq: pack.manifest.auditChainHead.lastSeq, hash: pack.manifest.auditChainHead.lastHash })
		expect(pack.manifest.auditEventRule).toMatch(/personId/)
	})

	test('each dataset carries the same rows in JSON and CSV, with formulas defused', async () => {
		const pack = await packFor(viewers.admin, { unitCode: 'SPS-EMEA-NORTH' })
		for (const name of datasets) {
			const rows = pack.json(name)
			const [header, ...lines] = parseCsv(pack.text(`${name}.csv`))
			expect(rows.length, name).toBeGreaterThan(0)
			expect(header, name).toEqual(Object.keys(rows[0]!))
			expect(lines, name).toEqual(rows.map((row) => header!.map((column) => expectedCell(row[column]))))
		}
		expect(pack.json('award-status-changes').map((c) => c.reason)).toContain(FORMULA_REASON)
		expect(pack.text('award-status-changes.csv')).toContain(`,"'${FORMULA_REASON}",`)
	})

	test('the audit entries are exactly those the rule names, and each verifies as part of the chain', async () => {
		const pack = await packFor(viewers.admin, { employeeId: 'SR-1004' })
		const events = pack.json('audit-events') as Array<Row & { seq: number; at: string; details: string; prevHash: string; hash: string }>
		for (const event of events) {
			const stored = { seq: event.seq, at: new Date(event.at), actorType: String(event.actorType), actorId: event.actorId as string | null, action: String(event.action), subjectType: event.subjectType as string | null, subjectId: event.subjectId as string | null, details: event.details, prevHash: event.prevHash }
			expect(hashAuditEvent(stored), `event #${event.seq}`).toBe(event.hash)
			expect(event.seq).toBeLessThanOrEqual(pack.manifest.auditChainHead.lastSeq)
		}
		for (const [index, event] of events.entries()) if (index > 0 && events[index - 1]!.seq === event.seq - 1) expect(event.prevHash).toBe(events[index - 1]!.hash)

		const { id: personId, email } = people['SR-1004']!
		const records = new Set([
			personId,
			...(await prisma.certificationAward.findMany({ where: { personId } })).map((r) => r.id),
			...(await prisma.quizAttempt.findMany({ where: { personId } })).map((r) => r.id),
			...(await prisma.moduleCompletion.findMany({ where: { personId } })).map((r) => r.id),
			...(await prisma.eligibilityCheck.findMany({ where: { personId } })).map((r) => r.id),
			...(await prisma.notification.findMany({ where: { personId } })).map((r) => r.id),
			...(await prisma.practicalAssessment.findMany({ where: { personId } })).map((r) => r.id),
		])
		const seals = new Set((await prisma.eligibilityCheck.findMany({ where: { personId } })).map((c) => c.auditSeq))
		const concerned = (await prisma.auditEvent.findMany({ orderBy: { seq: 'asc' } })).filter(
			(e) =>
				(e.subjectId !== null && records.has(e.subjectId)) ||
				(e.subjectType === 'account' && e.subjectId === email) ||
				(JSON.parse(e.details) as { personId?: string }).personId === personId ||
				seals.has(e.seq),
		)
		expect(events.map((e) => e.seq)).toEqual(concerned.map((e) => e.seq))
		expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['person.created', 'certification.imported', 'certification.revoked', 'certification.suspended', 'quiz.attempt_started', 'quiz.attempt_submitted', 'module.completed', 'eligibility.recorded', 'auth.sign_in_failed', 'work_order.assigned']))
		expect(events.filter((e) => e.action === 'work_order.assigned')).toHaveLength(1)
	})

	test('carries no question bank, answer key or explanation', async () => {
		const pack = await packFor(viewers.admin, { unitCode: 'SPS-EMEA-NORTH' })
		const everything = Object.keys(pack.files).map(pack.text).join('\n')
		const versions = await prisma.quizVersion.findMany({ where: { id: { in: (await prisma.quizAttempt.findMany({ select: { quizVersionId: true } })).map((a) => a.quizVersionId) } }, select: { questions: true } })
		const bank = versions.flatMap((v) => JSON.parse(v.questions) as Array<{ prompt: string; explanation: string }>)
		expect(bank.length).toBeGreaterThan(10)
		for (const question of bank) {
			expect(everything).not.toContain(question.prompt)
			expect(everything).not.toContain(question.explanation)
		}
		expect(everything).not.toMatch(/"correct"|"presented"|"answers"/)
	})
})

describe('who may have which pack', () => {
	test('an org unit pack covers everyone below it, leavers included, and matches the database past 500 ids', async () => {
		const pack = await packFor(viewers.admin, { unitCode: 'SPS' })
		const inScope = { orgUnit: { path: { startsWith: '/SPS/' } } }
		expect(sortedIds(pack.json('people'), 'employeeId')).toEqual((await prisma.person.findMany({ where: inScope, select: { employeeId: true } })).map((p) => p.employeeId).sort())
		const awards = await prisma.certificationAward.findMany({ where: { person: inScope }, select: { id: true } })
		expect(awards.length).toBeGreaterThan(500)
		expect(sortedIds(pack.json('awards'), 'awardId')).toEqual(idsOf(awards))
		expect(pack.json('people')).toContainEqual(expect.objectContaining({ employeeId: 'SR-1006', leftAt: expect.any(String) }))
	})

	test('a manager of EMEA gets an EMEA team, and nothing for North America or above their units', async () => {
		const pack = await packFor(viewers.emeaManager, { unitCode: 'SPS-EMEA-NORTH' })
		expect(pack.json('people').map((p) => p.orgUnitCode)).toEqual(expect.arrayContaining(['SPS-EMEA-NORTH']))
		expect(new Set(pack.json('people').map((p) => p.orgUnitCode))).toEqual(new Set(['SPS-EMEA-NORTH']))
		for (const scope of [{ employeeId: naPerson.employeeId }, { unitCode: naPerson.orgUnitCode }, { unitCode: 'SPS' }, { unitCode: 'NO-SUCH-UNIT' }, { employeeId: 'SR-9999' }]) {
			expect(await buildEvidencePack({ viewer: viewers.emeaManager, scope, at: packAt }), JSON.stringify(scope)).toBeNull()
		}
	})
})

describe('the download route', () => {
	const download = async (viewer: SessionUser, query: string) =>
		(await settle(async () => evidencePackLoader({ request: await signedInRequest(viewer.id, `http://localhost/manage/evidence-pack${query}`), params: {}, context: {} }))) as Response

	test('sends the zip as an attachment named after the scope and the day', async () => {
		const response = await download(viewers.emeaManager, '?unit=SPS-EMEA-NORTH')
		expect(response.status).toBe(200)
		expect(response.headers.get('Content-Type')).toBe('application/zip')
		expect(response.headers.get('Content-Disposition')).toMatch(/^attachment; filename="evidence-SPS-EMEA-NORTH-\d{4}-\d{2}-\d{2}\.zip"$/)
		const { manifest } = unpack(new Uint8Array(await response.arrayBuffer()))
		expect(manifest).toMatchObject({ generatedBy: viewers.emeaManager.employeeId, scope: { unitCode: 'SPS-EMEA-NORTH' } })
	})

	test('answers 404 outside the manager’s units, 400 for neither or both parameters, 403 for a rep', async () => {
		expect((await download(viewers.emeaManager, `?employeeId=${naPerson.employeeId}`)).status).toBe(404)
		expect((await download(viewers.emeaManager, `?unit=${naPerson.orgUnitCode}`)).status).toBe(404)
		expect((await download(viewers.emeaManager, '')).status).toBe(400)
		expect((await download(viewers.emeaManager, '?employeeId=&unit=')).status).toBe(400)
		expect((await download(viewers.emeaManager, '?employeeId=SR-1004&unit=SPS-EMEA-NORTH')).status).toBe(400)
		expect((await download(viewers.emeaManager, '?employeeId=SR-1004')).status).toBe(200)
		expect((await download(viewers.rep, '?employeeId=SR-1004')).status).toBe(403)
	})
})
