import { awardsForEmployee } from '#app/certification/certificates.server.ts'
import { checkEligibility, findCheck } from '#app/eligibility/eligibility.server.ts'
import { listWorkTypes } from '#app/eligibility/work-types.server.ts'
import { ApiProblem, notFound, problemResponse } from '#app/utils/problem.server.ts'
import { batchRequestSchema, eligibilityQuerySchema } from './contract.ts'
import { handleApiRequest, jsonResponse, parseJsonBody, parseQuery } from './handler.server.ts'
import { openApiDocument } from './openapi.server.ts'

type Route = {
	method: 'GET' | 'POST'
	pattern: RegExp
	/** Public routes answer without an API key. */
	public?: true
	handle: (args: { request: Request; params: string[]; now: Date; caller: { id: string } }) => Promise<Response>
}

const routes: Route[] = [
	{
		method: 'GET',
		pattern: /^\/api\/v1\/reps\/([^/]+)\/eligibility$/,
		async handle({ request, params: [employeeId], now, caller }) {
			const { workType, at } = parseQuery(request, eligibilityQuerySchema)
			const [result] = await checkEligibility({ employeeIds: [employeeId!], workTypeCode: workType, at: at ? new Date(at) : now, caller, checkedAt: now, batch: false })
			if (!result || 'error' in result) throw notFound(`No rep with employee ID "${employeeId}".`)
			return jsonResponse(result)
		},
	},
	{
		method: 'POST',
		pattern: /^\/api\/v1\/eligibility\/batch$/,
		async handle({ request, now, caller }) {
			const { workType, at, employeeIds } = await parseJsonBody(request, batchRequestSchema)
			return jsonResponse({ results: await checkEligibility({ employeeIds, workTypeCode: workType, at: at ? new Date(at) : now, caller, checkedAt: now, batch: true }) })
		},
	},
	{
		method: 'GET',
		pattern: /^\/api\/v1\/checks\/([^/]+)$/,
		async handle({ params: [checkId] }) {
			const recorded = await findCheck(checkId!)
			if (!recorded) throw notFound(`No recorded check "${checkId}".`)
			return jsonResponse(recorded)
		},
	},
	{
		method: 'GET',
		pattern: /^\/api\/v1\/reps\/([^/]+)\/certifications$/,
		async handle({ params: [employeeId], now }) {
			const awards = await awardsForEmployee({ employeeId: employeeId!, at: now })
			if (!awards) throw notFound(`No rep with employee ID "${employeeId}".`)
			return jsonResponse({ employeeId, awards })
		},
	},
	{ method: 'GET', pattern: /^\/api\/v1\/work-types$/, handle: async () => jsonResponse({ workTypes: await listWorkTypes() }) },
	// Public on purpose: the contract is no secret, and clients need it before they hold a key.
	{ method: 'GET', pattern: /^\/api\/v1\/openapi\.json$/, public: true, handle: async ({ request }) => jsonResponse(openApiDocument(new URL(request.url).origin)) },
]

function decodeParams(match: RegExpExecArray) {
	return match.slice(1).map((segment) => decodeURIComponent(segment))
}

/**
 * The competency API, served beside the Remix app rather than through it: Remix's own request
 * handling costs about 0.75 ms per request, more than a whole eligibility check may take.
 */
export async function handleCompetencyApi(request: Request): Promise<Response> {
	const { pathname } = new URL(request.url)
	const candidates = routes.map((route) => ({ route, match: route.pattern.exec(pathname) })).filter((c) => c.match)
	if (candidates.length === 0) return problemResponse(notFound(`There is no API resource at ${pathname}. See /api/v1/openapi.json.`))
	const found = candidates.find((c) => c.route.method === request.method || (request.method === 'HEAD' && c.route.method === 'GET'))
	if (!found) {
		const allowed = candidates.map((c) => c.route.method).join(', ')
		return problemResponse(new ApiProblem(405, 'Method Not Allowed', `Use ${allowed} for this resource.`), { Allow: allowed })
	}
	const params = decodeParams(found.match!)
	if (found.route.public) return found.route.handle({ request, params, now: new Date(), caller: { id: 'public' } })
	return handleApiRequest(request, (caller, now) => found.route.handle({ request, params, now, caller }))
}
