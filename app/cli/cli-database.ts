import { sqliteFilePath, unsupportedDatabase } from '#app/utils/database-url.ts'
import { EnvironmentError, getEnv } from '#app/utils/env.server.ts'
import { migrateSqliteDatabase, MigrationError } from '#app/utils/migrate.server.ts'
import { projectPath } from './project.ts'

/**
 * Command-line tools work on the database named by DATABASE_URL, migrated to the current schema
 * first (applying migrations is idempotent), and stop with a clear message if they cannot.
 */
export function migrateForCli() {
	try {
		const { DATABASE_URL } = getEnv()
		const unsupported = unsupportedDatabase(DATABASE_URL)
		if (unsupported) {
			console.error(unsupported)
			process.exit(1)
		}
		migrateSqliteDatabase({ filePath: sqliteFilePath(DATABASE_URL), migrationsDir: projectPath('prisma', 'migrations') })
	} catch (error) {
		if (error instanceof EnvironmentError || error instanceof MigrationError) {
			console.error(error.message)
			process.exit(1)
		}
		throw error
	}
}
