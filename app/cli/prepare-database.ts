import { existsSync, renameSync, rmSync } from 'node:fs'
import Database from 'better-sqlite3'
import { syncCatalogFromDirectory } from '#app/catalog/sync-catalog.server.ts'
import { isDatabaseEmpty, seedDemoData } from '#app/demo/demo-data.server.ts'
import { databaseKind, sqliteFilePath } from '#app/utils/database-url.ts'
import { createPrismaClient, type Db } from '#app/utils/db.server.ts'
import { withPostgresLock } from '#app/utils/migrate.server.ts'
import { migrateDatabase } from './migrate-database.ts'
import { projectPath } from './project.ts'

type PrepareOptions = { databaseUrl: string; demoData: boolean; demoPassword?: string; now: Date; contentDir?: string }

// Distinct from the migration runner's lock, which preparing takes too (on another connection).
const PREPARE_LOCK_KEY = 62_443_2_5

const companionFiles = (file: string) => [`${file}-wal`, `${file}-shm`, `${file}-journal`]

/** Checkpoints the WAL into the main file, so the file alone is the whole database. */
function foldWalIntoFile(file: string) {
	const db = new Database(file)
	try {
		db.pragma('wal_checkpoint(TRUNCATE)')
	} finally {
		db.close()
	}
	for (const companion of companionFiles(file)) rmSync(companion, { force: true })
}

/**
 * The first start's demo database is built beside the real one and moved into place only when
 * whole: a start killed part-way leaves no database, and the next start builds it again.
 */
async function buildDemoDatabase({ databaseUrl, demoPassword, now, contentDir }: Required<Omit<PrepareOptions, 'demoData' | 'demoPassword'>> & { demoPassword?: string }) {
	const file = sqliteFilePath(databaseUrl)
	const scratch = `${file}.seeding`
	for (const leftover of [scratch, ...companionFiles(scratch)]) rmSync(leftover, { force: true })
	const applied = await migrateDatabase(`file:${scratch}`)
	const db = createPrismaClient(`file:${scratch}`)
	try {
		const catalog = await syncCatalogFromDirectory(contentDir, { at: now }, db)
		await seedDemoData({ now, password: demoPassword }, db)
		await db.$disconnect()
		foldWalIntoFile(scratch)
		// A WAL left beside a database that is not there would be replayed into the new one.
		for (const companion of companionFiles(file)) rmSync(companion, { force: true })
		renameSync(scratch, file)
		return { applied, catalog, seeded: true }
	} finally {
		await db.$disconnect()
	}
}

/**
 * What `npm start` does to the database before serving: migrate, sync the catalog from
 * content/ (a broken catalog leaves the last good catalog in place), then load the demo data only
 * into an empty database, so restarting never duplicates or wipes anything. A start with nothing
 * new to apply writes nothing. On PostgreSQL, instances starting together take turns, so the
 * demo data is loaded once.
 */
export async function prepareDatabase({ databaseUrl, demoData, demoPassword, now, contentDir = projectPath('content') }: PrepareOptions, db: Db) {
	const prepare = async () => {
		const applied = await migrateDatabase(databaseUrl)
		const catalog = await syncCatalogFromDirectory(contentDir, { at: now }, db)
		// A database someone created empty on purpose is seeded where it is.
		const seeded = demoData && (await isDatabaseEmpty(db))
		if (seeded) await seedDemoData({ now, password: demoPassword }, db)
		return { applied, catalog, seeded }
	}
	if (databaseKind(databaseUrl) === 'postgresql') return withPostgresLock(databaseUrl, PREPARE_LOCK_KEY, prepare)
	if (demoData && !existsSync(sqliteFilePath(databaseUrl))) return buildDemoDatabase({ databaseUrl, demoPassword, now, contentDir })
	return prepare()
}
