import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { beforeAll, describe, expect, test } from 'vitest'
import { certificationStatusAt } from '#app/certification/status.ts'
import { awardHistories } from '#app/certification/award-histories.server.ts'
import { describeEmployment, employedAt, employedOnDay, employmentAt, type EmploymentSpan } from '#app/people/employment.ts'
import { deactivatePerson, reactivatePerson } from '#app/people/people.server.ts'
import { action as personAction } from '#app/routes/manage+/people.$employeeId.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { migrateSqliteDatabase } from '#app/utils/migrate.server.ts'
import { createTestOrg, createTestPerson, settle, signedInRequest, TEST_EMPLOYED_SINCE } from '#tests/factories.ts'
import { loadPersonPage, viewOf } from '#tests/people/person-page-utils.ts'
import { testsRoot, tmpDir } from '#tests/setup/paths.ts'

beforeAll(createTestOrg)

const base = 'http://localhost'
const system = { type: 'system', id: 'test' } as const
const iso = (value: string) => new Date(value)

describe('employedAt: was the person employed at an instant', () => {
	const periods: EmploymentSpan[] = [
		{ startedAt: iso('2024-01-01T00:00:00Z'), endedAt: iso('2024-07-01T00:00:00Z') },
		{ startedAt: iso('2025-01-01T00:00:00Z'), endedAt: null },
	]

	test('before, inside, at the edges of, between and after periods', () => {
		expect(employedAt(periods, iso('2023-12-31T23:59:59.999Z'))).toBe(false)
		expect(employedAt(periods, iso('2024-01-01T00:00:00Z'))).toBe(true) // the start counts
		expect(employedAt(periods, iso('2024-03-15T12:00:00Z'))).toBe(true)
		expect(employedAt(periods, iso('2024-06-30T23:59:59.999Z'))).toBe(true)
		expect(employedAt(periods, iso('2024-07-01T00:00:00Z'))).toBe(false) // the end does not
		expect(employedAt(periods, iso('2024-10-01T00:00:00Z'))).toBe(false)
		expect(employedAt(periods, iso('2025-01-01T00:00:00Z'))).toBe(true)
		expect(employedAt(periods, iso('2040-01-01T00:00:00Z'))).toBe(true) // open: employed ever after
		expect(employmentAt(periods, iso('2024-03-15T00:00:00Z'))).toBe(periods[0])
		expect(employedAt([], iso('2024-03-15T00:00:00Z'))).toBe(false)
	})

	test('after a closed last period, and whatever order the periods come in', () => {
		const closed = [periods[0]!, { startedAt: iso('2025-01-01T00:00:00Z'), endedAt: iso('2025-06-01T00:00:00Z') }].reverse()
		expect(employedAt(closed, iso('2025-05-31T00:00:00Z'))).toBe(true)
		expect(employedAt(closed, iso('2025-06-01T00:00:00Z'))).toBe(false)
		expect(describeEmployment(closed)).toBe('2024-01-01 to 2024-07-01, 2025-01-01 to 2025-06-01')
	})

	test('a calendar day counts when any moment of it was employed', () => {
		const started = [{ startedAt: iso('2025-03-10T14:00:00Z'), endedAt: iso('2025-04-01T00:00:00Z') }]
		expect(employedOnDay(started, iso('2025-03-09T00:00:00Z'))).toBe(false)
		expect(employedOnDay(started, iso('2025-03-10T00:00:00Z'))).toBe(true) // joined that afternoon
		expect(employedOnDay(started, iso('2025-03-31T00:00:00Z'))).toBe(true)
		expect(employedOnDay(started, iso('2025-04-01T00:00:00Z'))).toBe(false) // left at its first instant
	})
})

describe('the migration gives everyone so far one period', () => {
	test('from the record’s creation until they left; a leaver recorded after leaving gets the instant they left', () => {
		const dir = mkdtempSync(path.join(tmpDir, 'employment-'))
		const migrationsDir = path.join(testsRoot, '..', 'prisma', 'migrations')
		const before = path.join(dir, 'migrations')
		cpSync(migrationsDir, before, { recursive: true })
		const migration = '20261203110000_employment_periods_and_evidence'
		rmSync(path.join(before, migration), { recursive: true })
		const filePath = path.join(dir, 'db.sqlite')
		migrateSqliteDatabase({ filePath, migrationsDir: before })
		const sqlDate = (value: string) => value.replace('Z', '+00:00')
		const db = new Database(filePath)
		db.prepare(`INSERT INTO "OrgUnit" (id, name, kind, code, path, createdAt) VALUES ('u', 'Unit', 'team', 'U', '/U/', ?)`).run(sqlDate('2026-01-01T00:00:00.000Z'))
		const insert = db.prepare(`INSERT INTO "Person" (id, employeeId, name, email, orgUnitId, leftAt, createdAt, updatedAt) VALUES (?, ?, ?, ?, 'u', ?, ?, ?)`)
		insert.run('employed', 'TS-1', 'Employed', 'e@example.com', null, sqlDate('2026-02-01T09:00:00.000Z'), sqlDate('2026-02-01T09:00:00.000Z'))
		insert.run('left', 'TS-2', 'Left', 'l@example.com', sqlDate('2026-05-01T00:00:00.000Z'), sqlDate('2026-02-01T09:00:00.000Z'), sqlDate('2026-02-01T09:00:00.000Z'))
		insert.run('imported', 'TS-3', 'Imported leaver', 'i@example.com', sqlDate('2026-01-15T00:00:00.000Z'), sqlDate('2026-02-01T09:00:00.000Z'), sqlDate('2026-02-01T09:00:00.000Z'))
		db.close()

		expect(migrateSqliteDatabase({ filePath, migrationsDir })).toEqual([migration])
		const read = new Database(filePath, { readonly: true })
		const rows = read.prepare(`SELECT "personId", "startedAt", "endedAt", "startedById", "endReason" IS NOT NULL AS "hasEndReason" FROM "EmploymentPeriod" ORDER BY "personId"`).all()
		read.close()
		expect(rows).toEqual([
			{ personId: 'employed', startedAt: sqlDate('2026-02-01T09:00:00.000Z'), endedAt: null, startedById: null, hasEndReason: 0 },
			{ personId: 'imported', startedAt: sqlDate('2026-01-15T00:00:00.000Z'), endedAt: sqlDate('2026-01-15T00:00:00.000Z'), startedById: null, hasEndReason: 1 },
			{ personId: 'left', startedAt: sqlDate('2026-02-01T09:00:00.000Z'), endedAt: sqlDate('2026-05-01T00:00:00.000Z'), startedById: null, hasEndReason: 1 },
		])
	})
})

const periodsOf = (personId: string) =>
	prisma.employmentPeriod.findMany({ where: { personId }, orderBy: { startedAt: 'asc' }, select: { startedAt: true, endedAt: true, startedById: true, startReason: true, endedById: true, endReason: true } })
const leftAtOf = async (personId: string) => (await prisma.person.findUniqueOrThrow({ where: { id: personId }, select: { leftAt: true } })).leftAt
const auditOf = (personId: string) => prisma.auditEvent.findMany({ where: { subjectType: 'person', subjectId: personId }, orderBy: { seq: 'asc' }, select: { action: true, actorId: true, details: true } })

describe('leaving and coming back', () => {
	test('deactivation closes the open period and reactivation opens another; Person.leftAt follows the latest; each is audited', async () => {
		const rep = await createTestPerson()
		const admin = await createTestPerson({ roles: ['admin'], orgUnitCode: 'BL' })
		const actor = { type: 'person' as const, id: admin.id }
		await prisma.session.create({ data: { personId: rep.id, expiresAt: iso('2030-01-01T00:00:00Z') } })
		await deactivatePerson({ personId: rep.id, leftAt: iso('2025-03-01T00:00:00Z'), reason: 'Moved to a customer', actor, at: iso('2025-03-01T08:00:00Z') })
		expect(await leftAtOf(rep.id)).toEqual(iso('2025-03-01T00:00:00Z'))
		expect(await prisma.session.count({ where: { personId: rep.id } })).toBe(0)

		await reactivatePerson({ personId: rep.id, startedAt: iso('2025-09-01T00:00:00Z'), reason: 'Rehired after the customer project', actor, at: iso('2025-09-01T08:00:00Z') })
		expect(await leftAtOf(rep.id)).toBeNull()
		expect(await periodsOf(rep.id)).toEqual([
			{ startedAt: TEST_EMPLOYED_SINCE, endedAt: iso('2025-03-01T00:00:00Z'), startedById: null, startReason: 'Record created', endedById: admin.id, endReason: 'Moved to a customer' },
			{ startedAt: iso('2025-09-01T00:00:00Z'), endedAt: null, startedById: admin.id, startReason: 'Rehired after the customer project', endedById: null, endReason: null },
		])
		const events = await auditOf(rep.id)
		expect(events.map((e) => e.action)).toEqual(['person.created', 'person.deactivated', 'person.reactivated'])
		expect(events[2]).toMatchObject({ actorId: admin.id })
		expect(JSON.parse(events[2]!.details)).toMatchObject({ employeeId: rep.employeeId, startedAt: '2025-09-01T00:00:00.000Z', reason: 'Rehired after the customer project' })

		// A second departure closes the second period only.
		await deactivatePerson({ personId: rep.id, leftAt: iso('2026-02-01T00:00:00Z'), reason: 'Retired', actor, at: iso('2026-02-01T08:00:00Z') })
		expect((await periodsOf(rep.id)).map((p) => p.endedAt)).toEqual([iso('2025-03-01T00:00:00Z'), iso('2026-02-01T00:00:00Z')])
		expect(await leftAtOf(rep.id)).toEqual(iso('2026-02-01T00:00:00Z'))
	})

	test('refusals change nothing: already left, still employed, a start before the last end or in the future, no reason, one’s own record', async () => {
		const rep = await createTestPerson()
		const admin = await createTestPerson({ roles: ['admin'], orgUnitCode: 'BL' })
		const actor = { type: 'person' as const, id: admin.id }
		const at = iso('2025-06-01T08:00:00Z')
		await expect(reactivatePerson({ personId: rep.id, startedAt: at, reason: 'Rehired', actor, at })).rejects.toThrow(/only someone who has left can be reactivated/)
		await expect(deactivatePerson({ personId: admin.id, leftAt: at, reason: 'Leaving', actor, at })).rejects.toThrow(/cannot deactivate yourself/)
		await expect(deactivatePerson({ personId: rep.id, leftAt: iso('2019-12-31T00:00:00Z'), reason: 'Left', actor, at })).rejects.toMatchObject({ field: 'leftAt', message: expect.stringMatching(/after the current employment began \(2020-01-01\)/) })
		await deactivatePerson({ personId: rep.id, leftAt: iso('2025-05-01T00:00:00Z'), reason: 'Left', actor, at })
		const before = { periods: await periodsOf(rep.id), audit: await prisma.auditEvent.count() }
		await expect(deactivatePerson({ personId: rep.id, leftAt: at, reason: 'Left again', actor, at })).rejects.toThrow(/already left/)
		await expect(reactivatePerson({ personId: rep.id, startedAt: iso('2025-04-30T00:00:00Z'), reason: 'Rehired', actor, at })).rejects.toMatchObject({ field: 'startedAt', message: expect.stringMatching(/before the last one ended \(2025-05-01\)/) })
		await expect(reactivatePerson({ personId: rep.id, startedAt: iso('2025-06-02T00:00:00Z'), reason: 'Rehired', actor, at })).rejects.toMatchObject({ field: 'startedAt', message: expect.stringMatching(/cannot start in the future/) })
		await expect(reactivatePerson({ personId: rep.id, startedAt: at, reason: ' ', actor, at })).rejects.toThrow(/Give a reason/)
		await expect(reactivatePerson({ personId: rep.id, startedAt: at, reason: 'Rehiring myself', actor: { type: 'person', id: rep.id }, at })).rejects.toThrow(/cannot reactivate yourself/)
		expect({ periods: await periodsOf(rep.id), audit: await prisma.auditEvent.count() }).toEqual(before)
		expect(await leftAtOf(rep.id)).toEqual(iso('2025-05-01T00:00:00Z'))
	})

	test('reactivation revives no certification: each award keeps its expiry, and one that expired meanwhile stays expired', async () => {
		await prisma.certification.create({ data: { code: 'EMP-CERT', name: 'Employment test', description: 'd', validityMonths: 12, recertificationWindowDays: 30, requiredForAllReps: false } })
		await prisma.certification.create({ data: { code: 'EMP-LONG', name: 'Employment test, long', description: 'd', validityMonths: 36, recertificationWindowDays: 30, requiredForAllReps: false } })
		const rep = await createTestPerson()
		const award = (code: string, issuedAt: string, expiresAt: string) =>
			prisma.certificationAward.create({ data: { personId: rep.id, certificationCode: code, issuedAt: iso(issuedAt), expiresAt: iso(expiresAt), source: 'imported', evidence: '{}', verificationCode: `EMP${code}${rep.employeeId}` } })
		await award('EMP-CERT', '2024-06-01T00:00:00Z', '2025-06-01T00:00:00Z')
		const long = await award('EMP-LONG', '2024-06-01T00:00:00Z', '2027-06-01T00:00:00Z')
		await deactivatePerson({ personId: rep.id, leftAt: iso('2025-03-01T00:00:00Z'), reason: 'Left', actor: system, at: iso('2025-03-01T00:00:00Z') })
		await reactivatePerson({ personId: rep.id, startedAt: iso('2025-09-01T00:00:00Z'), reason: 'Rehired', actor: system, at: iso('2025-09-01T00:00:00Z') })
		const statusOn = async (code: string, at: string) => certificationStatusAt({ awards: await awardHistories(rep.id, code), windowDays: 30 }, iso(at))
		expect(await statusOn('EMP-CERT', '2025-09-02T00:00:00Z')).toMatchObject({ status: 'expired', expiresAt: iso('2025-06-01T00:00:00Z') })
		expect(await statusOn('EMP-LONG', '2025-09-02T00:00:00Z')).toMatchObject({ status: 'valid', expiresAt: iso('2027-06-01T00:00:00Z') })
		expect(await prisma.certificationAward.count({ where: { personId: rep.id } })).toBe(2)
		expect(await prisma.certificationAward.findUniqueOrThrow({ where: { id: long.id }, select: { expiresAt: true } })).toEqual({ expiresAt: iso('2027-06-01T00:00:00Z') })
	})
})

describe('through the person page', () => {
	const post = async (viewerId: string, employeeId: string, fields: Record<string, string>) =>
		settle(async () => personAction({ request: await signedInRequest(viewerId, `${base}/manage/people/${employeeId}`, { method: 'POST', body: new URLSearchParams(fields) }), params: { employeeId }, context: {} }))
	const today = () => new Date().toISOString().slice(0, 10)

	test('an admin reactivates a leaver after confirming, with a reason; the page shows the employment history', async () => {
		const admin = await createTestPerson({ roles: ['admin'], orgUnitCode: 'BL' })
		const leaver = await createTestPerson({ leftAt: iso('2025-01-01T00:00:00Z') })
		const unconfirmed = (await post(admin.id, leaver.employeeId, { intent: 'reactivate', startedAt: today(), reason: 'Rehired' })) as { data: { admin: { result: { error: Record<string, string[]> } } }; init: { status: number } }
		expect(unconfirmed.init.status).toBe(400)
		expect(unconfirmed.data.admin.result.error).toEqual({ confirmed: ['Tick the box to confirm the reactivation.'] })
		const noReason = (await post(admin.id, leaver.employeeId, { intent: 'reactivate', startedAt: today(), reason: '', confirmed: 'on' })) as typeof unconfirmed
		expect(noReason.data.admin.result.error).toEqual({ reason: ['Give a reason.'] })
		expect(await periodsOf(leaver.id)).toHaveLength(1)

		const done = (await post(admin.id, leaver.employeeId, { intent: 'reactivate', startedAt: today(), reason: 'Rehired', confirmed: 'on' })) as { data: { admin: { done: string } } }
		expect(done.data.admin.done).toMatch(/employed again from/)
		expect(await leftAtOf(leaver.id)).toBeNull()

		const page = viewOf(await loadPersonPage(admin.id, leaver.employeeId, '?view=administration'), 'administration')
		expect(page.employment.map((p) => [p.startedAt, p.endedAt, p.startReason, p.startedBy])).toEqual([
			[TEST_EMPLOYED_SINCE, iso('2025-01-01T00:00:00Z'), 'Record created', 'FieldReady'],
			[iso(`${today()}T00:00:00Z`), null, 'Rehired', admin.name],
		])
		expect(page).toMatchObject({ isSelf: false, state: 'employed', limits: { awardMin: '2020-01-01', today: today() } })
	})

	test('a manager can see the history but not reactivate; an admin’s own page offers no administration of themself', async () => {
		const manager = await createTestPerson({ roles: ['manager'], orgUnitCode: 'BL-EMEA', managedUnitCodes: ['BL-EMEA'] })
		const admin = await createTestPerson({ roles: ['admin'], orgUnitCode: 'BL-EMEA-T1' })
		const leaver = await createTestPerson({ leftAt: iso('2025-01-01T00:00:00Z') })
		expect(((await post(manager.id, leaver.employeeId, { intent: 'reactivate', startedAt: today(), reason: 'Rehired', confirmed: 'on' })) as Response).status).toBe(403)
		expect(await leftAtOf(leaver.id)).not.toBeNull()
		const page = await loadPersonPage(manager.id, leaver.employeeId, '?view=history')
		expect(viewOf(page, 'history').employment).toHaveLength(1)
		expect(page.person.leftAt).toBe('2025-01-01T00:00:00.000Z')
		expect(page.isAdmin).toBe(false)
		const own = viewOf(await loadPersonPage(admin.id, admin.employeeId, '?view=administration'), 'administration')
		expect(own.isSelf).toBe(true)
		const refused = (await post(admin.id, admin.employeeId, { intent: 'deactivate', leftAt: today(), reason: 'Leaving' })) as { data: { admin: { result: { error: Record<string, string[]> } } } }
		expect(refused.data.admin.result.error).toEqual({ '': ['You cannot deactivate yourself: another administrator must do it.'] })
	})
})
