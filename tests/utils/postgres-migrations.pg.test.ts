import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { MigrationError, migratePostgresDatabase } from '#app/utils/migrate.server.ts'

const url = process.env.DATABASE_URL!
const migrations = path.resolve(import.meta.dirname, '..', '..', 'prisma', 'postgresql', 'migrations')
const scratch = mkdtempSync(path.join(tmpdir(), 'fieldready-pg-migrations-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** The project's migrations, copied so a test can add or edit one. */
function copyOfMigrations(name: string) {
	const dir = path.join(scratch, name)
	cpSync(migrations, dir, { recursive: true })
	return dir
}

test('a migrated database is up to date: nothing is applied again', async () => {
	expect(await migratePostgresDatabase({ url, migrationsDir: migrations })).toEqual([])
	expect(await prisma.$queryRawUnsafe<Array<{ migration_name: string }>>('SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL')).toHaveLength(readdirSync(migrations).length)
})

test('a migration edited after it was applied is refused', async () => {
	const dir = copyOfMigrations('edited')
	appendFileSync(path.join(dir, '20261205160000_baseline', 'migration.sql'), '\n-- edited\n')
	await expect(migratePostgresDatabase({ url, migrationsDir: dir })).rejects.toThrow(/20261205160000_baseline was edited after it was applied/)
})

test('a failing migration is rolled back whole and not recorded', async () => {
	const dir = copyOfMigrations('broken')
	mkdirSync(path.join(dir, '29991231000000_broken'))
	writeFileSync(path.join(dir, '29991231000000_broken', 'migration.sql'), 'CREATE TABLE "HalfDone" ("id" TEXT);\nSELECT no_such_function();\n')
	const failure = migratePostgresDatabase({ url, migrationsDir: dir })
	await expect(failure).rejects.toThrow(MigrationError)
	await expect(failure).rejects.toThrow(/29991231000000_broken failed: function no_such_function\(\) does not exist/)
	expect(await prisma.$queryRawUnsafe<Array<{ exists: boolean }>>(`SELECT to_regclass('"HalfDone"') IS NOT NULL AS "exists"`)).toEqual([{ exists: false }])
	expect(await prisma.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '29991231000000_broken'`)).toEqual([])
})

test('the audit log and the eligibility evidence are append-only, as on SQLite', async () => {
	await prisma.auditEvent.create({ data: { seq: 1, at: new Date(), actorType: 'system', action: 'x', details: '{}', prevHash: 'genesis', hash: 'h' } })
	await expect(prisma.auditEvent.update({ where: { seq: 1 }, data: { action: 'y' } })).rejects.toThrow(/AuditEvent is append-only/)
	await expect(prisma.auditEvent.delete({ where: { seq: 1 } })).rejects.toThrow(/AuditEvent is append-only/)
	await prisma.eligibilityCheck.create({ data: { id: 'chk_pg', apiClientId: 'c', employeeId: 'E', workTypeCode: 'W', at: new Date(), checkedAt: new Date(), eligible: true, response: '{}', reliedOn: '{}' } })
	await expect(prisma.eligibilityCheck.deleteMany({})).rejects.toThrow(/EligibilityCheck is append-only/)
})
