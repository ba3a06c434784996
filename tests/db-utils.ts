import { copyFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { afterAll, inject } from 'vitest'
import { syncCatalogFromDirectory } from '#app/catalog/sync-catalog.server.ts'
import { seedDemoData } from '#app/demo/demo-data.server.ts'
import { databaseKind } from '#app/utils/database-url.ts'
import { createPrismaClient, databaseKindOf, type Db } from '#app/utils/db.server.ts'
import { withDatabase } from './setup/pg-global-setup.ts'
import { templateDbPath, testsRoot, tmpDir } from './setup/paths.ts'

/** The suite runs on PostgreSQL (npm run test:pg): the few tests of SQLite's own mechanics skip. */
export const onPostgres = databaseKind(process.env.DATABASE_URL ?? '') === 'postgresql'

/**
 * A second, independent database made from the migrated template (on the database the suite
 * runs on), for tests that need a clean slate (or two) beside the file's own database. Closed
 * and removed after the file.
 */
export async function freshDatabase(): Promise<{ db: Db; url: string }> {
	const name = `fresh_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
	if (onPostgres) return freshPostgresDatabase(name)
	const filePath = path.join(tmpDir, `${name}.db`)
	copyFileSync(templateDbPath, filePath)
	const url = `file:${filePath}`
	const db = createPrismaClient(url)
	afterAll(async () => {
		await db.$disconnect()
		for (const suffix of ['', '-wal', '-shm']) rmSync(`${filePath}${suffix}`, { force: true })
	})
	return { db, url }
}

async function freshPostgresDatabase(name: string) {
	const admin = new pg.Client({ connectionString: inject('pgServerUrl') })
	await admin.connect()
	await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`)
	const url = withDatabase(inject('pgServerUrl'), name)
	const db = createPrismaClient(url)
	afterAll(async () => {
		await db.$disconnect()
		await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
		await admin.end()
	})
	return { db, url }
}

/**
 * An attacker with direct access to the database: lifts the append-only guard (the triggers) on
 * `table`, then runs `statements`, as no code path of the app could.
 */
export async function tamper(db: Db, table: 'AuditEvent' | 'EligibilityCheck', statements: string[] = []) {
	const on = databaseKindOf(db) === 'postgresql' ? ` ON "${table}"` : ''
	for (const trigger of [`${table}_no_update`, `${table}_no_delete`]) await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS "${trigger}"${on}`)
	for (const statement of statements) await db.$executeRawUnsafe(statement)
}

/** A fresh database with the shipped catalog synced and the demo data seeded at `now`. */
export async function seededDatabase(now: Date) {
	const { db } = await freshDatabase()
	await syncCatalogFromDirectory(path.join(testsRoot, '..', 'content'), { at: now }, db)
	await seedDemoData({ now }, db)
	return db
}
