// `npm run db:migrate`: applies pending migrations to the database named by DATABASE_URL.
import { getEnv } from '#app/utils/env.server.ts'
import { migrateDatabase } from './prepare-database.ts'

try {
	const applied = migrateDatabase(getEnv().DATABASE_URL)
	console.log(applied.length ? `Applied ${applied.join(', ')}` : 'The database is up to date.')
} catch (error) {
	console.error(error instanceof Error ? error.message : error)
	process.exit(1)
}
