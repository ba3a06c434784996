import { syncCatalogFromDirectory } from '#app/catalog/sync-catalog.server.ts'
import { isDatabaseEmpty, seedDemoData } from '#app/demo/demo-data.server.ts'
import { sqliteFilePath } from '#app/utils/database-url.ts'
import { type Db } from '#app/utils/db.server.ts'
import { migrateSqliteDatabase } from '#app/utils/migrate.server.ts'
import { projectPath } from './project.ts'

/** Applies pending migrations to the database named by `databaseUrl`; returns their names. */
export function migrateDatabase(databaseUrl: string) {
	return migrateSqliteDatabase({ filePath: sqliteFilePath(databaseUrl), migrationsDir: projectPath('prisma', 'migrations') })
}

/**
 * What `npm start` does to the database before serving: migrate, sync the catalog from
 * content/ (a broken catalog leaves the last good one in place), then load the demo data only
 * into an empty database, so restarting never duplicates or wipes anything.
 */
export async function prepareDatabase(
	{ databaseUrl, demoData, demoPassword, now, contentDir = projectPath('content') }: { databaseUrl: string; demoData: boolean; demoPassword?: string; now: Date; contentDir?: string },
	db: Db,
) {
	const applied = migrateDatabase(databaseUrl)
	const catalog = await syncCatalogFromDirectory(contentDir, { at: now }, db)
	const seeded = demoData && (await isDatabaseEmpty(db))
	if (seeded) await seedDemoData({ now, password: demoPassword }, db)
	return { applied, catalog, seeded }
}
