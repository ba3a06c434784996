import { createReadStream } from 'node:fs'
import { type IncomingMessage, type ServerResponse } from 'node:http'
import { gzipSync, inflateRawSync } from 'node:zlib'
import { z } from 'zod'
import { awardOnProgress } from '#app/certification/awards.server.ts'
import { resolvePackageFile } from '#app/scorm/package-files.server.ts'
import { attemptPlaybackState, launchSco, ScormLaunchRefusedError, ScormNotFoundError } from '#app/scorm/scorm-attempts.server.ts'
import { commitScormState, ScormCommitRejectedError, scormCommitSchema } from '#app/scorm/scorm-commit.server.ts'
import { saveSequencingState, sequencingSaveSchema } from '#app/scorm/scorm-sequencing.server.ts'
import { ApiProblem, problemReply } from '#app/utils/problem.server.ts'
import { readBody } from '#app/utils/request-body.server.ts'
import { logStorageFailure, retryAfterHeader, storageFailureMessage, storageFailureOf } from '#app/utils/storage-failure.server.ts'
import { COMMIT_FAILED, deflatedBodySchema } from './player-protocol.ts'
import { contentSecurityHeaders } from './content-headers.server.ts'
import { keepContentSessionAlive, resolveContentSession, type ContentSession } from './content-sessions.server.ts'
import { type PlayerBootstrap } from './player/bootstrap.ts'
import { wrapperPage } from './wrapper-page.server.ts'

/** Commits carry the whole CMI model (interactions included) and sequencing saves the engine's state. */
const MAX_BODY_BYTES = 8 * 1024 * 1024

export type ContentOriginConfig = { appOrigin: string; contentOrigin: string; runtimeScript: { name: string; body: Buffer } }

type Reply = { status: number; headers: Record<string, string>; body: string | Buffer }

class ContentProblem extends Error {
	constructor(
		readonly status: number,
		readonly title: string,
		override readonly message: string,
	) {
		super(message)
	}
}

const expiredMessage = 'This course session has ended (you signed out, or it was left idle too long). Open the course again from FieldReady; everything saved so far is kept.'

function sessionProblem(refusal: 'unknown' | 'expired') {
	return refusal === 'expired' ? new ContentProblem(401, 'Session ended', expiredMessage) : new ContentProblem(404, 'Not Found', 'There is no course here. Open the course from FieldReady.')
}

/** Runtime endpoints answer problem+json; commit answers also carry SCORM's result, as scorm-again reads it. */
function problemAnswer(problem: ContentProblem, { commit }: { commit: boolean }): Reply {
	const reply = problemReply(new ApiProblem(problem.status, problem.title, problem.message), problem.status === 413 ? { Connection: 'close' } : problem.status === 503 ? retryAfterHeader : {})
	const body = commit ? JSON.stringify({ ...(JSON.parse(reply.body) as object), result: false, errorCode: COMMIT_FAILED }) : reply.body
	return { ...reply, body }
}

const json = (value: unknown): Reply => ({ status: 200, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }, body: JSON.stringify(value) })

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** What a frame shows when it cannot show the course: a page a learner can read. */
function htmlProblem(problem: ContentProblem): Reply {
	const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(problem.title)}</title></head><body style="font:16px/1.5 system-ui,sans-serif;padding:1.5rem"><h1 style="font-size:1.25rem">${escapeHtml(problem.title)}</h1><p>${escapeHtml(problem.message)}</p></body></html>`
	return { status: problem.status, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...(problem.status === 503 ? retryAfterHeader : {}) }, body }
}

const tooLarge = () => new ContentProblem(413, 'Content Too Large', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`)

function parseText(text: string) {
	try {
		return JSON.parse(text) as unknown
	} catch {
		throw new ContentProblem(400, 'Invalid request', 'The body is not valid JSON.')
	}
}

/** A body a leaving page deflated to fit a beacon, unwrapped; the limit holds for what it inflates to. */
function inflated(value: unknown) {
	const envelope = deflatedBodySchema.safeParse(value)
	if (!envelope.success) return value
	try {
		return parseText(inflateRawSync(Buffer.from(envelope.data.deflated, 'base64'), { maxOutputLength: MAX_BODY_BYTES }).toString('utf8'))
	} catch (error) {
		if (error instanceof ContentProblem) throw error
		if (error instanceof RangeError) throw tooLarge()
		throw new ContentProblem(400, 'Invalid request', 'The deflated body could not be inflated.')
	}
}

async function parseJson<T extends z.ZodType>(req: IncomingMessage, schema: T): Promise<z.infer<T>> {
	const body = await readBody(req, MAX_BODY_BYTES)
	if (body === null) throw tooLarge()
	const value = inflated(parseText(body.toString('utf8')))
	const parsed = schema.safeParse(value)
	if (!parsed.success) throw new ContentProblem(400, 'Invalid request', `The body is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'} ${i.message}`).join('; ')}`)
	return parsed.data
}

/** Maps what the SCORM domain refuses to what the runtime is told. */
function domainProblem(error: unknown): never {
	if (error instanceof ScormNotFoundError) throw new ContentProblem(404, 'Not Found', error.message)
	if (error instanceof ScormLaunchRefusedError) throw new ContentProblem(409, 'Not available yet', error.message)
	if (error instanceof ScormCommitRejectedError) throw new ContentProblem(422, 'Not recorded', error.message)
	throw error
}

type Context = { req: IncomingMessage; session: ContentSession; basePath: string; rest: string; now: Date; config: ContentOriginConfig }

const launchSchema = z.object({ scoId: z.string().min(1).max(200) })

const actions: Record<string, (context: Context) => Promise<Reply>> = {
	async launch({ req, session, basePath, now }) {
		const { scoId } = await parseJson(req, launchSchema)
		const { attempt } = session
		const { launchHref, ...launch } = await launchSco({ personId: attempt.personId, attemptId: attempt.id, scoId, at: now, onCompleted: awardOnProgress }).catch(domainProblem)
		return json({ ...launch, launchUrl: `${basePath}/f/${launchHref}` })
	},
	async commit({ req, session, now }) {
		const commit = await parseJson(req, scormCommitSchema)
		const { attempt } = session
		const result = await commitScormState({ personId: attempt.personId, attemptId: attempt.id, commit, at: now, onCompleted: awardOnProgress }).catch(domainProblem)
		await keepContentSessionAlive({ sessionId: session.id, at: now })
		return json({ result: true, errorCode: 0, ...result })
	},
	async sequencing({ req, session, now }) {
		const save = await parseJson(req, sequencingSaveSchema)
		const { attempt } = session
		const standing = await saveSequencingState({ personId: attempt.personId, attemptId: attempt.id, contentSessionId: session.id, save, at: now, onCompleted: awardOnProgress }).catch(domainProblem)
		return json(standing)
	},
	async heartbeat({ session, now }) {
		await keepContentSessionAlive({ sessionId: session.id, at: now })
		return { status: 204, headers: { 'Cache-Control': 'no-store' }, body: '' }
	},
}

async function wrapper({ session, basePath, config }: Context): Promise<Reply> {
	const { attempt } = session
	const playback = await attemptPlaybackState({ attemptId: attempt.id, personId: attempt.personId })
	const bootstrap: PlayerBootstrap = { appOrigin: config.appOrigin, basePath, ...playback }
	return { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }, body: wrapperPage({ bootstrap, runtimeScript: config.runtimeScript.name }) }
}

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/

/** A package file, streamed; media players seek with a single byte range. */
function sendPackageFile(req: IncomingMessage, res: ServerResponse, { packageId, path, headers }: { packageId: string; path: string; headers: Record<string, string> }) {
	let decoded: string
	try {
		decoded = decodeURIComponent(path)
	} catch {
		decoded = '\0'
	}
	const file = resolvePackageFile(packageId, decoded)
	if (!file) return send(res, htmlProblem(new ContentProblem(404, 'Not part of this course', 'This file is not part of the course package.')), headers)
	const base = { ...headers, 'Content-Type': file.contentType, 'Cache-Control': 'private, max-age=3600', 'Accept-Ranges': 'bytes' }
	const range = SINGLE_RANGE.exec(req.headers.range ?? '')
	let start = 0
	let end = file.size - 1
	if (range && (range[1] || range[2])) {
		start = range[1] ? Number(range[1]) : Math.max(0, file.size - Number(range[2]))
		end = range[1] && range[2] ? Math.min(Number(range[2]), file.size - 1) : file.size - 1
		if (start > end || start >= file.size) {
			res.writeHead(416, { ...base, 'Content-Range': `bytes */${file.size}` })
			return res.end()
		}
		res.writeHead(206, { ...base, 'Content-Range': `bytes ${start}-${end}/${file.size}`, 'Content-Length': String(end - start + 1) })
	} else res.writeHead(200, { ...base, 'Content-Length': String(file.size) })
	if (req.method === 'HEAD' || file.size === 0) return res.end()
	createReadStream(file.absolute, { start, end }).on('error', () => res.destroy()).pipe(res)
}

function send(res: ServerResponse, reply: Reply, securityHeaders: Record<string, string>) {
	res.writeHead(reply.status, { ...reply.headers, ...securityHeaders, 'Content-Length': String(Buffer.byteLength(reply.body)) })
	res.end(reply.body)
}

const SESSION_PATH = /^\/s\/([^/]+)\/(.*)$/

/**
 * The content origin: package files, the wrapper page that holds the SCORM runtime, and the
 * runtime's endpoints, each opened by the capability in its path. It never reads the app's
 * session cookie (browsers send it to every port of a host) and never sets a cookie of its own.
 */
export function createContentListener(config: ContentOriginConfig) {
	const runtimeGzip = gzipSync(config.runtimeScript.body)
	const hsts: Record<string, string> = config.contentOrigin.startsWith('https:') ? { 'Strict-Transport-Security': 'max-age=31536000' } : {}
	const headersFor = (kind: 'package' | 'wrapper' | 'data') => ({ ...contentSecurityHeaders({ appOrigin: config.appOrigin, kind }), ...hsts })

	async function answer(req: IncomingMessage, res: ServerResponse) {
		const url = new URL(req.url ?? '/', config.contentOrigin)
		const method = req.method ?? 'GET'
		if (url.pathname === `/runtime/${config.runtimeScript.name}` && (method === 'GET' || method === 'HEAD')) {
			const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
			const headers = { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=31536000, immutable', Vary: 'Accept-Encoding', ...(gzip ? { 'Content-Encoding': 'gzip' } : {}) }
			return send(res, { status: 200, headers, body: method === 'HEAD' ? '' : gzip ? runtimeGzip : config.runtimeScript.body }, headersFor('data'))
		}
		const match = SESSION_PATH.exec(url.pathname)
		const reading = method === 'GET' || method === 'HEAD'
		if (!match) return send(res, htmlProblem(new ContentProblem(404, 'Not Found', 'There is nothing here. Courses open from FieldReady.')), headersFor('data'))
		const [, token, rest] = match as unknown as [string, string, string]
		const isAction = method === 'POST' && rest in actions
		// Runtime calls come from the wrapper on this origin, and browsers say so; a page elsewhere that got hold of a capability cannot use it.
		if (method === 'POST' && req.headers['sec-fetch-site'] !== 'same-origin') return send(res, problemAnswer(new ContentProblem(403, 'Forbidden', 'Runtime calls are accepted from this origin only.'), { commit: rest === 'commit' }), headersFor('data'))
		if (!reading && !isAction) return send(res, problemAnswer(new ContentProblem(405, 'Method Not Allowed', `${method} is not accepted here.`), { commit: false }), headersFor('data'))
		const now = new Date()
		const session = await resolveContentSession(token, now)
		if (typeof session === 'string') {
			const problem = sessionProblem(session)
			return send(res, reading ? htmlProblem(problem) : problemAnswer(problem, { commit: rest === 'commit' }), headersFor(reading ? 'package' : 'data'))
		}
		const context: Context = { req, session, basePath: `/s/${token}`, rest, now, config }
		if (reading && rest === '') return send(res, await wrapper(context), headersFor('wrapper'))
		if (reading && rest.startsWith('f/')) return sendPackageFile(req, res, { packageId: session.attempt.packageId, path: rest.slice(2), headers: headersFor('package') })
		if (reading) return send(res, htmlProblem(new ContentProblem(404, 'Not Found', 'There is nothing here.')), headersFor('package'))
		try {
			send(res, await actions[rest]!(context), headersFor('data'))
		} catch (error) {
			if (!(error instanceof ContentProblem)) throw error
			send(res, problemAnswer(error, { commit: rest === 'commit' }), headersFor('data'))
		}
	}

	/** The last resort: a storage failure is a 503 the player retries and then reports as not saved; anything else, a 500. */
	function unexpected(req: IncomingMessage, res: ServerResponse, error: unknown) {
		if (res.headersSent) return res.destroy()
		const storage = storageFailureOf(error)
		if (storage) logStorageFailure(storage)
		else console.error(error)
		const problem = storage ? new ContentProblem(503, 'Service Unavailable', storageFailureMessage(storage)) : new ContentProblem(500, 'Internal Server Error', 'The request could not be completed; try again.')
		const reading = req.method === 'GET' || req.method === 'HEAD'
		send(res, reading ? htmlProblem(problem) : problemAnswer(problem, { commit: true }), headersFor('data'))
	}

	return (req: IncomingMessage, res: ServerResponse) => {
		answer(req, res).catch((error: unknown) => unexpected(req, res, error))
	}
}
