import { type z } from 'zod'
import { authenticateApiKey, type ApiCaller, type AuthFailure } from '#app/api-clients/api-keys.server.ts'
import { UnknownWorkTypeError } from '#app/eligibility/eligibility.server.ts'
import { ApiProblem, invalidRequest, problemResponse, unauthorized, zodProblem } from '#app/utils/problem.server.ts'

const authMessages: Record<AuthFailure, string> = {
	missing: 'Send an API key as "Authorization: Bearer <key>".',
	malformed: 'The Authorization header is not "Bearer <key>" with a FieldReady API key.',
	unknown: 'This API key is not known.',
	revoked: 'This API key has been revoked.',
	expired: 'This API key has expired.',
}

export function jsonResponse(body: unknown, status = 200) {
	return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } })
}

/** Domain errors mapped to HTTP in one place. */
function toProblem(error: unknown): ApiProblem {
	if (error instanceof ApiProblem) return error
	if (error instanceof UnknownWorkTypeError) return invalidRequest([{ parameter: 'workType', detail: error.message }])
	console.error(error)
	return new ApiProblem(500, 'Internal Server Error', 'The request could not be completed. It has been logged; try again later.')
}

/**
 * Wraps an API resource route: authenticates the caller, runs the handler, and turns every
 * failure into problem+json.
 */
export async function handleApiRequest(request: Request, handler: (caller: ApiCaller, now: Date) => Promise<Response>) {
	try {
		const now = new Date()
		const auth = await authenticateApiKey(request.headers.get('Authorization'), now)
		if (!auth.ok) throw unauthorized(authMessages[auth.reason])
		return await handler(auth.caller, now)
	} catch (error) {
		const problem = toProblem(error)
		return problemResponse(problem, problem.status === 401 ? { 'WWW-Authenticate': 'Bearer realm="fieldready"' } : {})
	}
}

export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
	const result = schema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
	if (!result.success) throw zodProblem(result.error, 'query')
	return result.data
}

export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
	if (!request.headers.get('Content-Type')?.includes('application/json')) {
		throw invalidRequest([{ parameter: 'body', detail: 'must be JSON sent with Content-Type: application/json' }])
	}
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
