import path from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { type SessionUser } from '#app/auth/permissions.server.ts'
import { changeAwardStatus, issueManualAward } from '#app/certification/awards.server.ts'
import { syncCatalogFromDirectory } from '#app/catalog/sync-catalog.server.ts'
import { seedDemoData } from '#app/demo/demo-data.server.ts'
import { type ReadinessFilters } from '#app/readiness/readiness-data.server.ts'
import { readinessPeople, readinessReport, type PeopleSort } from '#app/readiness/readiness-report.server.ts'
import { refreshCertificationPeriods } from '#app/readiness/certification-periods.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { testEvidenceFile } from '#tests/factories.ts'
import { testsRoot } from '#tests/setup/paths.ts'
import { referencePeople, referenceSummary } from './readiness-reference.ts'

const seededAt = new Date('2026-11-26T09:00:00Z')
const DAY = 86_400_000
const days = (n: number) => new Date(seededAt.getTime() + n * DAY)
const viewers: Record<string, SessionUser> = {}

/** Histories the demo lacks: a lapse then renewal, suspend and reinstate, work types of one's own. */
async function addEdgeCases() {
	const admin = await prisma.person.findUniqueOrThrow({ where: { employeeId: 'AD-0001' }, select: { id: true } })
	const actor = { type: 'person' as const, id: admin.id }
	const lapsed = await prisma.person.findUniqueOrThrow({ where: { employeeId: 'SR-1010' }, select: { id: true } })
	for (const [issued, expires] of [[-500, -200], [-100, 265]] as const) {
		await prisma.certificationAward.create({ data: { personId: lapsed.id, certificationCode: 'SEC-FOUNDATION', issuedAt: days(issued), expiresAt: days(expires), source: 'imported', evidence: '{}', verificationCode: `EDGE${issued}` } })
	}
	await refreshCertificationPeriods(prisma, { personId: lapsed.id, certificationCode: 'SEC-FOUNDATION' })
	const award = await issueManualAward({ input: { employeeId: 'SR-1011', certificationCode: 'SEC-PATCH', evidenceNote: 'Classroom course, certificate on file', completedOn: days(-40), evidenceFile: testEvidenceFile() }, actor, at: days(-30) })
	const holder = await prisma.person.findUniqueOrThrow({ where: { employeeId: 'SR-1011' }, select: { id: true } })
	await changeAwardStatus({ awardId: award.id, personId: holder.id, input: { kind: 'suspended', reason: 'Audit finding pending' }, actor, at: days(-20) }, prisma)
	await changeAwardStatus({ awardId: award.id, personId: holder.id, input: { kind: 'reinstated', reason: 'Audit finding closed' }, actor, at: days(-10) }, prisma)
	const individual = await prisma.person.findUniqueOrThrow({ where: { employeeId: 'SR-1012' }, select: { id: true } })
	await prisma.workTypeAssignment.create({ data: { workTypeCode: 'REMOTE_SUPPORT', personId: individual.id } })
}

beforeAll(async () => {
	await syncCatalogFromDirectory(path.join(testsRoot, '..', 'content'), { at: seededAt })
	await seedDemoData({ now: seededAt })
	await addEdgeCases()
	const session = async (email: string, roles: SessionUser['roles']) => {
		const person = await prisma.person.findUniqueOrThrow({ where: { email }, select: { id: true, name: true, employeeId: true, orgUnitId: true, managedUnits: { select: { orgUnit: { select: { path: true } } } } } })
		return { id: person.id, name: person.name, email, employeeId: person.employeeId, orgUnitId: person.orgUnitId, roles, managedPaths: person.managedUnits.map((m) => m.orgUnit.path) }
	}
	viewers.admin = await session('admin@example.com', ['admin'])
	viewers.emea = await session('manager.emea@example.com', ['manager'])
	viewers.team = await session('manager.sps-emea-north@example.com', ['manager'])
}, 180_000)

const scenarios: Array<[string, ReadinessFilters, Date]> = [
	['admin', {}, seededAt],
	['admin', { asOf: '2026-06-30' }, seededAt],
	['admin', { asOf: '2027-03-31' }, seededAt],
	['admin', { asOf: '2025-12-31' }, seededAt],
	['admin', { unit: 'SPS-EMEA' }, days(45)],
	['admin', { unit: 'SPS-EMEA-NORTH', asOf: '2026-12-15' }, seededAt],
	['admin', { unit: 'PS' }, seededAt],
	['admin', { certification: 'SEC-PATCH' }, seededAt],
	['admin', { workType: 'PATCH_APPLICATION', asOf: '2027-01-31' }, seededAt],
	['admin', { workType: 'REMOTE_SUPPORT' }, seededAt],
	['emea', {}, seededAt],
	['emea', { unit: 'SPS-NA' }, seededAt],
	['team', { asOf: '2027-02-28' }, seededAt],
]

describe('the database aggregation agrees with the status function applied rep by rep', () => {
	test.each(scenarios)('summary for %s with %j', async (viewer, filters, now) => {
		const { summary } = await readinessReport({ viewer: viewers[viewer]!, filters, now })
		expect(summary).toEqual(await referenceSummary({ viewer: viewers[viewer]!, filters, now }))
	}, 60_000)

	const tables: Array<[string, ReadinessFilters, string, PeopleSort]> = [
		['admin', {}, '', 'state'],
		['admin', { asOf: '2027-03-31' }, '', 'nextExpiry'],
		['admin', {}, '', 'name'],
		['admin', {}, '', 'team'],
		['admin', { certification: 'SEC-FOUNDATION' }, 'emea', 'state'],
		['emea', { asOf: '2026-12-31' }, 'sr-10', 'nextExpiry'],
		['admin', { workType: 'BACKUP_RESTORE' }, 'ki', 'team'],
		['admin', {}, '50%_', 'name'],
	]
	test.each(tables)('people table for %s with %j, search %j, sorted by %s', async (viewer, filters, q, sort) => {
		const { rows } = await readinessPeople({ viewer: viewers[viewer]!, filters, table: { q, sort }, now: seededAt })
		expect(rows).toEqual(await referencePeople({ viewer: viewers[viewer]!, filters, table: { q, sort }, now: seededAt }))
	}, 60_000)

	test('each page of the loader is the matching slice of the whole table', async () => {
		const whole = await referencePeople({ viewer: viewers.admin!, filters: {}, table: { q: '', sort: 'nextExpiry' }, now: seededAt })
		for (const page of [1, 2, 12]) {
			const { people } = await readinessReport({ viewer: viewers.admin!, filters: {}, table: { q: '', sort: 'nextExpiry', page }, pageSize: 25, now: seededAt })
			expect(people.rows).toEqual(whole.slice((page - 1) * 25, page * 25))
			expect(people.total).toBe(whole.length)
		}
	})
})
