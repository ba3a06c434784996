// `npm run db:migrate`: applies pending migrations to the database named by DATABASE_URL.
import { sqliteFilePath } from '#app/utils/database-url.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { migrateSqliteDatabase } from '#app/utils/migrate.server.ts'
import { projectPath } from './project.ts'

try {
	const applied = migrateSqliteDatabase({ filePath: sqliteFilePath(getEnv().DATABASE_URL), migrationsDir: projectPath('prisma', 'migrations') })
	console.log(applied.length ? `Applied ${applied.join(', ')}` : 'The database is up to date.')
} catch (error) {
	console.error(error instanceof Error ? error.message : error)
	process.exit(1)
}
