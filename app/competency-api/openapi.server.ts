import { z } from 'zod'
import {
	batchRequestSchema,
	batchResponseSchema,
	certificationsResponseSchema,
	eligibilityQuerySchema,
	eligibilityResponseSchema,
	employeeIdParam,
	problemSchema,
	workTypesResponseSchema,
} from './contract.ts'

const schema = (s: z.ZodType, io: 'input' | 'output' = 'output') => z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' })
const json = (s: z.ZodType) => ({ 'application/json': { schema: schema(s) } })
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: schema(problemSchema) } } })
const errors = { '401': problem('Missing, unknown, revoked or expired API key') }

function queryParameters(s: z.ZodObject) {
	return Object.entries(s.shape).map(([name, field]) => ({ name, in: 'query', required: !(field as z.ZodType).safeParse(undefined).success, schema: schema(field as z.ZodType, 'input') }))
}

const employeeIdPath = { name: 'employeeId', in: 'path', required: true, schema: schema(employeeIdParam, 'input') }

/** The OpenAPI 3.1 description of the competency API, generated from the contract's schemas. */
export function openApiDocument(serverUrl: string) {
	return {
		openapi: '3.1.0',
		info: {
			title: 'FieldReady competency API',
			version: '1.0.0',
			description: 'Ask whether a rep may do a kind of work on a date. Every decision is recorded as audit evidence and can be fetched again by its checkId.',
		},
		servers: [{ url: serverUrl }],
		security: [{ bearer: [] }],
		components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key created by an administrator' } } },
		paths: {
			'/api/v1/reps/{employeeId}/eligibility': {
				get: {
					summary: 'Is this rep eligible for this work type at this instant?',
					parameters: [employeeIdPath, ...queryParameters(eligibilityQuerySchema)],
					responses: { '200': { description: 'The recorded decision', content: json(eligibilityResponseSchema) }, '400': problem('Unknown work type or malformed instant'), ...errors, '404': problem('Unknown employee ID') },
				},
			},
			'/api/v1/eligibility/batch': {
				post: {
					summary: 'Eligibility of up to 1000 reps for one work type at one instant',
					requestBody: { required: true, content: { 'application/json': { schema: schema(batchRequestSchema, 'input') } } },
					responses: { '200': { description: 'One result per requested ID, in request order', content: json(batchResponseSchema) }, '400': problem('Malformed body, unknown work type, empty or oversized batch, duplicate IDs'), '413': problem('Body over 1 MiB'), '415': problem('Body not sent as application/json'), ...errors },
				},
			},
			'/api/v1/checks/{checkId}': {
				get: {
					summary: 'A recorded decision exactly as it was returned',
					description: 'A key reads the checks it made; a check made by another client is 404, unless the key has the audit scope (granted by an administrator).',
					parameters: [{ name: 'checkId', in: 'path', required: true, schema: { type: 'string' } }],
					responses: { '200': { description: 'The decision', content: json(eligibilityResponseSchema) }, ...errors, '404': problem('Unknown check') },
				},
			},
			'/api/v1/reps/{employeeId}/certifications': {
				get: {
					summary: "Every award a rep has held, with each award's status now",
					parameters: [employeeIdPath],
					responses: { '200': { description: 'Awards', content: json(certificationsResponseSchema) }, ...errors, '404': problem('Unknown employee ID') },
				},
			},
			'/api/v1/work-types': {
				get: { summary: 'Work types and the certifications each requires', responses: { '200': { description: 'Work types', content: json(workTypesResponseSchema) }, ...errors } },
			},
			'/api/v1/openapi.json': {
				get: { summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' } } } } } },
			},
		},
	}
}
