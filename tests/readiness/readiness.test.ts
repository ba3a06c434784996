import path from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { type SessionUser } from '#app/auth/permissions.server.ts'
import { awardHistories } from '#app/certification/award-histories.server.ts'
import { requiredCertificationCodes } from '#app/certification/requirements.server.ts'
import { certificationStatusAt, isEligibleStatus, type CertificationStatus } from '#app/certification/status.ts'
import { syncCatalogFromDirectory } from '#app/catalog/sync-catalog.server.ts'
import { seedDemoData } from '#app/demo/demo-data.server.ts'
import { readinessReport } from '#app/readiness/readiness-report.server.ts'
import { loader as csvLoader } from '#app/routes/manage+/readiness[.]csv.tsx'
import { action as readinessAction, loader as readinessLoader } from '#app/routes/manage+/readiness.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { settle, signedInRequest } from '#tests/factories.ts'
import { testsRoot } from '#tests/setup/paths.ts'

const seededAt = new Date('2026-11-26T09:00:00Z')
const ids: Record<string, string> = {}

beforeAll(async () => {
	await syncCatalogFromDirectory(path.join(testsRoot, '..', 'content'), { at: seededAt })
	await seedDemoData({ now: seededAt })
	for (const email of ['admin@example.com', 'manager.emea@example.com']) ids[email] = (await prisma.person.findUniqueOrThrow({ where: { email }, select: { id: true } })).id
}, 120_000)

const admin: SessionUser = { id: 'x', name: 'A', email: 'a', employeeId: 'AD-0001', orgUnitId: 'x', roles: ['admin'], managedPaths: [] }

/** The KPIs computed person by person through the ORM and the status function, as a cross-check. */
async function kpisByHand(at: Date) {
	const reps = await prisma.person.findMany({ where: { roles: { some: { role: 'rep' } }, OR: [{ leftAt: null }, { leftAt: { gt: at } }] }, select: { id: true } })
	const windows = new Map((await prisma.certification.findMany()).map((c) => [c.code, c.recertificationWindowDays]))
	const counts = { reps: 0, compliant: 0, expired: 0, missing: 0, revoked: 0 }
	for (const rep of reps) {
		const statuses: CertificationStatus[] = []
		for (const code of await requiredCertificationCodes(rep.id)) statuses.push(certificationStatusAt({ awards: await awardHistories(rep.id, code), windowDays: windows.get(code)! }, at).status)
		counts.reps += 1
		if (statuses.every(isEligibleStatus)) counts.compliant += 1
		for (const state of ['expired', 'missing', 'revoked'] as const) if (statuses.includes(state)) counts[state] += 1
	}
	return counts
}

describe('readiness KPIs', () => {
	test.each(['2026-06-30', '2026-11-26', '2027-03-31'])('agree with the status function for every seeded rep as of %s', async (asOf) => {
		const { summary, at } = await readinessReport({ viewer: admin, filters: { asOf }, now: seededAt })
		const { reps, compliant, expired, missing, revoked } = summary.kpis
		expect({ reps, compliant, expired, missing, revoked }).toEqual(await kpisByHand(at))
	}, 60_000)
})

describe('a manager of EMEA sees EMEA only', () => {
	const url = 'http://localhost/manage/readiness'

	test('in every number, chart and table of the page', async () => {
		const page = await readinessLoader({ request: await signedInRequest(ids['manager.emea@example.com']!, url), params: {}, context: {} })
		const emeaReps = await prisma.person.count({ where: { roles: { some: { role: 'rep' } }, orgUnit: { path: { contains: '-EMEA' } }, OR: [{ leftAt: null }, { leftAt: { gt: new Date() } }] } })
		expect(page.summary.kpis.reps).toBe(emeaReps)
		expect(page.summary.byGroup.bars.map((b) => b.group).sort()).toEqual(['Power Services EMEA', 'Secure Power Services EMEA'])
		expect(page.options.units.every((u) => u.name.includes('EMEA'))).toBe(true)
		expect(page.people.total).toBe(emeaReps)
		const notEmea = await prisma.person.findMany({ where: { orgUnit: { path: { not: { contains: '-EMEA' } } } }, select: { employeeId: true } })
		const json = JSON.stringify(page)
		for (const person of notEmea) expect(json).not.toContain(`"${person.employeeId}"`)
	})

	test('asking for another region by filter yields nobody, and the export likewise', async () => {
		const page = await readinessLoader({ request: await signedInRequest(ids['manager.emea@example.com']!, `${url}?unit=SPS-NA`), params: {}, context: {} })
		expect(page.summary.kpis.reps).toBe(0)
		const csv = await (await csvLoader({ request: await signedInRequest(ids['manager.emea@example.com']!, `${url}.csv?unit=SPS-NA`), params: {}, context: {} })).text()
		expect(csv.trim().split('\r\n')).toHaveLength(1)
	})

	test('a malformed filter is a 400, not a guess', async () => {
		const response = (await settle(async () => readinessLoader({ request: await signedInRequest(ids['manager.emea@example.com']!, `${url}?asOf=31/12/2026`), params: {}, context: {} }))) as Response
		expect(response.status).toBe(400)
	})
})

describe('CSV export', () => {
	test('equals the table, all pages, in the same order', async () => {
		const managerId = ids['manager.emea@example.com']!
		const query = 'asOf=2026-12-31&sort=nextExpiry&q=EMEA'
		const tableRows: string[] = []
		for (let page = 1; ; page++) {
			const data = await readinessLoader({ request: await signedInRequest(managerId, `http://localhost/manage/readiness?${query}&page=${page}`), params: {}, context: {} })
			tableRows.push(...data.people.rows.map((r) => [r.employeeId, r.name, r.team, r.state, r.nextExpiry?.slice(0, 10) ?? ''].join('|')))
			if (page >= data.people.pageCount) break
		}
		const response = await csvLoader({ request: await signedInRequest(managerId, `http://localhost/manage/readiness.csv?${query}`), params: {}, context: {} })
		expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
		const [header, ...lines] = (await response.text()).trim().split('\r\n')
		expect(header).toBe('Employee ID,Name,Team,Status,Next expiry,Certifications')
		expect(lines.map((line) => line.split(',').slice(0, 5).join('|'))).toEqual(tableRows)
		expect(tableRows.length).toBeGreaterThan(25)
	})
})

describe('manager reminders', () => {
	const url = 'http://localhost/manage/readiness'
	const remind = async (employeeIds: string[]) => {
		const body = new URLSearchParams(employeeIds.map((id) => ['employeeId', id]))
		return readinessAction({ request: await signedInRequest(ids['manager.emea@example.com']!, url, { method: 'POST', body }), params: {}, context: {} })
	}

	test('selected reps each get one notification, audited', async () => {
		const result = await remind(['SR-1002', 'SR-1003'])
		expect(result).toEqual({ error: null, reminded: 2 })
		const people = await prisma.person.findMany({ where: { employeeId: { in: ['SR-1002', 'SR-1003'] } }, select: { id: true } })
		const notifications = await prisma.notification.findMany({ where: { kind: 'manager_reminder', personId: { in: people.map((p) => p.id) } } })
		expect(notifications).toHaveLength(2)
		expect(await prisma.auditEvent.count({ where: { action: 'notification.queued', actorId: ids['manager.emea@example.com'], subjectId: { in: notifications.map((n) => n.id) } } })).toBe(2)
	})

	test('someone outside the manager’s units is refused and nothing is sent', async () => {
		const outsider = await prisma.person.findFirstOrThrow({ where: { roles: { some: { role: 'rep' } }, orgUnit: { path: { contains: '-NA' } } }, select: { id: true, employeeId: true } })
		const before = await prisma.notification.count({ where: { kind: 'manager_reminder' } })
		expect(await remind(['SR-1001', outsider.employeeId])).toMatchObject({ init: { status: 403 } })
		expect(await prisma.notification.count({ where: { kind: 'manager_reminder' } })).toBe(before)
		expect(await remind([])).toMatchObject({ init: { status: 400 } })
	})
})
