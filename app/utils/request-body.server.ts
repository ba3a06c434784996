import { type IncomingMessage } from 'node:http'

/**
 * The request body, or null once it exceeds `limit` bytes. The rest is read and dropped rather
 * than the connection cut, so the client still receives the 413 that says why.
 */
export function readBody(req: IncomingMessage, limit: number) {
	return new Promise<Buffer | null>((resolve, reject) => {
		const chunks: Buffer[] = []
		let size = 0
		const collect = (chunk: Buffer) => {
			size += chunk.length
			if (size <= limit) return chunks.push(chunk)
			req.off('data', collect)
			chunks.length = 0
			req.resume()
			resolve(null)
		}
		req.on('data', collect)
		req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks)))
		req.on('error', reject)
	})
}
