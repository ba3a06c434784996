import { type z } from 'zod'
import { storageFailureMessage, type StorageFailure } from './storage-failure.server.ts'

/**
 * The API's one error format: RFC 9457 problem details. Domain and validation errors become
 * an ApiProblem in the route helper; nothing else (no stack trace, no HTML) leaves the API.
 */
export type ParameterError = { parameter: string; detail: string }

export class ApiProblem extends Error {
	override name = 'ApiProblem'
	constructor(
		readonly status: number,
		readonly title: string,
		readonly detail: string,
		readonly errors?: ParameterError[],
		readonly type = 'about:blank',
	) {
		super(detail)
	}
}

export const invalidRequest = (errors: ParameterError[]) =>
	new ApiProblem(400, 'Invalid request', errors.map((e) => `${e.parameter} ${e.detail}`).join('; '), errors, 'urn:fieldready:problem:invalid-request')

export const notFound = (detail: string) => new ApiProblem(404, 'Not Found', detail, undefined, 'urn:fieldready:problem:not-found')

export function unauthorized(detail: string) {
	return new ApiProblem(401, 'Unauthorized', detail, undefined, 'urn:fieldready:problem:unauthorized')
}

/** Nothing could be stored (disk full, read-only database): the client should retry later, as Retry-After says. */
export const storageUnavailable = (failure: StorageFailure) => new ApiProblem(503, 'Service Unavailable', storageFailureMessage(failure), undefined, 'urn:fieldready:problem:storage-unavailable')

/** Names each offending parameter (`at`, `employeeIds.3`); `whole` names the input when the problem is all of it. */
export function zodProblem(error: z.ZodError, whole: string) {
	return invalidRequest(error.issues.map((issue) => ({ parameter: issue.path.length ? issue.path.map(String).join('.') : whole, detail: issue.message })))
}

/** A problem as the API sends it: status, headers and the problem+json body, plain data for any server. */
export function problemReply(problem: ApiProblem, headers: Record<string, string> = {}) {
	const body = { type: problem.type, title: problem.title, status: problem.status, detail: problem.detail, ...(problem.errors ? { errors: problem.errors } : {}) }
	return { status: problem.status, headers: { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store', ...headers }, body: JSON.stringify(body) }
}
