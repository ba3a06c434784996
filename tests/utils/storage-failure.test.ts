import { afterAll, describe, expect, test, vi } from 'vitest'
import { createPrismaClient, prisma } from '#app/utils/db.server.ts'
import { logStorageFailure, storageFailureMessage, storageFailureOf } from '#app/utils/storage-failure.server.ts'
import { ThreadClient } from '#app/utils/threads.server.ts'
import { onPostgres } from '#tests/db-utils.ts'

const connection = createPrismaClient(process.env.DATABASE_URL!)
afterAll(() => connection.$disconnect())

const insertSync = (db: typeof prisma, problems = '[]') => db.catalogSync.create({ data: { at: new Date(), ok: true, problems, summary: '{}' } })
const failureOf = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error)

describe('a storage failure is told apart from every other error', () => {
	// SQLite's limits can be set per connection; the same failures on PostgreSQL need the server's disk or configuration.
	test.skipIf(onPostgres)('a full disk, as SQLite reports it through Prisma', async () => {
		const [{ page_count }] = (await connection.$queryRawUnsafe<Array<{ page_count: bigint }>>('PRAGMA page_count')) as [{ page_count: bigint }]
		// A connection may not grow the file past max_page_count: SQLite's own "database or disk is full".
		await connection.$queryRawUnsafe(`PRAGMA max_page_count = ${Number(page_count)}`)
		let error: unknown = null
		for (let i = 0; i < 40 && !error; i++) error = await failureOf(insertSync(connection, 'x'.repeat(100_000)))
		expect(storageFailureOf(error)).toEqual({ code: 'SQLITE_FULL', reason: 'the disk is full' })
	})

	test.skipIf(onPostgres)('a read-only database, directly and as relayed by a worker thread', async () => {
		await connection.$queryRawUnsafe('PRAGMA query_only = ON')
		const error = await failureOf(insertSync(connection))
		expect(storageFailureOf(error)).toEqual({ code: 'SQLITE_READONLY', reason: 'the database is read-only' })
		// ThreadClient passes a thread's failure on as a message.
		const relayed = new Error(`The evidence writer thread failed: ${(error as Error).message}`)
		expect(storageFailureOf(relayed)).toEqual({ code: 'SQLITE_READONLY', reason: 'the database is read-only' })
		expect(storageFailureOf(new Error('wrapped', { cause: error }))).toMatchObject({ code: 'SQLITE_READONLY' })
	})

	test.runIf(onPostgres)('a read-only PostgreSQL database or a server that is gone, through Prisma', async () => {
		const readOnly = createPrismaClient(process.env.DATABASE_URL!, { postgresSettings: { default_transaction_read_only: 'on' } })
		try {
			expect(storageFailureOf(await failureOf(insertSync(readOnly)))).toEqual({ code: '25006', reason: 'the database is read-only' })
		} finally {
			await readOnly.$disconnect()
		}
		const url = new URL(process.env.DATABASE_URL!)
		url.port = '1'
		const nowhere = createPrismaClient(url.toString())
		expect(storageFailureOf(await failureOf(insertSync(nowhere)))).toMatchObject({ reason: 'the database server cannot be reached' })
		expect(storageFailureOf(Object.assign(new Error('could not extend file: No space left on device'), { code: '53100' }))).toEqual({ code: '53100', reason: 'the disk is full' })
	})

	test.skipIf(onPostgres)('a worker thread passes its storage failure on with its code', async () => {
		const writer = new ThreadClient<string, void>({ modulePath: 'tests/utils/read-only-writer-thread.ts', run: 'runReadOnlyWriter', data: { file: process.env.DATABASE_URL!.slice('file:'.length) }, name: 'test writer' })
		const error = await failureOf(writer.request('note-1'))
		expect(error).toBeInstanceOf(Error)
		expect(storageFailureOf(error)).toEqual({ code: 'SQLITE_READONLY', reason: 'the database is read-only' })
		// Without its code, SQLite's own wording still tells it apart.
		expect(storageFailureOf(new Error((error as Error).message))).toEqual({ code: 'SQLITE_READONLY', reason: 'the database is read-only' })
		expect(storageFailureOf(new Error('The evidence writer thread failed: database or disk is full'))).toEqual({ code: 'SQLITE_FULL', reason: 'the disk is full' })
	})

	test('a PostgreSQL server lost or out of reach, as pg reports it to the eligibility store', () => {
		for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', '57P01']) {
			expect(storageFailureOf(Object.assign(new Error(`connect ${code}`), { code }))).toEqual({ code, reason: 'the database server cannot be reached' })
		}
		for (const message of ['Connection terminated unexpectedly', 'timeout exceeded when trying to connect', 'The evidence writer thread failed: Connection terminated unexpectedly']) {
			expect(storageFailureOf(new Error(message))).toEqual({ code: 'PG_CONNECTION_LOST', reason: 'the database server cannot be reached' })
		}
		expect(storageFailureOf(Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }))).toBeNull()
	})

	test('the file system refusing a file beside the database', () => {
		expect(storageFailureOf(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }))).toEqual({ code: 'ENOSPC', reason: 'the disk is full' })
		expect(storageFailureOf(Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' }))).toEqual({ code: 'EROFS', reason: 'the file system is read-only' })
	})

	test('other errors are not storage failures: a broken constraint, a missing row, a plain bug', async () => {
		const first = await insertSync(prisma)
		const duplicate = await failureOf(prisma.catalogSync.create({ data: { id: first.id, at: new Date(), ok: true, problems: '[]', summary: '{}' } }))
		expect(duplicate).toBeInstanceOf(Error)
		expect(storageFailureOf(duplicate)).toBeNull()
		expect(storageFailureOf(await failureOf(prisma.catalogSync.findUniqueOrThrow({ where: { id: 'none' } })))).toBeNull()
		expect(storageFailureOf(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBeNull()
		expect(storageFailureOf('SQLITE_FULL')).toBeNull()
	})
})

test('the log gets one line a minute, counting what it left out, and no stack trace', () => {
	const lines: string[] = []
	vi.mocked(console.error).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')))
	const failure = { code: 'SQLITE_FULL', reason: 'the disk is full' }
	const start = 1_000_000_000_000
	for (let second = 0; second < 150; second++) for (let i = 0; i < 100; i++) logStorageFailure(failure, start + second * 1000)
	expect(lines).toEqual([
		'Storage unavailable: the disk is full (SQLITE_FULL); writes are refused with 503 until it recovers.',
		'Storage unavailable: the disk is full (SQLITE_FULL); writes are refused with 503 until it recovers (5999 more since the last report).',
		'Storage unavailable: the disk is full (SQLITE_FULL); writes are refused with 503 until it recovers (5999 more since the last report).',
	])
})

test('a client is told nothing was recorded only where that is certain', () => {
	expect(storageFailureMessage({ code: 'SQLITE_FULL', reason: 'the disk is full' })).toBe('FieldReady cannot save anything right now (the disk is full); nothing was recorded. Try again in 30 seconds.')
	// A commit sent before the connection dropped may have been applied: only the answer was lost.
	const lost = storageFailureOf(new Error('Connection terminated unexpectedly'))!
	expect(storageFailureMessage(lost)).toBe('FieldReady cannot save anything right now (the database server cannot be reached); if the connection was lost while saving, what was sent may or may not have been recorded. Try again in 30 seconds.')
})
