import { createHash, randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'

/**
 * Applies prisma/migrations (SQLite) or prisma/postgresql/migrations (PostgreSQL) to a database the way `prisma migrate deploy` would,
 * recording each in `_prisma_migrations` (same table, same sha256 checksums) so that Prisma's
 * own CLI agrees with it on a machine that can run Prisma's schema engine.
 */

export class MigrationError extends Error {
	override name = 'MigrationError'
}

type MigrationFile = { name: string; sql: string; checksum: string }
type AppliedRow = {
	migration_name: string
	checksum: string
	finished_at: string | null
	rolled_back_at: string | null
}

const MIGRATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`

export function readMigrationFiles(migrationsDir: string): MigrationFile[] {
	return readdirSync(migrationsDir, { withFileTypes: true })
		.filter((entry) => entry.isDirectory())
		.map((entry) => entry.name)
		.sort()
		.map((name) => {
			const bytes = readFileSync(path.join(migrationsDir, name, 'migration.sql'))
			return {
				name,
				sql: bytes.toString('utf8'),
				checksum: createHash('sha256').update(bytes).digest('hex'),
			}
		})
}

function checkAppliedHistory(applied: AppliedRow[], files: MigrationFile[]) {
	const filesByName = new Map(files.map((file) => [file.name, file]))
	for (const row of applied) {
		if (row.rolled_back_at) continue
		if (!row.finished_at) {
			throw new MigrationError(
				`Migration ${row.migration_name} started but never finished; resolve it by hand before migrating again.`,
			)
		}
		const file = filesByName.get(row.migration_name)
		if (!file) {
			throw new MigrationError(
				`Migration ${row.migration_name} is applied to the database but missing from prisma/migrations.`,
			)
		}
		if (file.checksum !== row.checksum) {
			throw new MigrationError(
				`Migration ${row.migration_name} was edited after it was applied (checksum mismatch). Add a new migration instead of editing an applied one.`,
			)
		}
	}
}

/** Migrates the SQLite file at `filePath`; returns the names of the migrations it applied. */
export function migrateSqliteDatabase({
	filePath,
	migrationsDir,
}: {
	filePath: string
	migrationsDir: string
}): string[] {
	const directory = path.dirname(filePath)
	if (!existsSync(directory)) mkdirSync(directory, { recursive: true })
	const files = readMigrationFiles(migrationsDir)
	const db = new Database(filePath, { timeout: 10_000 })
	try {
		// Read first: a database that is up to date is not written to, so it can start on a full disk or read-only.
		if (hasMigrationsTable(db) && pendingMigrations(db, files).length === 0) return []
		// WAL persists in the file: readers never block the writer and vice versa.
		if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL')
		db.exec(MIGRATIONS_TABLE_DDL)
		const applyPending = db.transaction(() => {
			const pending = pendingMigrations(db, files)
			for (const file of pending) applyOne(db, file)
			return pending.map((file) => file.name)
		})
		// IMMEDIATE takes the write lock up front, so two starting processes cannot both apply.
		return applyPending.immediate()
	} finally {
		db.close()
	}
}

const hasMigrationsTable = (db: Database.Database) => db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get() !== undefined

function pendingMigrations(db: Database.Database, files: MigrationFile[]) {
	const applied = db.prepare('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at').all() as AppliedRow[]
	checkAppliedHistory(applied, files)
	const done = new Set(applied.filter((row) => !row.rolled_back_at).map((row) => row.migration_name))
	return files.filter((file) => !done.has(file.name))
}

function applyOne(db: Database.Database, file: MigrationFile) {
	const id = randomUUID()
	const now = () => new Date().toISOString()
	db.prepare(
		'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, 0)',
	).run(id, file.checksum, file.name, now())
	try {
		db.exec(file.sql)
	} catch (error) {
		throw new MigrationError(
			`Migration ${file.name} failed: ${error instanceof Error ? error.message : String(error)}`,
		)
	}
	db.prepare(
		'UPDATE "_prisma_migrations" SET finished_at = ?, applied_steps_count = 1 WHERE id = ?',
	).run(now(), id)
}

const POSTGRES_MIGRATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`

// Instances starting together take turns: the first applies, the others then find nothing pending.
const MIGRATION_LOCK_KEY = 62_443_2_4

/** Migrates the PostgreSQL database at `url`, each migration in a transaction of its own; returns the names it applied. */
export function migratePostgresDatabase({ url, migrationsDir }: { url: string; migrationsDir: string }): Promise<string[]> {
	const files = readMigrationFiles(migrationsDir)
	return withPostgresLock(url, MIGRATION_LOCK_KEY, async (client) => {
		const exists = (await client.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS "exists"`)).rows[0] as { exists: boolean }
		if (!exists.exists) await client.query(POSTGRES_MIGRATIONS_TABLE_DDL)
		const applied = (await client.query('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at')).rows as AppliedRow[]
		checkAppliedHistory(applied, files)
		const done = new Set(applied.filter((row) => !row.rolled_back_at).map((row) => row.migration_name))
		const pending = files.filter((file) => !done.has(file.name))
		for (const file of pending) await applyOnPostgres(client, file)
		return pending.map((file) => file.name)
	})
}

/**
 * Runs `work` while holding a PostgreSQL advisory lock on a connection of its own, which `work`
 * may use: instances starting together take turns at what must happen once (migrating, seeding
 * an empty database).
 */
export async function withPostgresLock<T>(url: string, key: number, work: (client: pg.Client) => Promise<T>) {
	const client = new pg.Client({ connectionString: url })
	await client.connect()
	try {
		await client.query('SELECT pg_advisory_lock($1)', [key])
		return await work(client)
	} finally {
		await client.end()
	}
}

async function applyOnPostgres(client: pg.Client, file: MigrationFile) {
	await client.query('BEGIN')
	try {
		await client.query(file.sql)
		await client.query('INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ($1, $2, $3, now(), now(), 1)', [randomUUID(), file.checksum, file.name])
		await client.query('COMMIT')
	} catch (error) {
		await client.query('ROLLBACK')
		throw new MigrationError(`Migration ${file.name} failed: ${error instanceof Error ? error.message : String(error)}`)
	}
}

