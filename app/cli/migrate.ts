// `npm run db:migrate`: applies pending migrations to the database named by DATABASE_URL.
import { migrateForCli } from './cli-database.ts'

migrateForCli()
console.log('The database is up to date.')
