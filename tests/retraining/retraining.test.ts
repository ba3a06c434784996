import { appendFileSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { loadCatalog } from '#app/catalog/load-catalog.server.ts'
import { syncCatalogFromDirectory } from '#app/catalog/sync-catalog.server.ts'
import { issueManualAward } from '#app/certification/awards.server.ts'
import { checkEligibility } from '#app/eligibility/eligibility.server.ts'
import { type SessionUser } from '#app/auth/permissions.server.ts'
import { openRetrainingFor, retrainingOverview } from '#app/retraining/retraining.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { copyOfFixtureCatalog, syncCatalog } from '#tests/catalog-utils.ts'
import { createTestOrg, createTestPerson, testEvidenceFile } from '#tests/factories.ts'
import { doTraining } from '#tests/practical/practical-fixtures.ts'

const DAY = 86_400_000
const at = (iso: string) => new Date(`${iso}T00:00:00Z`)

/** The fixture catalog with CERT-A giving 30 days' grace, alpha at `version` with the given revision fields. */
function catalogWithAlpha(version: number, revision = '') {
	const copy = copyOfFixtureCatalog()
	copy.edit('certifications/cert-a.yaml', (source) => `${source.trimEnd()}\nretrainingGraceDays: 30\n`)
	copy.edit('modules/alpha.md', (source) => source.replace(/^version: 1$/m, `version: ${version}${revision}`).replace(/^## (.*)$/m, `## $1 (revision ${version})`))
	return copy.dir
}

const check = async (employeeId: string, instant: Date) => {
	const [answer] = await checkEligibility({ employeeIds: [employeeId], workTypeCode: 'SITE_VISIT', at: instant, caller: { id: 'test-client' }, checkedAt: instant, batch: false })
	return answer!.entry as { eligible: boolean; validUntil: string | null; requirements: Array<{ status: string }>; reasonDetails: Array<{ code: string; certification?: string; since?: string; message: string }> }
}

type Person = Awaited<ReturnType<typeof createTestPerson>>
let holder: Person
let retrained: Person
let leaver: Person
let renewedByHand: Person
const MATERIAL_AT = at('2026-06-01')

beforeAll(async () => {
	await createTestOrg()
	await syncCatalog(catalogWithAlpha(1), at('2026-01-01'))
	holder = await createTestPerson()
	retrained = await createTestPerson()
	leaver = await createTestPerson()
	renewedByHand = await createTestPerson()
	for (const person of [holder, retrained, leaver, renewedByHand]) await doTraining(person.id, at('2026-02-01'))
	await prisma.person.update({ where: { id: leaver.id }, data: { leftAt: at('2026-05-01') } })
})

describe('module revisions', () => {
	test('an editorial revision keeps every certificate as it is', async () => {
		await syncCatalog(catalogWithAlpha(2, '\nchange: editorial'), at('2026-05-01'))
		expect(await prisma.retrainingDue.count()).toBe(0)
		expect(await prisma.moduleVersion.findFirstOrThrow({ where: { moduleId: 'alpha', version: 2 }, select: { changeKind: true } })).toEqual({ changeKind: 'editorial' })
		expect(await check(holder.employeeId, at('2026-05-02'))).toMatchObject({ eligible: true, validUntil: '2027-02-01T00:01:00.000Z' })
	})

	test('a material revision puts current holders on notice: eligible through the grace period, then not, with RETRAINING_DUE', async () => {
		await syncCatalog(catalogWithAlpha(3, '\nchange: material\nchangeNote: The plan is now agreed in writing with the site contact.'), MATERIAL_AT)
		const rows = await prisma.retrainingDue.findMany({ where: { closedAt: null }, select: { personId: true, certificationCode: true, moduleId: true, dueSince: true, deadline: true } })
		// The leaver too: coming back while the award is in date, they still owe it.
		expect(rows.map((r) => r.personId).sort()).toEqual([holder.id, retrained.id, renewedByHand.id, leaver.id].sort())
		expect(rows[0]).toMatchObject({ certificationCode: 'CERT-A', moduleId: 'alpha', dueSince: MATERIAL_AT, deadline: new Date(MATERIAL_AT.getTime() + 30 * DAY) })
		expect(await prisma.notification.findFirstOrThrow({ where: { personId: holder.id, kind: 'retraining_due' } })).toMatchObject({
			title: 'Retraining due: Alpha site visit basics',
			body: 'The procedure in "Alpha site visit basics" changed on 2026-06-01: The plan is now agreed in writing with the site contact. Complete the new version and pass its quiz by 2026-07-01 to keep CERT-A (Certificate A) in force.',
		})
		expect(await prisma.auditEvent.count({ where: { action: 'retraining.required' } })).toBe(4)

		expect(await check(holder.employeeId, at('2026-06-10'))).toMatchObject({ eligible: true, validUntil: '2026-07-01T00:00:00.000Z', reasonDetails: [] })
		const overdue = await check(holder.employeeId, at('2026-07-02'))
		expect(overdue).toMatchObject({
			eligible: false,
			validUntil: null,
			requirements: [{ status: 'valid' }],
			reasonDetails: [{ code: 'RETRAINING_DUE', certification: 'CERT-A', since: '2026-07-01T00:00:00.000Z', message: 'CERT-A needs retraining on alpha: it changed materially on 2026-06-01 and the retraining was due by 2026-07-01' }],
		})
		const admin: SessionUser = { id: 'x', name: 'A', email: 'a@example.com', employeeId: 'AD-0009', orgUnitId: 'x', roles: ['admin'], managedPaths: [] }
		expect(await retrainingOverview({ viewer: admin, unitPath: null, at: at('2026-06-10') })).toMatchObject({ overdue: 0, due: 3 })
		const overview = await retrainingOverview({ viewer: admin, unitPath: '/BL/BL-EMEA/', at: at('2026-07-02') })
		expect(overview).toMatchObject({ overdue: 3, due: 0 })
		expect(overview.rows.map((r) => r.employeeId).sort()).toEqual([holder, retrained, renewedByHand].map((p) => p.employeeId).sort())
		// People read names, not codes.
		expect(overview.rows[0]).toMatchObject({ certificationName: 'Certificate A', moduleTitle: 'Alpha site visit basics' })
		expect(await retrainingOverview({ viewer: admin, unitPath: '/BL/BL-NA/', at: at('2026-07-02') })).toMatchObject({ overdue: 0, due: 0, rows: [] })
		expect(await openRetrainingFor({ personId: holder.id, at: at('2026-07-02') })).toEqual([expect.objectContaining({ certificationName: 'Certificate A', moduleTitle: 'Alpha site visit basics', version: 3, changeNote: 'The plan is now agreed in writing with the site contact.', overdue: true })])
	})

	test('taking the new version and passing its quiz settles it; the old version does not', async () => {
		await doTraining(retrained.id, at('2026-06-20'))
		expect(await prisma.retrainingDue.findFirstOrThrow({ where: { personId: retrained.id } })).toMatchObject({ closedAt: new Date(at('2026-06-20').getTime() + 60_000), closedReason: 'retrained' })
		expect(await check(retrained.employeeId, at('2026-07-02'))).toMatchObject({ eligible: true, reasonDetails: [] })
		expect(await prisma.auditEvent.count({ where: { action: 'retraining.completed' } })).toBe(1)
	})

	test('someone trained on the new version owes nothing', async () => {
		const newcomer = await createTestPerson()
		await doTraining(newcomer.id, at('2026-06-05'))
		expect(await prisma.certificationAward.count({ where: { personId: newcomer.id } })).toBe(1)
		expect(await prisma.retrainingDue.count({ where: { personId: newcomer.id } })).toBe(0)
	})


	test('renewal training on the new version settles it; an award that replaces the one owed on closes it', async () => {
		// CERT-A expires 2027-02-01; its 30-day window opens on 2027-01-02.
		await doTraining(holder.id, at('2027-01-10'))
		expect(await prisma.certificationAward.count({ where: { personId: holder.id } })).toBe(2)
		expect(await prisma.retrainingDue.findFirstOrThrow({ where: { personId: holder.id } })).toMatchObject({ closedReason: 'retrained' })
		expect(await check(holder.employeeId, at('2027-03-01'))).toMatchObject({ eligible: true })
		// Asked now about a day when it was overdue, the answer is what it was then.
		expect(await check(holder.employeeId, at('2026-07-05'))).toMatchObject({ eligible: false, reasonDetails: [{ code: 'RETRAINING_DUE', certification: 'CERT-A' }] })

		const admin = await createTestPerson({ roles: ['admin'], orgUnitCode: 'BL' })
		const input = { employeeId: renewedByHand.employeeId, certificationCode: 'CERT-A', evidenceNote: 'Classroom course on the revised procedure', completedOn: at('2026-07-08'), evidenceFile: testEvidenceFile() }
		await issueManualAward({ input, actor: { type: 'person', id: admin.id }, at: at('2026-07-10') })
		expect(await prisma.retrainingDue.findMany({ where: { personId: renewedByHand.id }, select: { closedAt: true, closedReason: true } })).toEqual([{ closedAt: at('2026-07-10'), closedReason: 'renewed' }])
		expect(await check(renewedByHand.employeeId, at('2026-07-11'))).toMatchObject({ eligible: true })
	})
})

describe('a revision must say what it is', () => {
	test('content:check refuses a later version without change:, a material change without a note, and change: on version 1', () => {
		const problems = (dir: string) => {
			const result = loadCatalog(dir)
			return result.ok ? [] : result.problems.map((p) => `${p.file}:${p.line}: ${p.message}`)
		}
		expect(problems(catalogWithAlpha(2))).toEqual([expect.stringMatching(/^modules\/alpha\.md:\d+: version: version 2 must say change: material \(people retrain; add changeNote\) or change: editorial$/)])
		expect(problems(catalogWithAlpha(2, '\nchange: material'))).toEqual([expect.stringContaining('change: a material change needs changeNote')])
		expect(problems(catalogWithAlpha(1, '\nchange: editorial'))).toEqual([expect.stringContaining('version 1 is the first version')])
		expect(problems(catalogWithAlpha(2, '\nchange: material\nchangeNote: short'))).toEqual([expect.stringContaining('changeNote: say in a sentence what changed')])
	})

	test('changed content that keeps a stored version number is refused at sync, and nothing is written', async () => {
		const before = await prisma.moduleVersion.count()
		const dir = catalogWithAlpha(3, '\nchange: editorial')
		appendFileSync(path.join(dir, 'modules', 'alpha.md'), '\nOne more sentence.\n')
		const outcome = await syncCatalogFromDirectory(dir, { at: at('2026-08-01') })
		expect(outcome).toEqual({ ok: false, problems: [{ file: 'modules/alpha.md', message: 'the content changed but version 3 is already stored (latest: 3): raise version to 4 and say change: material or change: editorial' }] })
		expect(await prisma.moduleVersion.count()).toBe(before)
		expect(await prisma.catalogSync.findFirstOrThrow({ orderBy: { at: 'desc' }, select: { ok: true } })).toEqual({ ok: false })
	})
})
