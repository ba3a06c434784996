import { beforeAll, expect, test } from 'vitest'
import { type SessionUser } from '#app/auth/permissions.server.ts'
import { seededRandom } from '#app/demo/random.ts'
import { refreshCertificationPeriods } from '#app/readiness/certification-periods.server.ts'
import { readinessPeople, readinessReport } from '#app/readiness/readiness-report.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { syncCatalog } from '#tests/catalog-utils.ts'
import { createTestOrg, createTestPerson } from '#tests/factories.ts'
import { referencePeople, referenceSummary } from './readiness-reference.ts'

// A catalog too wide to pack every eligibility mask into the KPI flags: the aggregation then
// keeps them in columns of their own, and must still agree with the status function.

const now = new Date('2026-11-26T09:00:00Z')
const DAY = 86_400_000
const admin: SessionUser = { id: 'x', name: 'A', email: 'a', employeeId: 'AD-0001', orgUnitId: 'x', roles: ['admin'], managedPaths: [] }

beforeAll(async () => {
	await createTestOrg()
	await syncCatalog()
	const codes = Array.from({ length: 40 }, (_, i) => `CERT-W${String(i).padStart(2, '0')}`)
	await prisma.certification.createMany({ data: codes.map((code, i) => ({ code, name: code, description: 'Wide catalog', validityMonths: 12, recertificationWindowDays: 15 + i, requiredForAllReps: i === 0 })) })
	const team = await prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BL-EMEA-T1' }, select: { id: true } })
	for (let w = 0; w < 30; w++) {
		const code = `WORK_${w}`
		await prisma.workType.create({ data: { code, name: code, description: 'Wide catalog', requirements: { create: [{ certificationCode: codes[1 + (w % 20)]! }, { certificationCode: codes[1 + ((w + 7) % 20)]! }] } } })
		await prisma.workTypeAssignment.create({ data: { workTypeCode: code, orgUnitId: team.id } })
	}
	const random = seededRandom(40)
	for (let r = 0; r < 12; r++) {
		const rep = await createTestPerson({ orgUnitCode: r % 3 ? 'BL-EMEA-T1' : 'BL-NA-T1' })
		for (const code of codes) {
			if (random.next() < 0.15) continue
			const expiresAt = new Date(now.getTime() + random.int(-100, 400) * DAY)
			await prisma.certificationAward.create({ data: { personId: rep.id, certificationCode: code, issuedAt: new Date(expiresAt.getTime() - 365 * DAY), expiresAt, source: 'imported', evidence: '{}', verificationCode: `W${r}${code}` } })
			await refreshCertificationPeriods(prisma, { personId: rep.id, certificationCode: code })
		}
	}
}, 60_000)

test.each([{}, { asOf: '2026-12-31' }, { workType: 'WORK_3', asOf: '2026-06-30' }, { certification: 'CERT-W08' }])('summary and table with %j', async (filters) => {
	const { summary } = await readinessReport({ viewer: admin, filters, now })
	expect(summary).toEqual(await referenceSummary({ viewer: admin, filters, now }))
	const { rows } = await readinessPeople({ viewer: admin, filters, table: { q: '', sort: 'nextExpiry' }, now })
	expect(rows).toEqual(await referencePeople({ viewer: admin, filters, table: { q: '', sort: 'nextExpiry' }, now }))
})
