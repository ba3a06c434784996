// Prisma CLI configuration. `prisma generate` needs only the schema; the URL is used by
// `prisma migrate status|deploy` on machines that can reach Prisma's schema engine.
import { defineConfig } from 'prisma/config'

export default defineConfig({
	schema: 'schema.prisma',
	migrations: { path: 'migrations' },
	datasource: { url: process.env.DATABASE_URL ?? 'file:../data/fieldready.db' },
})
