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
const BUSY_TIMEOUT_MS = 10_000

// Remix's dev server re-imports the server build on every change, and the build carries its own
// copy of this module: the client and what is known of it live on globalThis, shared by all copies.
const globalForPrisma = globalThis as { __fieldreadyPrisma?: PrismaClient; __fieldreadyDatabaseUrls?: WeakMap<PrismaClient, string> }
const databaseUrls = (globalForPrisma.__fieldreadyDatabaseUrls ??= new WeakMap())

/**
 * A client for the database the URL names. PostgreSQL has a client of its own, generated from the
 * same data model (prisma/postgresql/schema.prisma, derived): its API is the same, so the app
 * types it as the SQLite one's.
 */
export function createPrismaClient(databaseUrl: string) {
	const client =
		databaseKind(databaseUrl) === 'postgresql'
			? (new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) }) as unknown as PrismaClient)
			: new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: sqliteFilePath(databaseUrl), timeout: BUSY_TIMEOUT_MS }) })
	databaseUrls.set(client, databaseUrl)
	return client
}

/** The database a client was created for: worker threads open their own connections to it. */
export function databaseUrlOf(db: Db) {
	const url = databaseUrls.get(db)
	if (!url) throw new Error('This Prisma client was not created by createPrismaClient.')
	return url
}

function sharedClient() {
	const env = getEnv()
	if (env.NODE_ENV !== 'development') return createPrismaClient(env.DATABASE_URL)
	globalForPrisma.__fieldreadyPrisma ??= createPrismaClient(env.DATABASE_URL)
	return globalForPrisma.__fieldreadyPrisma
}

export const prisma = sharedClient()
