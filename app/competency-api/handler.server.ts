import { type z } from 'zod'
import { authenticateApiKey, type ApiCaller, type AuthFailure } from '#app/api-clients/api-keys.server.ts'
import { UnknownWorkTypeError } from '#app/eligibility/eligibility.server.ts'
import { ApiProblem, invalidRequest, problemReply, storageUnavailable, unauthorized, zodProblem } from '#app/utils/problem.server.ts'
import { logStorageFailure, retryAfterHeader, storageFailureOf } from '#app/utils/storage-failure.server.ts'

/**
 * What the API needs of a request, whichever server received it. The production server fills it
 * straight from node:http, because building a Fetch API Request and Response per call cost more
 * than the eligibility check itself; tests fill it from a Request (see router.server.ts).
 */
export type ApiRequest = { method: string; url: URL; header: (name: string) => string | null; json: () => Promise<unknown> }

/** An answer as plain data, written to the socket as is. */
export type ApiReply = { status: number; headers: Record<string, string>; body: string }

const authMessages: Record<AuthFailure, string> = {
	missing: 'Send an API key as "Authorization: Bearer <key>".',
	malformed: 'The Authorization header is not "Bearer <key>" with a FieldReady API key.',
	unknown: 'This API key is not known.',
	revoked: 'This API key has been revoked.',
	expired: 'This API key has expired.',
}

export function jsonReply(body: unknown, status = 200): ApiReply {
	return { status, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }, body: typeof body === 'string' ? body : JSON.stringify(body) }
}

/** Domain errors mapped to HTTP in one place. */
function toProblem(error: unknown): ApiProblem {
	if (error instanceof ApiProblem) return error
	if (error instanceof UnknownWorkTypeError) return invalidRequest([{ parameter: 'workType', detail: error.message }])
	const storage = storageFailureOf(error)
	if (storage) {
		logStorageFailure(storage)
		return storageUnavailable(storage)
	}
	console.error(error)
	return new ApiProblem(500, 'Internal Server Error', 'The request could not be completed. It has been logged; try again later.')
}

/**
 * Wraps an API resource route: authenticates the caller, runs the handler, and turns every
 * failure into problem+json.
 */
export async function handleApiRequest(request: ApiRequest, handler: (caller: ApiCaller, now: Date) => Promise<ApiReply>): Promise<ApiReply> {
	try {
		const now = new Date()
		const auth = await authenticateApiKey(request.header('Authorization'), now)
		if (!auth.ok) throw unauthorized(authMessages[auth.reason])
		return await handler(auth.caller, now)
	} catch (error) {
		const problem = toProblem(error)
		return problemReply(problem, problem.status === 401 ? { 'WWW-Authenticate': 'Bearer realm="fieldready"' } : problem.status === 503 ? retryAfterHeader : {})
	}
}

export function parseQuery<S extends z.ZodType>(request: ApiRequest, schema: S): z.infer<S> {
	const result = schema.safeParse(Object.fromEntries(request.url.searchParams))
	if (!result.success) throw zodProblem(result.error, 'query')
	return result.data
}

export async function parseJsonBody<S extends z.ZodType>(request: ApiRequest, schema: S): Promise<z.infer<S>> {
	// The media type exactly (parameters such as charset aside): "text/plain; x=application/json" is not JSON.
	const mediaType = request.header('Content-Type')?.split(';')[0]?.trim().toLowerCase()
	if (mediaType !== 'application/json') throw new ApiProblem(415, 'Unsupported Media Type', 'Send the body as JSON with Content-Type: application/json.')
	let body: unknown
	try {
		body = await request.json()
	} catch {
		throw invalidRequest([{ parameter: 'body', detail: 'is not valid JSON' }])
	}
	const result = schema.safeParse(body)
	if (!result.success) throw zodProblem(result.error, 'body')
	return result.data
}
