import { afterEach, beforeAll, expect, test, vi } from 'vitest'
import { checkEligibility } from '#app/eligibility/eligibility.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestOrg, createTestPerson } from '#tests/factories.ts'

const at = new Date('2026-12-01T00:00:00Z')
let employeeId = ''

beforeAll(async () => {
	await createTestOrg()
	employeeId = (await createTestPerson()).employeeId
	await prisma.workType.create({ data: { code: 'PANEL_WORK', name: 'Panel work', description: 'Work inside a control panel', requirements: { create: [{ certificationCode: 'CERT-BASE' }] } } })
	await prisma.catalogSync.create({ data: { at, ok: true, problems: '[]', summary: '{}' } })
})
afterEach(() => vi.restoreAllMocks())

const check = async () => (await checkEligibility({ employeeIds: [employeeId], workTypeCode: 'PANEL_WORK', at, caller: { id: 'test-client' }, checkedAt: at, batch: false }))[0]!.entry

test('a catalog synced by another instance reaches this one within a second; until a sync, checks cost no catalog query', async () => {
	const required = async () => ((await check()) as { requirements: Array<{ certification: string }> }).requirements.map((r) => r.certification)
	expect(await required()).toEqual(['CERT-BASE'])
	const reloads = vi.spyOn(prisma.workType, 'findMany')
	const clock = Date.now()
	vi.spyOn(Date, 'now').mockReturnValue(clock + 5_000)
	expect(await required()).toEqual(['CERT-BASE'])
	expect(reloads).not.toHaveBeenCalled()

	// Another instance's sync: the rows and its CatalogSync record, without this process's own sync running.
	await prisma.workTypeRequirement.create({ data: { workTypeCode: 'PANEL_WORK', certificationCode: 'CERT-PANEL' } })
	await prisma.catalogSync.create({ data: { at: new Date(at.getTime() + 60_000), ok: true, problems: '[]', summary: '{}' } })
	vi.spyOn(Date, 'now').mockReturnValue(clock + 6_100)
	expect(await required()).toEqual(['CERT-BASE', 'CERT-PANEL'])
	expect(reloads).toHaveBeenCalledOnce()
})
