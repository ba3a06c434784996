import { expect, test } from 'vitest'
import { ThreadClient } from '#app/utils/threads.server.ts'

const readOnlyWriter = (run: string) =>
	new ThreadClient<string, void>({ modulePath: 'tests/utils/read-only-writer-thread.ts', run, data: { file: process.env.DATABASE_URL!.slice('file:'.length) }, name: 'test writer' })

test('start() settles once the thread has loaded and listens, so the server can wait for it before taking requests', async () => {
	const writer = readOnlyWriter('runReadOnlyWriter')
	await writer.start()
	expect(writer.pending).toBe(0)
	// Loaded means it answers: here with its refusal to write.
	await expect(writer.request('note-1')).rejects.toThrow(/test writer thread failed: .*readonly/i)
})

test('start() fails when the thread dies while loading, and the next request starts it again', async () => {
	const broken = readOnlyWriter('noSuchFunction')
	await expect(broken.start()).rejects.toThrow()
	await expect(broken.request('note-2')).rejects.toThrow()
})
