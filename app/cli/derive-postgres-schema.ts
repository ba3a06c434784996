// `npm run generate` (first step): writes prisma/postgresql/schema.prisma from prisma/schema.prisma.
// One data model for both databases: only the provider and the generated client's folder differ,
// so the PostgreSQL schema is derived, never edited (a test checks it is up to date).
import { readFileSync, writeFileSync } from 'node:fs'
import { projectPath } from './project.ts'

export const POSTGRES_SCHEMA = projectPath('prisma', 'postgresql', 'schema.prisma')

export function postgresSchemaFrom(sqliteSchema: string) {
	const replace = (text: string, from: string, to: string) => {
		if (!text.includes(from)) throw new Error(`prisma/schema.prisma no longer contains ${from}: update app/cli/derive-postgres-schema.ts`)
		return text.replace(from, to)
	}
	const derived = replace(replace(sqliteSchema, 'provider = "sqlite"', 'provider = "postgresql"'), 'output       = "../app/generated/prisma"', 'output       = "../../app/generated/prisma-postgresql"')
	return `// DERIVED from prisma/schema.prisma by app/cli/derive-postgres-schema.ts (npm run generate): do not edit.\n${derived}`
}

if (import.meta.url === `file://${process.argv[1]}`) {
	writeFileSync(POSTGRES_SCHEMA, postgresSchemaFrom(readFileSync(projectPath('prisma', 'schema.prisma'), 'utf8')))
}
