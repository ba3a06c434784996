import { migrateSqliteDatabase } from '#app/utils/migrate.server.ts'
import { sqliteFilePath } from '#app/utils/db.server.ts'
import { projectPath } from './project.ts'

/** Applies pending migrations to the database named by `databaseUrl`; returns their names. */
export function migrateDatabase(databaseUrl: string) {
	return migrateSqliteDatabase({ filePath: sqliteFilePath(databaseUrl), migrationsDir: projectPath('prisma', 'migrations') })
}
