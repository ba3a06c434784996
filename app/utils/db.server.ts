import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '#app/generated/prisma/client.ts'
import { PrismaClient as PostgresPrismaClient } from '#app/generated/prisma-postgresql/client.ts'
import { databaseKind, sqliteFilePath } from './database-url.ts'
import { getEnv } from './env.server.ts'

export type Db = PrismaClient
/** The client handed to a `$transaction` callback. */
export type DbTransaction = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0]

/** Milliseconds a connection waits for another writer before SQLite reports "database is locked". */
export const BUSY_TIMEOUT_MS = 10_000

// Remix's dev server re-imports the server build on every change, and the build carries its own
// copy of this module: the client and what is known of it live on globalThis, shared by all copies.
const globalForPrisma = globalThis as { __fieldreadyPrisma?: PrismaClient; __fieldreadyDatabaseUrls?: WeakMap<PrismaClient, string> }
const databaseUrls = (globalForPrisma.__fieldreadyDatabaseUrls ??= new WeakMap())

/**
 * A client for the database the URL names. PostgreSQL has a client of its own, generated from the
 * same data model (prisma/postgresql/schema.prisma, derived): its API is the same, so the app
 * types it as the SQLite one's.
 */
export function createPrismaClient(databaseUrl: string, { postgresSettings = {} }: { postgresSettings?: Record<string, string> } = {}) {
	const client =
		databaseKind(databaseUrl) === 'postgresql'
			? (new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, options: startupOptions(postgresSettings) }) }) as unknown as PrismaClient)
			: new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: sqliteFilePath(databaseUrl), timeout: BUSY_TIMEOUT_MS }) })
	databaseUrls.set(client, databaseUrl)
	return client
}

/** Settings every connection of a PostgreSQL pool starts with (a SET would reach one pooled connection only). */
export const startupOptions = (settings: Record<string, string>) =>
	Object.entries(settings)
		.map(([name, value]) => `-c ${name}=${value}`)
		.join(' ') || undefined

/**
 * A client whose connection refuses every write, whatever a statement says: readiness queries
 * built from report filters cannot change anything.
 */
export async function createReadOnlyPrismaClient(databaseUrl: string) {
	if (databaseKind(databaseUrl) === 'postgresql') return createPrismaClient(databaseUrl, { postgresSettings: { default_transaction_read_only: 'on' } })
	const db = createPrismaClient(databaseUrl)
	await db.$executeRawUnsafe('PRAGMA query_only = ON')
	return db
}

/** The database a client was created for: worker threads open their own connections to it. */
export function databaseUrlOf(db: Db) {
	const url = databaseUrls.get(db)
	if (!url) throw new Error('This Prisma client was not created by createPrismaClient.')
	return url
}

/**
 * Holds the person's row until the transaction ends, so that decisions about one person (an
 * award, a change of its status) are taken one after another, each seeing what the one before
 * wrote. SQLite runs one write transaction at a time anyway; PostgreSQL, at READ COMMITTED, would
 * let two see the same state and both act. An update that changes nothing locks on both.
 */
export async function lockPerson(tx: DbTransaction, personId: string) {
	await tx.$executeRaw`UPDATE "Person" SET "name" = "name" WHERE "id" = ${personId}`
}

/** Which database a client speaks to: the few statements that differ ask this. */
export const databaseKindOf = (db: Db) => databaseKind(databaseUrlOf(db))!

function sharedClient() {
	const env = getEnv()
	if (env.NODE_ENV !== 'development') return createPrismaClient(env.DATABASE_URL)
	globalForPrisma.__fieldreadyPrisma ??= createPrismaClient(env.DATABASE_URL)
	return globalForPrisma.__fieldreadyPrisma
}

export const prisma = sharedClient()
