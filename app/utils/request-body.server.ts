import { type IncomingMessage } from 'node:http'

/** The request body, or null once it exceeds `limit` bytes (the rest is not read). */
export function readBody(req: IncomingMessage, limit: number) {
	return new Promise<Buffer | null>((resolve, reject) => {
		const chunks: Buffer[] = []
		let size = 0
		req.on('data', (chunk: Buffer) => {
			size += chunk.length
			if (size > limit) {
				req.destroy()
				resolve(null)
			} else chunks.push(chunk)
		})
		req.on('end', () => resolve(Buffer.concat(chunks)))
		req.on('error', reject)
	})
}
