// `npm run db:migrate`: applies pending migrations to the database named by DATABASE_URL, SQLite or
// PostgreSQL (with several instances, run it once before starting them).
import { databaseKind } from '#app/utils/database-url.ts'
import { EnvironmentError, getEnv } from '#app/utils/env.server.ts'
import { migratePostgresDatabase, MigrationError } from '#app/utils/migrate.server.ts'
import { migrateForCli } from './cli-database.ts'
import { projectPath } from './project.ts'

async function migratePostgres(url: string) {
	try {
		const applied = await migratePostgresDatabase({ url, migrationsDir: projectPath('prisma', 'postgresql', 'migrations') })
		if (applied.length) console.log(`Applied migrations: ${applied.join(', ')}`)
	} catch (error) {
		if (!(error instanceof MigrationError)) throw error
		console.error(error.message)
		process.exit(1)
	}
}

let url: string
try {
	url = getEnv().DATABASE_URL
} catch (error) {
	if (!(error instanceof EnvironmentError)) throw error
	console.error(error.message)
	process.exit(1)
}
if (databaseKind(url) === 'postgresql') await migratePostgres(url)
else migrateForCli()
console.log('The database is up to date.')
