import { readFileSync } from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'
import { postgresSchemaFrom, POSTGRES_SCHEMA } from '#app/cli/derive-postgres-schema.ts'

test('the PostgreSQL schema is the SQLite one with its provider and client folder changed, and up to date', () => {
	const sqlite = readFileSync(path.resolve(import.meta.dirname, '..', '..', 'prisma', 'schema.prisma'), 'utf8')
	const derived = postgresSchemaFrom(sqlite)
	expect(readFileSync(POSTGRES_SCHEMA, 'utf8'), 'prisma/postgresql/schema.prisma is stale: run npm run generate').toBe(derived)
	expect(derived).toContain('provider = "postgresql"')
	expect(derived).toContain('output       = "../../app/generated/prisma-postgresql"')
	expect(derived.replace(/^\/\/ DERIVED.*\n/, '').replace('provider = "postgresql"', 'provider = "sqlite"').replace('../../app/generated/prisma-postgresql', '../app/generated/prisma')).toBe(sqlite)
})

test('a schema the derivation no longer understands is refused, not half-converted', () => {
	expect(() => postgresSchemaFrom('datasource db {\n  provider = "mysql"\n}\n')).toThrow(/no longer contains provider = "sqlite"/)
})
