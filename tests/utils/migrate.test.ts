import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { Prisma } from '#app/generated/prisma/client.ts'
import { migrateSqliteDatabase, readMigrationFiles } from '#app/utils/migrate.server.ts'
import { tmpDir } from '#tests/setup/paths.ts'

const migrationsDir = path.resolve(import.meta.dirname, '../../prisma/migrations')

function scratch() {
	const dir = mkdtempSync(path.join(tmpDir, 'migrate-'))
	return { dir, filePath: path.join(dir, 'db.sqlite') }
}

function columnsOf(db: Database.Database, table: string) {
	return (db.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string }>).map((c) => c.name)
}

describe('migration runner', () => {
	test('applies every migration once and records it as Prisma Migrate would', () => {
		const { filePath } = scratch()
		const applied = migrateSqliteDatabase({ filePath, migrationsDir })
		expect(applied).toEqual(readMigrationFiles(migrationsDir).map((m) => m.name))
		expect(migrateSqliteDatabase({ filePath, migrationsDir })).toEqual([])

		const db = new Database(filePath, { readonly: true })
		const rows = db.prepare('SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations').all() as Array<{
			migration_name: string
			checksum: string
			finished_at: string
			applied_steps_count: number
		}>
		for (const row of rows) {
			const sql = readFileSync(path.join(migrationsDir, row.migration_name, 'migration.sql'))
			expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'))
			expect(row.finished_at).toBeTruthy()
			expect(row.applied_steps_count).toBe(1)
		}
		expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
		db.close()
	})

	test('refuses to run when an applied migration was edited', () => {
		const { dir, filePath } = scratch()
		const copy = path.join(dir, 'migrations')
		cpSync(migrationsDir, copy, { recursive: true })
		migrateSqliteDatabase({ filePath, migrationsDir: copy })
		const first = readMigrationFiles(copy)[0]!
		writeFileSync(path.join(copy, first.name, 'migration.sql'), `${first.sql}\n-- edited`)
		expect(() => migrateSqliteDatabase({ filePath, migrationsDir: copy })).toThrow(/was edited after it was applied/)
	})

	test('a failing migration is rolled back whole and named', () => {
		const { dir, filePath } = scratch()
		const copy = path.join(dir, 'migrations')
		cpSync(migrationsDir, copy, { recursive: true })
		migrateSqliteDatabase({ filePath, migrationsDir: copy })
		const broken = path.join(copy, '99990101000000_broken')
		cpSync(path.join(copy, readMigrationFiles(copy)[0]!.name), broken, { recursive: true })
		writeFileSync(path.join(broken, 'migration.sql'), 'CREATE TABLE "Half" ("id" TEXT);\nTHIS IS NOT SQL;')
		expect(() => migrateSqliteDatabase({ filePath, migrationsDir: copy })).toThrow(/Migration 99990101000000_broken failed/)
		const db = new Database(filePath, { readonly: true })
		expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'Half'`).all()).toEqual([])
		expect(db.prepare(`SELECT count(*) AS n FROM _prisma_migrations WHERE migration_name LIKE '%broken'`).get()).toEqual({ n: 0 })
		db.close()
	})
})

describe('schema.prisma and the SQL migrations agree', () => {
	test('every model and scalar field of the generated client has its table and column', () => {
		const { filePath } = scratch()
		migrateSqliteDatabase({ filePath, migrationsDir })
		const db = new Database(filePath, { readonly: true })
		const missing: string[] = []
		for (const model of Object.values(Prisma.ModelName)) {
			const enumName = `${model}ScalarFieldEnum` as keyof typeof Prisma
			const fields = Object.values(Prisma[enumName] as Record<string, string>)
			const columns = columnsOf(db, model)
			if (columns.length === 0) missing.push(`table ${model}`)
			for (const field of fields) if (!columns.includes(field)) missing.push(`${model}.${field}`)
		}
		db.close()
		expect(missing).toEqual([])
	})
})
