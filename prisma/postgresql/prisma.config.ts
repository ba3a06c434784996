// Prisma CLI configuration for PostgreSQL. `prisma generate` needs only the schema (derived from
// ../schema.prisma by npm run generate); the URL is for `prisma migrate status` where Prisma's
// schema engine can be reached.
import { defineConfig } from 'prisma/config'

export default defineConfig({
	schema: 'schema.prisma',
	migrations: { path: 'migrations' },
	datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/fieldready' },
})
