import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import { createRequestHandler as createRemixRequestHandler, type ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express, { type RequestHandler } from 'express'
import { type ApiReply, type ApiRequest } from '#app/competency-api/handler.server.ts'
import { isCrossSiteWrite } from '#app/utils/csrf.server.ts'
import { ApiProblem, problemReply, storageUnavailable } from '#app/utils/problem.server.ts'
import { logStorageFailure, retryAfterHeader, storageFailureOf } from '#app/utils/storage-failure.server.ts'
import { readBody } from '#app/utils/request-body.server.ts'
import { type TrustProxy } from '#app/utils/env.server.ts'
import { withStorageFailureAnswers } from './storage-failure-routes.ts'

// Courses play in a frame from the content origin; nothing else is framed.
const contentSecurityPolicy = (nonce: string, contentOrigin: string) =>
	[
		"default-src 'self'",
		`script-src 'self' 'nonce-${nonce}'`,
		// React and recharts set inline style attributes.
		"style-src 'self' 'unsafe-inline'",
		"img-src 'self' data:",
		"font-src 'self'",
		"connect-src 'self'",
		`frame-src ${contentOrigin}`,
		"frame-ancestors 'self'",
		"form-action 'self'",
		"base-uri 'self'",
		"object-src 'none'",
	].join('; ')

const securityHeaders = (contentOrigin: string): RequestHandler => (req, res, next) => {
	const nonce = randomBytes(16).toString('base64')
	res.locals.cspNonce = nonce
	res.setHeader('Content-Security-Policy', contentSecurityPolicy(nonce, contentOrigin))
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

/** State changes are accepted from the app's own pages only: not another site, and not the content origin beside it. */
const rejectCrossSiteWrites = (appOrigin: string): RequestHandler => (req, res, next) => {
	const headers = { get: (name: string) => req.get(name) ?? null }
	if (isCrossSiteWrite({ method: req.method, headers }, appOrigin)) {
		res.status(403).type('text/plain').send(`Changes are accepted only from FieldReady's own pages at ${appOrigin} (APP_ORIGIN); this request came from elsewhere.`)
		return
	}
	next()
}

const MAX_API_BODY_BYTES = 1024 * 1024

/** Express compiles TRUST_PROXY into this (proxy-addr): may the hop-th address from the socket be believed? */
type TrustFunction = (address: string, hop: number) => boolean

type AnswerApiRequest = (request: ApiRequest) => Promise<ApiReply>

// A JSON API needs none of the page policy above; these keep a browser from sniffing, framing or rendering it.
const apiSecurityHeaders = { 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'" }

function send(res: ServerResponse, { status, headers, body }: ApiReply, secure: boolean) {
	res.writeHead(status, { ...headers, ...apiSecurityHeaders, ...(secure ? { 'Strict-Transport-Security': 'max-age=31536000' } : {}), 'Content-Length': Buffer.byteLength(body) })
	res.end(body)
}

const headerValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : (value ?? null))


/**
 * Hands /api requests to the competency API straight from node:http (see competency-api/router.server.ts).
 * Going through express and a Fetch API Request/Response cost more CPU than the check itself.
 */
function competencyApi(answer: AnswerApiRequest, { trusts }: { trusts: TrustFunction }) {
	// Like express's req.protocol: X-Forwarded-Proto counts only when the peer is a trusted proxy.
	const protocol = (req: IncomingMessage) => (trusts(req.socket.remoteAddress ?? '', 0) ? headerValue(req.headers['x-forwarded-proto'])?.split(',')[0]?.trim() : undefined) ?? 'http'
	return async (req: IncomingMessage, res: ServerResponse) => {
		const scheme = protocol(req)
		try {
			const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
			const body = hasBody ? await readBody(req, MAX_API_BODY_BYTES) : Buffer.alloc(0)
			if (body === null) {
				send(res, problemReply(new ApiProblem(413, 'Content Too Large', `Request bodies are limited to ${MAX_API_BODY_BYTES} bytes.`), { Connection: 'close' }), scheme === 'https')
				return
			}
			const reply = await answer({
				method: req.method ?? 'GET',
				url: new URL(req.url ?? '/', `${scheme}://${req.headers.host ?? 'localhost'}`),
				header: (name) => headerValue(req.headers[name.toLowerCase()]),
				json: async () => JSON.parse(body.toString('utf8')) as unknown,
			})
			send(res, reply, scheme === 'https')
		} catch (error) {
			// The API answers its own errors as problem+json; this is the last resort, never a stack trace.
			const storage = storageFailureOf(error)
			if (storage) logStorageFailure(storage)
			else console.error(error)
			if (res.headersSent) res.destroy()
			else send(res, storage ? problemReply(storageUnavailable(storage), retryAfterHeader) : problemReply(new ApiProblem(500, 'Internal Server Error', 'The request could not be completed.')), scheme === 'https')
		}
	}
}

const isApiPath = (url = '') => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?')

type Origins = { appOrigin: string; contentOrigin: string }

type BuildEntry = {
	answerApiRequest: AnswerApiRequest
	warmUp: () => Promise<void>
	createContentListener: (config: Origins & { runtimeScript: { name: string; body: Buffer } }) => RequestListener
}

/** The content player's runtime script, bundled beside the server build (see app/cli/build-content-player.ts). */
function readRuntimeScript(buildDir: string) {
	const dir = path.join(buildDir, 'content-player')
	const { script } = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { script: string }
	return { name: script, body: readFileSync(path.join(dir, script)) }
}

/** The first render of a page compiles its modules' code: done here, not in a user's sign-in. */
async function renderOnce(build: ServerBuild, url: string) {
	const response = await createRemixRequestHandler(build, 'production')(new Request(url), { cspNonce: 'warm-up' })
	await response.arrayBuffer()
}

/**
 * Two listeners: the app, and the content origin that serves SCORM packages away from the app's
 * origin (app/content-delivery). Both come from the same build and share its database client.
 */
export async function createApp({ buildDir, publicDir, trustProxy, appOrigin, contentOrigin }: { buildDir: string; publicDir: string; trustProxy: TrustProxy } & Origins) {
	const build = (await import(pathToFileURL(path.join(buildDir, 'index.js')).href)) as ServerBuild
	const app = express()
	app.disable('x-powered-by')
	app.set('trust proxy', trustProxy)
	app.use(compression())
	app.use('/build', express.static(path.join(publicDir, 'build'), { immutable: true, maxAge: '1y' }))
	app.use(express.static(publicDir, { maxAge: '1h' }))
	app.use(securityHeaders(contentOrigin), clientAddress, rejectCrossSiteWrites(appOrigin))
	const pageBuild = withStorageFailureAnswers(build)
	app.all('*', createRequestHandler({ build: pageBuild, getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }) }))
	const entry = build.entry.module as unknown as BuildEntry
	await entry.warmUp()
	await renderOnce(pageBuild, `${appOrigin}/login`)
	const api = competencyApi(entry.answerApiRequest, { trusts: app.get('trust proxy fn') as TrustFunction })
	// /api never enters express: its middleware (query parsing, CSP nonces, compression) is for pages.
	const listener: RequestListener = (req, res) => (isApiPath(req.url) ? void api(req, res) : app(req, res))
	return { app: listener, content: entry.createContentListener({ appOrigin, contentOrigin, runtimeScript: readRuntimeScript(buildDir) }) }
}

/**
 * How long a client may take, as a production Node server bounds it: the headers, the whole request
 * (a package upload included), a silent connection, and an idle keep-alive. Node checks the first
 * two every `checkEveryMs`.
 */
export const SERVER_TIMEOUTS = { headersMs: 20_000, requestMs: 120_000, idleMs: 60_000, keepAliveMs: 5_000, checkEveryMs: 5_000 }

export function listen(app: RequestListener, { port, host, timeouts = SERVER_TIMEOUTS }: { port: number; host: string; timeouts?: typeof SERVER_TIMEOUTS }) {
	return new Promise<Server>((resolve, reject) => {
		const server = createServer({ requestTimeout: timeouts.requestMs, headersTimeout: timeouts.headersMs, connectionsCheckingInterval: timeouts.checkEveryMs }, app)
		server.keepAliveTimeout = timeouts.keepAliveMs
		server.setTimeout(timeouts.idleMs, (socket) => socket.destroy())
		server.listen(port, host, () => resolve(server))
		server.once('error', reject)
	})
}
