import { randomBytes } from 'node:crypto'
import { type Server } from 'node:http'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import { type ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express, { type RequestHandler } from 'express'
import { isCrossSiteWrite } from '#app/utils/csrf.server.ts'

const contentSecurityPolicy = (nonce: string) =>
	[
		"default-src 'self'",
		`script-src 'self' 'nonce-${nonce}'`,
		// React and recharts set inline style attributes.
		"style-src 'self' 'unsafe-inline'",
		"img-src 'self' data:",
		"font-src 'self'",
		"connect-src 'self'",
		"frame-src 'self'",
		"frame-ancestors 'self'",
		"form-action 'self'",
		"base-uri 'self'",
		"object-src 'none'",
	].join('; ')

// SCORM package files carry their own policy (scorm/package-files.server.ts); two policies would both apply.
const SCORM_FILES_PATH = '/learn/scorm-files/'

const securityHeaders: RequestHandler = (req, res, next) => {
	const nonce = randomBytes(16).toString('base64')
	res.locals.cspNonce = nonce
	if (!req.path.startsWith(SCORM_FILES_PATH)) res.setHeader('Content-Security-Policy', contentSecurityPolicy(nonce))
	res.setHeader('X-Content-Type-Options', 'nosniff')
	res.setHeader('Referrer-Policy', 'same-origin')
	res.setHeader('X-Frame-Options', 'SAMEORIGIN')
	if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000')
	next()
}

/** The client address goes to the app in a header only this server sets. */
const clientAddress: RequestHandler = (req, _res, next) => {
	req.headers['x-fieldready-client-ip'] = req.ip ?? ''
	next()
}

const rejectCrossSiteWrites: RequestHandler = (req, res, next) => {
	const expectedOrigin = `${req.protocol}://${req.get('host')}`
	const headers = { get: (name: string) => req.get(name) ?? null }
	if (isCrossSiteWrite({ method: req.method, headers }, expectedOrigin)) {
		res.status(403).type('text/plain').send('Cross-site form submissions are not accepted.')
		return
	}
	next()
}

const MAX_API_BODY_BYTES = 1024 * 1024

type ApiHandler = (request: Request) => Promise<Response>

function readBody(req: express.Request, limit: number) {
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

/** Hands /api requests to the competency API, outside Remix (see competency-api/router.server.ts). */
function competencyApi(handle: ApiHandler): RequestHandler {
	return async (req, res, next) => {
		try {
			const headers = new Headers()
			for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value)
			const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
			const body = hasBody ? await readBody(req, MAX_API_BODY_BYTES) : undefined
			if (body === null) {
				res.status(413).type('application/problem+json').send(JSON.stringify({ type: 'about:blank', title: 'Content Too Large', status: 413, detail: `Request bodies are limited to ${MAX_API_BODY_BYTES} bytes.` }))
				return
			}
			const response = await handle(new Request(`${req.protocol}://${req.get('host')}${req.originalUrl}`, { method: req.method, headers, body: body ? new Uint8Array(body) : undefined }))
			res.status(response.status)
			response.headers.forEach((value, name) => res.setHeader(name, value))
			res.setHeader('X-Content-Type-Options', 'nosniff')
			res.end(Buffer.from(await response.arrayBuffer()))
		} catch (error) {
			next(error)
		}
	}
}

export async function createApp({ buildDir, publicDir, trustProxy }: { buildDir: string; publicDir: string; trustProxy: boolean }) {
	const build = (await import(pathToFileURL(path.join(buildDir, 'index.js')).href)) as ServerBuild
	const app = express()
	app.disable('x-powered-by')
	app.set('trust proxy', trustProxy)
	const { handleCompetencyApi } = build.entry.module as unknown as { handleCompetencyApi: ApiHandler }
	app.use('/api', competencyApi(handleCompetencyApi))
	app.use(compression())
	app.use('/build', express.static(path.join(publicDir, 'build'), { immutable: true, maxAge: '1y' }))
	app.use(express.static(publicDir, { maxAge: '1h' }))
	app.use(securityHeaders, clientAddress, rejectCrossSiteWrites)
	app.all('*', createRequestHandler({ build, getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }) }))
	return app
}

export function listen(app: express.Express, { port, host }: { port: number; host: string }) {
	return new Promise<Server>((resolve, reject) => {
		const server = app.listen(port, host, () => resolve(server))
		server.once('error', reject)
	})
}
