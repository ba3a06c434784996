import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { expect, test } from 'vitest'
import { type AwardChange, type AwardHistory } from '#app/certification/status.ts'
import { seededRandom } from '#app/demo/random.ts'
import { certificationPeriods } from '#app/readiness/certification-periods.ts'
import { migrateSqliteDatabase } from '#app/utils/migrate.server.ts'
import { testsRoot, tmpDir } from '#tests/setup/paths.ts'

const migrationsDir = path.join(testsRoot, '..', 'prisma', 'migrations')
const readModelMigration = '20261126140000_readiness_read_model'
const DAY = 86_400_000
// How Prisma's SQLite adapter writes a DateTime, so the migration reads these rows as the app's own.
const sqlDate = (date: Date) => date.toISOString().replace('Z', '+00:00')

/** Histories with renewals, lapses, same-instant ties and status changes before and after issue. */
function history(random: ReturnType<typeof seededRandom>, pair: number): AwardHistory[] {
	const start = Date.UTC(2025, 0, 1)
	const instant = () => new Date(start + random.int(0, 60) * 7 * DAY + (random.next() < 0.7 ? random.int(0, 86_399) * 1000 + random.int(0, 999) : 0))
	return Array.from({ length: random.int(1, 4) }, (_, i) => {
		const issuedAt = instant()
		const changes: AwardChange[] = Array.from({ length: random.int(0, 3) }, () => ({ kind: random.pick(['revoked', 'suspended', 'reinstated'] as const), at: random.next() < 0.2 ? issuedAt : instant() }))
		return { id: `a${pair}-${i}`, issuedAt, expiresAt: new Date(issuedAt.getTime() + random.int(-5, 400) * DAY), changes: changes.sort((a, b) => a.at.getTime() - b.at.getTime()) }
	}).sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime() || a.id.localeCompare(b.id))
}

test('the migrations that add the read model and its withdrawal kinds fill it from existing awards exactly as the app would', () => {
	const dir = mkdtempSync(path.join(tmpDir, 'read-model-'))
	const before = path.join(dir, 'migrations')
	cpSync(migrationsDir, before, { recursive: true })
	// The database as it was before the read model: that migration and every later one not yet applied.
	const pending = readdirSync(before).filter((name) => name >= readModelMigration && !name.endsWith('.toml')).sort()
	for (const name of pending) rmSync(path.join(before, name), { recursive: true })
	const filePath = path.join(dir, 'db.sqlite')
	migrateSqliteDatabase({ filePath, migrationsDir: before })

	const db = new Database(filePath)
	db.prepare(`INSERT INTO "OrgUnit" (id, name, kind, code, path, createdAt) VALUES ('u', 'Unit', 'team', 'U', '/U/', ?)`).run(sqlDate(new Date()))
	const insertAward = db.prepare(`INSERT INTO "CertificationAward" (id, personId, certificationCode, issuedAt, expiresAt, source, evidence, verificationCode) VALUES (?, ?, ?, ?, ?, 'imported', '{}', ?)`)
	const insertChange = db.prepare(`INSERT INTO "AwardStatusChange" (id, awardId, kind, reason, actorId, at) VALUES (?, ?, ?, 'test', 'x', ?)`)
	const random = seededRandom(7)
	const expected = new Map<string, ReturnType<typeof certificationPeriods>>()
	for (let pair = 0; pair < 300; pair++) {
		const personId = `p${pair % 100}`
		const code = `CERT-${Math.floor(pair / 100)}`
		if (pair < 100) db.prepare(`INSERT INTO "Person" (id, employeeId, name, email, orgUnitId, createdAt, updatedAt) VALUES (?, ?, ?, ?, 'u', ?, ?)`).run(personId, `TS-${1000 + pair}`, personId, `${personId}@example.com`, sqlDate(new Date()), sqlDate(new Date()))
		const awards = history(random, pair)
		for (const award of awards) {
			insertAward.run(award.id, personId, code, sqlDate(award.issuedAt), sqlDate(award.expiresAt), `V${award.id}`)
			award.changes.forEach((change, i) => insertChange.run(`${award.id}-c${i}`, award.id, change.kind, sqlDate(change.at)))
		}
		expected.set(`${personId}/${code}`, certificationPeriods(awards))
	}
	db.close()

	expect(migrateSqliteDatabase({ filePath, migrationsDir })).toEqual(pending)
	const read = new Database(filePath, { readonly: true })
	read.defaultSafeIntegers(false)
	const rows = read.prepare(`SELECT * FROM "CertificationPeriod" ORDER BY "personId", "certificationCode", "startsAt"`).all() as Array<Record<string, unknown>>
	read.close()
	const actual = new Map<string, unknown[]>()
	for (const { personId, certificationCode, ...period } of rows) {
		const key = `${personId as string}/${certificationCode as string}`
		actual.set(key, [...(actual.get(key) ?? []), period])
	}
	for (const [key, periods] of expected) expect(actual.get(key) ?? [], key).toEqual(periods)
	expect(rows.length).toBe([...expected.values()].flat().length)
})
