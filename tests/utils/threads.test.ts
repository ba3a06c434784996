import { expect, test } from 'vitest'
import { ThreadClient } from '#app/utils/threads.server.ts'
import { onPostgres } from '#tests/db-utils.ts'

const readOnlyWriter = (run: string) =>
	new ThreadClient<string, void>({ modulePath: 'tests/utils/read-only-writer-thread.ts', run, data: { file: process.env.DATABASE_URL!.slice('file:'.length) }, name: 'test writer' })

// These two threads open the SQLite file themselves.
test.skipIf(onPostgres)('start() settles once the thread has loaded and listens, so the server can wait for it before taking requests', async () => {
	const writer = readOnlyWriter('runReadOnlyWriter')
	await writer.start()
	expect(writer.pending).toBe(0)
	// Loaded means it answers: here with its refusal to write.
	await expect(writer.request('note-1')).rejects.toThrow(/test writer thread failed: .*readonly/i)
})

test.skipIf(onPostgres)('start() fails when the thread dies while loading, and the next request starts it again', async () => {
	const broken = readOnlyWriter('noSuchFunction')
	await expect(broken.start()).rejects.toThrow()
	await expect(broken.request('note-2')).rejects.toThrow()
})

test('a reply that cannot be passed back fails that request alone, saying so; the thread keeps answering', async () => {
	const echo = new ThreadClient<string, unknown>({ modulePath: 'tests/utils/echo-thread.ts', run: 'runEchoThread', data: {}, name: 'echo' })
	const [unsendable, plain] = await Promise.allSettled([echo.request('a function'), echo.request('plain')])
	expect(unsendable).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/^The echo thread failed: its reply could not be passed back \(.+\)$/) } })
	expect(plain).toEqual({ status: 'fulfilled', value: 'plain' })
	expect(await echo.request('again')).toBe('again')
})
