import { mkdtempSync } from 'node:fs'
import path from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { prepareDatabase } from '#app/cli/prepare-database.ts'
import { createPrismaClient } from '#app/utils/db.server.ts'
import { tmpDir } from '#tests/setup/paths.ts'

const databaseUrl = `file:${path.join(mkdtempSync(path.join(tmpDir, 'start-')), 'fieldready.db')}`
const db = createPrismaClient(databaseUrl)
afterAll(() => db.$disconnect())

test('starting twice on the same database neither duplicates nor wipes data', async () => {
	const first = await prepareDatabase({ databaseUrl, demoData: true, now: new Date('2026-11-26T09:00:00Z') }, db)
	expect(first.applied.length).toBeGreaterThan(0)
	expect(first.seeded).toBe(true)
	const counts = async () => ({ people: await db.person.count(), units: await db.orgUnit.count(), audit: await db.auditEvent.count() })
	const afterFirst = await counts()

	// Work done between two starts must survive the second one.
	const rep = await db.person.update({ where: { employeeId: 'SR-1001' }, data: { name: 'Renamed Between Starts' } })

	const second = await prepareDatabase({ databaseUrl, demoData: true, now: new Date('2026-11-27T09:00:00Z') }, db)
	expect(second).toMatchObject({ applied: [], seeded: false, catalog: { ok: true, newModuleVersions: [], newQuizVersions: [] } })
	expect(await counts()).toEqual(afterFirst)
	expect((await db.person.findUniqueOrThrow({ where: { id: rep.id } })).name).toBe('Renamed Between Starts')
})
