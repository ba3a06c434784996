import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { type SessionUser } from '#app/auth/permissions.server.ts'
import { awardHistories } from '#app/certification/award-histories.server.ts'
import { awardOnProgress, changeAwardStatus, issueManualAward } from '#app/certification/awards.server.ts'
import { certificationStatusAt } from '#app/certification/status.ts'
import { completeModuleReading, recordSectionViewed } from '#app/learning/module-progress.server.ts'
import { deactivatePerson } from '#app/people/people.server.ts'
import { startQuizAttempt, submitQuizAttempt } from '#app/quiz/attempts.server.ts'
import { certificationPeriods } from '#app/readiness/certification-periods.ts'
import { readinessPeople } from '#app/readiness/readiness-report.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { answersFor, copyOfFixtureCatalog, syncCatalog } from '#tests/catalog-utils.ts'
import { createTestOrg, createTestPerson, testEvidenceFile } from '#tests/factories.ts'

// The readiness read model (CertificationPeriod) is rewritten in the transaction of every award
// change; these tests hold it to the awards it is derived from, and the readiness table to the
// status function, after each kind of change.

const DAY = 86_400_000
let admin: SessionUser

beforeAll(async () => {
	await createTestOrg()
	await syncCatalog()
	const bl = await prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BL' }, select: { id: true } })
	await prisma.workTypeAssignment.create({ data: { workTypeCode: 'SITE_VISIT', orgUnitId: bl.id } })
	const person = await createTestPerson({ roles: ['admin'], orgUnitCode: 'BL' })
	admin = { id: person.id, name: person.name, email: person.email, employeeId: person.employeeId, orgUnitId: 'x', roles: ['admin'], managedPaths: [] }
})

async function earnCertA(personId: string, at: Date) {
	for (const [moduleId, sections] of [['beta', 2], ['alpha', 2]] as const) {
		for (let i = 0; i < sections; i++) await recordSectionViewed({ personId, moduleId, sectionIndex: i, at })
		await completeModuleReading({ personId, moduleId, at, onCompleted: awardOnProgress })
	}
	const { attemptId } = await startQuizAttempt({ personId, quizId: 'alpha-quiz', at })
	await submitQuizAttempt({ attemptId, personId, answers: await answersFor(attemptId, { correct: true }), at: new Date(at.getTime() + 60_000), onPassed: awardOnProgress })
}

/** The stored periods equal those derived afresh from the awards and their status changes. */
async function expectInStep(personId: string) {
	const stored = await prisma.certificationPeriod.findMany({ where: { personId, certificationCode: 'CERT-A' }, orderBy: { startsAt: 'asc' } })
	const derived = certificationPeriods(await awardHistories(personId, 'CERT-A'))
	expect(stored.map(({ awardId, startsAt, endsAt, expiresAt, eligibleUntil, withdrawal }) => ({ awardId, startsAt: Number(startsAt), endsAt: endsAt === null ? null : Number(endsAt), expiresAt: Number(expiresAt), eligibleUntil: eligibleUntil === null ? null : Number(eligibleUntil), withdrawal }))).toEqual(derived)
}

/** The rep's row of the readiness table on a date, next to what the status function says. */
async function readinessOn(rep: { id: string; employeeId: string }, asOf: string) {
	const { rows } = await readinessPeople({ viewer: admin, filters: { asOf }, table: { q: rep.employeeId.toLowerCase(), sort: 'state' }, now: new Date(`${asOf}T12:00:00Z`) })
	const status = certificationStatusAt({ awards: await awardHistories(rep.id, 'CERT-A'), windowDays: 30 }, new Date(`${asOf}T23:59:59.999Z`)).status
	return { row: rows.map((r) => `${r.state} (${r.certifications})`), status }
}

describe('the readiness read model follows every award change', () => {
	test('an earned award, then a renewal inside the window', async () => {
		const rep = await createTestPerson()
		expect(await readinessOn(rep, '2026-01-05')).toEqual({ row: ['missing (CERT-A: missing)'], status: 'missing' })
		await earnCertA(rep.id, new Date('2026-01-10T09:00:00Z'))
		await expectInStep(rep.id)
		expect(await readinessOn(rep, '2026-06-01')).toEqual({ row: ['valid (CERT-A: valid)'], status: 'valid' })
		expect(await readinessOn(rep, '2026-12-20')).toEqual({ row: ['expiring (CERT-A: expiring)'], status: 'expiring' })
		await earnCertA(rep.id, new Date('2026-12-20T09:00:00Z'))
		await expectInStep(rep.id)
		expect(await prisma.certificationPeriod.count({ where: { personId: rep.id } })).toBe(2)
		expect(await readinessOn(rep, '2027-06-01')).toEqual({ row: ['valid (CERT-A: valid)'], status: 'valid' })
		expect(await readinessOn(rep, '2028-02-01')).toEqual({ row: ['expired (CERT-A: expired)'], status: 'expired' })
	})

	test('a manual award, a suspension and a reinstatement, then a revocation', async () => {
		const rep = await createTestPerson()
		const actor = { type: 'person' as const, id: admin.id }
		const award = await issueManualAward({ input: { employeeId: rep.employeeId, certificationCode: 'CERT-A', evidenceNote: 'Classroom course, certificate on file', completedOn: '2026-02-20', evidenceFile: testEvidenceFile() }, actor, at: new Date('2026-03-01T09:00:00Z') })
		await expectInStep(rep.id)
		const change = async (kind: 'suspended' | 'reinstated' | 'revoked', iso: string) => {
			await changeAwardStatus({ awardId: award.id, personId: rep.id, input: { kind, reason: `Decided on ${iso}` }, actor, at: new Date(`${iso}T09:00:00Z`) })
			await expectInStep(rep.id)
		}
		await change('suspended', '2026-04-01')
		await change('reinstated', '2026-05-01')
		await change('revoked', '2026-08-01')
		expect(await prisma.certificationPeriod.count({ where: { personId: rep.id } })).toBe(4)
		for (const [asOf, state] of [['2026-03-15', 'valid'], ['2026-04-15', 'suspended'], ['2026-05-15', 'valid'], ['2026-09-01', 'revoked']] as const) {
			expect(await readinessOn(rep, asOf)).toEqual({ row: [`${state} (CERT-A: ${state})`], status: state })
		}
	})

	test('a deactivation takes the rep out of the table from the day they left, and only then', async () => {
		const rep = await createTestPerson()
		await earnCertA(rep.id, new Date('2026-01-10T09:00:00Z'))
		await deactivatePerson({ personId: rep.id, leftAt: new Date('2026-06-15T00:00:00Z'), reason: 'Left the company', actor: { type: 'system', id: 'test' }, at: new Date('2026-06-15T00:00:00Z') })
		expect((await readinessOn(rep, '2026-06-14')).row).toEqual(['valid (CERT-A: valid)'])
		expect((await readinessOn(rep, '2026-06-15')).row).toEqual([])
	})

	test('a catalog change to what a work type requires shows at once, with no rewrite of the read model', async () => {
		const rep = await createTestPerson()
		await earnCertA(rep.id, new Date('2026-01-10T09:00:00Z'))
		const periods = await prisma.certificationPeriod.findMany({ where: { personId: rep.id } })
		const catalog = copyOfFixtureCatalog()
		writeFileSync(path.join(catalog.dir, 'certifications', 'cert-b.yaml'), 'code: CERT-B\nname: Certificate B\ndescription: Covers remote work.\nvalidityMonths: 12\nrecertificationWindowDays: 30\nrequiredModules:\n  - beta\n')
		catalog.edit('work-types.yaml', (source) => source.replace('requiredCertifications: [CERT-A]', 'requiredCertifications: [CERT-B]'))
		await syncCatalog(catalog.dir, new Date('2026-02-01T00:00:00Z'))
		expect((await readinessOn(rep, '2026-03-01')).row).toEqual(['missing (CERT-B: missing)'])
		await syncCatalog()
		expect((await readinessOn(rep, '2026-03-01')).row).toEqual(['valid (CERT-A: valid)'])
		expect(await prisma.certificationPeriod.findMany({ where: { personId: rep.id } })).toEqual(periods)
	})
})

test('a day boundary: an award expiring at the end of the as-of day is expired that day', async () => {
	const rep = await createTestPerson()
	const expiresAt = new Date('2026-09-30T23:59:59.999Z')
	await prisma.certificationAward.create({ data: { personId: rep.id, certificationCode: 'CERT-A', issuedAt: new Date(expiresAt.getTime() - 365 * DAY), expiresAt, source: 'imported', evidence: '{}', verificationCode: 'EDGEBOUNDARY1' } })
	const { refreshCertificationPeriods } = await import('#app/readiness/certification-periods.server.ts')
	await refreshCertificationPeriods(prisma, { personId: rep.id, certificationCode: 'CERT-A' })
	expect(await readinessOn(rep, '2026-09-29')).toEqual({ row: ['expiring (CERT-A: expiring)'], status: 'expiring' })
	expect(await readinessOn(rep, '2026-09-30')).toEqual({ row: ['expired (CERT-A: expired)'], status: 'expired' })
})
