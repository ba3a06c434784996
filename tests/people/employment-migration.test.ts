import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { expect, test } from 'vitest'
import { migrateSqliteDatabase } from '#app/utils/migrate.server.ts'
import { testsRoot, tmpDir } from '#tests/setup/paths.ts'

const migrationsDir = path.join(testsRoot, '..', 'prisma', 'migrations')
const employmentMigration = '20261203110000_employment_periods_and_evidence'
// How Prisma's SQLite adapter writes a DateTime, so the migration reads these rows as the app's own.
const sqlDate = (iso: string) => new Date(iso).toISOString().replace('Z', '+00:00')

test('existing people get one employment period that starts no later than anything on their record', () => {
	const dir = mkdtempSync(path.join(tmpDir, 'employment-'))
	const before = path.join(dir, 'migrations')
	cpSync(migrationsDir, before, { recursive: true })
	const pending = readdirSync(before).filter((name) => name >= employmentMigration && !name.endsWith('.toml')).sort()
	for (const name of pending) rmSync(path.join(before, name), { recursive: true })
	const filePath = path.join(dir, 'db.sqlite')
	migrateSqliteDatabase({ filePath, migrationsDir: before })

	const db = new Database(filePath)
	const created = sqlDate('2026-06-01T00:00:00Z')
	db.prepare(`INSERT INTO "OrgUnit" (id, name, kind, code, path, createdAt) VALUES ('u', 'Unit', 'team', 'U', '/U/', ?)`).run(created)
	const insertPerson = db.prepare(`INSERT INTO "Person" (id, employeeId, name, email, orgUnitId, createdAt, updatedAt, leftAt) VALUES (?, ?, ?, ?, 'u', ?, ?, ?)`)
	const insertAward = db.prepare(`INSERT INTO "CertificationAward" (id, personId, certificationCode, issuedAt, expiresAt, source, evidence, verificationCode) VALUES (?, ?, 'CERT', ?, ?, 'imported', '{}', ?)`)
	for (const [id, leftAt] of [['imported', null], ['late-leaver', '2026-05-01T00:00:00Z'], ['bare-leaver', '2026-04-01T00:00:00Z'], ['new-hire', null]] as const) {
		insertPerson.run(id, `TS-${id}`, id, `${id}@example.com`, created, created, leftAt && sqlDate(leftAt))
	}
	insertAward.run('a1', 'imported', sqlDate('2025-02-03T10:00:00Z'), sqlDate('2027-02-03T10:00:00Z'), 'V1')
	insertAward.run('a2', 'imported', sqlDate('2025-09-01T00:00:00Z'), sqlDate('2027-09-01T00:00:00Z'), 'V2')
	insertAward.run('a3', 'late-leaver', sqlDate('2025-01-15T00:00:00Z'), sqlDate('2027-01-15T00:00:00Z'), 'V3')
	db.close()

	expect(migrateSqliteDatabase({ filePath, migrationsDir })).toEqual(pending)
	const read = new Database(filePath, { readonly: true })
	const periods = read.prepare(`SELECT "personId", "startedAt", "endedAt" FROM "EmploymentPeriod" ORDER BY "personId"`).all() as Array<{ personId: string; startedAt: string; endedAt: string | null }>
	read.close()
	const iso = (value: string | null) => value && new Date(value).toISOString()
	expect(periods.map((p) => ({ ...p, startedAt: iso(p.startedAt), endedAt: iso(p.endedAt) }))).toEqual([
		{ personId: 'bare-leaver', startedAt: '2026-04-01T00:00:00.000Z', endedAt: '2026-04-01T00:00:00.000Z' },
		{ personId: 'imported', startedAt: '2025-02-03T10:00:00.000Z', endedAt: null },
		{ personId: 'late-leaver', startedAt: '2025-01-15T00:00:00.000Z', endedAt: '2026-05-01T00:00:00.000Z' },
		{ personId: 'new-hire', startedAt: '2026-06-01T00:00:00.000Z', endedAt: null },
	])
})
