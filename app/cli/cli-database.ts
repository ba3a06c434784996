import { EnvironmentError, getEnv } from '#app/utils/env.server.ts'
import { MigrationError } from '#app/utils/migrate.server.ts'
import { migrateDatabase } from './migrate-database.ts'

/**
 * Command-line tools work on the database named by DATABASE_URL, migrated to the current schema
 * first (applying migrations is idempotent), and stop with a clear message if they cannot.
 */
export async function migrateForCli() {
	try {
		return await migrateDatabase(getEnv().DATABASE_URL)
	} catch (error) {
		if (error instanceof EnvironmentError || error instanceof MigrationError) {
			console.error(error.message)
			process.exit(1)
		}
		throw error
	}
}
