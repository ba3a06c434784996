// `npm run db:migrate`: applies pending migrations to the database named by DATABASE_URL, SQLite or
// PostgreSQL (with several instances, run it once before starting them).
import { migrateForCli } from './cli-database.ts'

const applied = await migrateForCli()
if (applied.length) console.log(`Applied migrations: ${applied.join(', ')}`)
console.log('The database is up to date.')
