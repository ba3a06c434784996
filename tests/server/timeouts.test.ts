import { connect, type AddressInfo, type Socket } from 'node:net'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { listen } from '#app/server/http-server.ts'

let port = 0
let close = () => {}

beforeAll(async () => {
	// The production timeouts, scaled down so the test does not wait minutes.
	const server = await listen((req, res) => req.on('data', () => {}).on('end', () => res.end('ok')), { port: 0, host: '127.0.0.1', timeouts: { headersMs: 300, requestMs: 800, idleMs: 400, keepAliveMs: 200, checkEveryMs: 100 } })
	port = (server.address() as AddressInfo).port
	close = () => server.close()
})
afterAll(() => close())

/** Milliseconds until the server closes a connection that behaves as `drive` makes it. */
function closedAfter(drive: (socket: Socket) => void) {
	return new Promise<{ ms: number; reply: string }>((resolve) => {
		const started = Date.now()
		let reply = ''
		const socket = connect(port, '127.0.0.1', () => drive(socket))
		socket.on('data', (chunk) => (reply += chunk.toString()))
		socket.on('error', () => {})
		socket.on('close', () => resolve({ ms: Date.now() - started, reply }))
	})
}

test('a connection that says nothing is closed', async () => {
	expect((await closedAfter(() => {})).ms).toBeLessThan(3_000)
})

test('headers that never finish are answered 408 and closed', async () => {
	const { ms, reply } = await closedAfter((socket) => socket.write('GET / HTTP/1.1\r\nHost: fieldready\r\n'))
	expect(ms).toBeLessThan(3_000)
	expect(reply).toMatch(/^HTTP\/1\.1 408/)
})

test('a body trickled a byte at a time is cut off once the request time is up', async () => {
	const { ms } = await closedAfter((socket) => {
		socket.write('POST / HTTP/1.1\r\nHost: fieldready\r\nContent-Length: 1000\r\n\r\n')
		const drip = setInterval(() => (socket.writable ? socket.write('x') : clearInterval(drip)), 50)
		socket.on('close', () => clearInterval(drip))
	})
	expect(ms).toBeLessThan(3_000)
})

test('a well-behaved request is answered', async () => {
	const { reply } = await closedAfter((socket) => socket.write('GET / HTTP/1.1\r\nHost: fieldready\r\nConnection: close\r\n\r\n'))
	expect(reply).toMatch(/^HTTP\/1\.1 200[\s\S]*ok$/)
})
