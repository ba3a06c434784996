import { databaseKind, sqliteFilePath } from '#app/utils/database-url.ts'
import { migratePostgresDatabase, migrateSqliteDatabase } from '#app/utils/migrate.server.ts'
import { projectPath } from './project.ts'

/** Applies pending migrations to the database named by `databaseUrl` (each database has its own folder of them); returns their names. */
export async function migrateDatabase(databaseUrl: string) {
	if (databaseKind(databaseUrl) === 'postgresql') return migratePostgresDatabase({ url: databaseUrl, migrationsDir: projectPath('prisma', 'postgresql', 'migrations') })
	return migrateSqliteDatabase({ filePath: sqliteFilePath(databaseUrl), migrationsDir: projectPath('prisma', 'migrations') })
}
