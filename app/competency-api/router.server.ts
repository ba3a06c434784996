import { type ApiCaller } from '#app/api-clients/api-keys.server.ts'
import { awardsForEmployee } from '#app/certification/certificates.server.ts'
import { checkEligibility, findCheck } from '#app/eligibility/eligibility.server.ts'
import { listWorkTypes } from '#app/eligibility/work-types.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { ApiProblem, notFound, problemReply } from '#app/utils/problem.server.ts'
import { batchRequestSchema, eligibilityQuerySchema } from './contract.ts'
import { handleApiRequest, jsonReply, parseJsonBody, parseQuery, type ApiReply, type ApiRequest } from './handler.server.ts'
import { openApiDocument } from './openapi.server.ts'

type Route = {
	method: 'GET' | 'POST'
	pattern: RegExp
	/** Public routes answer without an API key. */
	public?: true
	handle: (args: { request: ApiRequest; params: string[]; now: Date; caller: ApiCaller }) => Promise<ApiReply>
}

const routes: Route[] = [
	{
		method: 'GET',
		pattern: /^\/api\/v1\/reps\/([^/]+)\/eligibility$/,
		async handle({ request, params: [employeeId], now, caller }) {
			const { workType, at } = parseQuery(request, eligibilityQuerySchema)
			const [result] = await checkEligibility({ employeeIds: [employeeId!], workTypeCode: workType, at: at ? new Date(at) : now, caller, checkedAt: now, batch: false })
			if (!result || 'error' in result.entry) throw notFound(`No rep with employee ID "${employeeId}".`)
			return jsonReply(result.json)
		},
	},
	{
		method: 'POST',
		pattern: /^\/api\/v1\/eligibility\/batch$/,
		async handle({ request, now, caller }) {
			const { workType, at, employeeIds } = await parseJsonBody(request, batchRequestSchema)
			const answers = await checkEligibility({ employeeIds, workTypeCode: workType, at: at ? new Date(at) : now, caller, checkedAt: now, batch: true })
			// The same bytes as JSON.stringify({ results }), built from the strings stored as evidence.
			return jsonReply(`{"results":[${answers.map((a) => a.json).join(',')}]}`)
		},
	},
	{
		method: 'GET',
		pattern: /^\/api\/v1\/checks\/([^/]+)$/,
		async handle({ params: [checkId], caller }) {
			// Another client's check is as unknown as a missing one, unless the key may audit.
			const recorded = await findCheck(checkId!)
			if (!recorded || (recorded.apiClientId !== caller.id && !caller.audit)) throw notFound(`No recorded check "${checkId}".`)
			return jsonReply(recorded.response)
		},
	},
	{
		method: 'GET',
		pattern: /^\/api\/v1\/reps\/([^/]+)\/certifications$/,
		async handle({ params: [employeeId], now }) {
			const held = await awardsForEmployee({ employeeId: employeeId!, at: now })
			if (!held) throw notFound(`No rep with employee ID "${employeeId}".`)
			return jsonReply({ employeeId, ...held })
		},
	},
	{ method: 'GET', pattern: /^\/api\/v1\/work-types$/, handle: async () => jsonReply({ workTypes: await listWorkTypes() }) },
	// Public on purpose: the contract is no secret, and clients need it before they hold a key. Its server is the
	// configured app origin, never the request's Host, which a client chooses.
	{ method: 'GET', pattern: /^\/api\/v1\/openapi\.json$/, public: true, handle: async () => jsonReply(openApiDocument(getEnv().APP_ORIGIN)) },
]

function decodeParams(match: RegExpExecArray) {
	try {
		return match.slice(1).map((segment) => decodeURIComponent(segment))
	} catch {
		return null
	}
}

/**
 * The competency API, served beside the Remix app rather than through it: Remix's own request
 * handling costs about 0.75 ms per request, more than a whole eligibility check may take.
 */
export async function answerApiRequest(request: ApiRequest): Promise<ApiReply> {
	const { pathname } = request.url
	const candidates = routes.map((route) => ({ route, match: route.pattern.exec(pathname) })).filter((c) => c.match)
	if (candidates.length === 0) return problemReply(notFound(`There is no API resource at ${pathname}. See /api/v1/openapi.json.`))
	const found = candidates.find((c) => c.route.method === request.method || (request.method === 'HEAD' && c.route.method === 'GET'))
	if (!found) {
		const allowed = candidates.map((c) => c.route.method).join(', ')
		return problemReply(new ApiProblem(405, 'Method Not Allowed', `Use ${allowed} for this resource.`), { Allow: allowed })
	}
	const params = decodeParams(found.match!)
	if (!params) return problemReply(notFound(`There is no API resource at ${pathname}: a path segment is not valid percent-encoding.`))
	if (found.route.public) return found.route.handle({ request, params, now: new Date(), caller: { id: 'public', name: 'public', audit: false } })
	return handleApiRequest(request, (caller, now) => found.route.handle({ request, params, now, caller }))
}

/** The same API for a Fetch API Request (tests, and any Fetch-based server). */
export async function handleCompetencyApi(request: Request): Promise<Response> {
	const reply = await answerApiRequest({ method: request.method, url: new URL(request.url), header: (name) => request.headers.get(name), json: () => request.json() })
	return new Response(request.method === 'HEAD' ? null : reply.body, { status: reply.status, headers: reply.headers })
}
