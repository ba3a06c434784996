import path from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { createApiClient, revokeApiClient } from '#app/api-clients/api-keys.server.ts'
import { verifyAuditChain } from '#app/audit/audit-log.server.ts'
import { evidenceDigest, sealHash, verifyEligibilityEvidence } from '#app/eligibility/evidence-seal.server.ts'
import { syncCatalogFromDirectory } from '#app/catalog/sync-catalog.server.ts'
import { handleCompetencyApi } from '#app/competency-api/router.server.ts'
import { deactivatePerson, reactivatePerson } from '#app/people/people.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestOrg, createTestPerson } from '#tests/factories.ts'
import { testsRoot } from '#tests/setup/paths.ts'
import { getEnv } from '#app/utils/env.server.ts'

const DAY = 86_400_000
const now = Date.now()
const days = (n: number) => new Date(now + n * DAY)
const admin = { type: 'system', id: 'test' } as const
let key = ''

type Rep = Awaited<ReturnType<typeof createTestPerson>>
const reps: Record<string, Rep> = {}

async function award(rep: Rep, code: string, expiresAt: Date, issuedAt = new Date(Math.min(expiresAt.getTime() - 365 * DAY, now - DAY))) {
	return prisma.certificationAward.create({ data: { personId: rep.id, certificationCode: code, issuedAt, expiresAt, source: 'manual', evidence: '{}', verificationCode: `V${Math.random().toString(36).slice(2, 14).toUpperCase()}` } })
}

beforeAll(async () => {
	await createTestOrg()
	const synced = await syncCatalogFromDirectory(path.join(testsRoot, '..', 'content'), { at: new Date() })
	expect(synced.ok).toBe(true)
	key = (await createApiClient({ name: 'dispatch', actor: admin, at: new Date() })).key
	for (const name of ['valid', 'expiring', 'expired', 'revoked', 'suspended', 'missing', 'leaver', 'visit']) reps[name] = await createTestPerson({ leftAt: name === 'leaver' ? days(-3) : undefined })
	await award(reps.valid!, 'SEC-FOUNDATION', days(200))
	await award(reps.valid!, 'SEC-SIS', days(400))
	await award(reps.expiring!, 'SEC-FOUNDATION', days(10))
	await award(reps.expiring!, 'SEC-SIS', days(300))
	await award(reps.expired!, 'SEC-FOUNDATION', days(-5))
	await award(reps.expired!, 'SEC-SIS', days(300))
	const revoked = await award(reps.revoked!, 'SEC-FOUNDATION', days(200))
	await prisma.awardStatusChange.create({ data: { awardId: revoked.id, kind: 'revoked', reason: 'Security incident', actorId: 'x', at: days(-1) } })
	await award(reps.revoked!, 'SEC-SIS', days(300))
	const suspended = await award(reps.suspended!, 'SEC-FOUNDATION', days(200))
	await prisma.awardStatusChange.create({ data: { awardId: suspended.id, kind: 'suspended', reason: 'Pending investigation', actorId: 'x', at: days(-2) } })
	await award(reps.suspended!, 'SEC-SIS', days(300))
	await award(reps.leaver!, 'SEC-FOUNDATION', days(200))
	await award(reps.leaver!, 'SEC-SIS', days(300))
	await award(reps.visit!, 'SEC-FOUNDATION', days(20))
	await award(reps.visit!, 'SEC-SIS', days(300))
})

function call(pathAndQuery: string, init: RequestInit & { auth?: string | null } = {}) {
	const headers = new Headers(init.headers)
	const auth = init.auth === undefined ? `Bearer ${key}` : init.auth
	if (auth) headers.set('Authorization', auth)
	return handleCompetencyApi(new Request(`http://localhost${pathAndQuery}`, { ...init, headers }))
}
const post = (pathAndQuery: string, body: unknown, init: RequestInit & { auth?: string | null } = {}) =>
	call(pathAndQuery, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'Content-Type': 'application/json' }, ...init })
const eligibility = (employeeId: string, query = 'workType=SIS_MAINTENANCE') => call(`/api/v1/reps/${employeeId}/eligibility?${query}`)

async function expectProblem(response: Response, status: number, parameter?: string) {
	expect(response.status).toBe(status)
	expect(response.headers.get('Content-Type')).toBe('application/problem+json')
	const body = (await response.json()) as { type: string; title: string; status: number; detail: string; errors?: Array<{ parameter: string }> }
	expect(body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String), type: expect.any(String) })
	if (parameter) expect(body.errors?.map((e) => e.parameter)).toContain(parameter)
	return body
}

describe('authentication', () => {
	test('a missing, malformed or unknown key is a 401 problem', async () => {
		await expectProblem(await eligibility(reps.valid!.employeeId).then(() => call('/api/v1/work-types', { auth: null })), 401)
		await expectProblem(await call('/api/v1/work-types', { auth: 'Basic abc' }), 401)
		const unknown = await call('/api/v1/work-types', { auth: `Bearer fr_0123456789_${'A'.repeat(32)}` })
		expect(unknown.headers.get('WWW-Authenticate')).toMatch(/^Bearer/)
		await expectProblem(unknown, 401)
	})

	test('a revoked or expired key is refused', async () => {
		const revoked = await createApiClient({ name: 'old dispatch', actor: admin, at: new Date() })
		expect((await call('/api/v1/work-types', { auth: `Bearer ${revoked.key}` })).status).toBe(200)
		await revokeApiClient({ name: 'old dispatch', actor: admin, at: new Date() })
		expect((await expectProblem(await call('/api/v1/work-types', { auth: `Bearer ${revoked.key}` }), 401)).detail).toMatch(/revoked/)
		const expiring = await createApiClient({ name: 'short-lived', expiresAt: new Date(Date.now() + 300), actor: admin, at: new Date() })
		await new Promise((resolve) => setTimeout(resolve, 350))
		expect((await expectProblem(await call('/api/v1/work-types', { auth: `Bearer ${expiring.key}` }), 401)).detail).toMatch(/expired/)
	})

	test('keys are stored only as hashes and record when they were last used', async () => {
		const client = await prisma.apiClient.findUniqueOrThrow({ where: { name: 'dispatch' } })
		// The secret is base64url and may itself contain "_": take everything after the prefix.
		const secret = /^fr_[a-z0-9]{10}_(.{32})$/.exec(key)![1]!
		expect(client.keyHash).not.toContain(secret)
		expect(client.keyHash).toMatch(/^[0-9a-f]{64}$/)
		expect(client.lastUsedAt).not.toBeNull()
	})
})

describe('GET /api/v1/reps/{employeeId}/eligibility', () => {
	test('valid certifications: eligible, validUntil is the earliest expiry', async () => {
		const body = await (await eligibility(reps.valid!.employeeId)).json()
		expect(body).toMatchObject({ employeeId: reps.valid!.employeeId, workType: 'SIS_MAINTENANCE', eligible: true, validUntil: days(200).toISOString(), reasons: [] })
		expect(body.checkId).toMatch(/^chk_/)
		expect(body.requirements).toEqual([
			{ certification: 'SEC-FOUNDATION', status: 'valid', expiresAt: days(200).toISOString() },
			{ certification: 'SEC-SIS', status: 'valid', expiresAt: days(400).toISOString() },
		])
	})

	test('expiring still counts as eligible', async () => {
		const body = await (await eligibility(reps.expiring!.employeeId)).json()
		expect(body).toMatchObject({ eligible: true, validUntil: days(10).toISOString() })
		expect(body.requirements[0].status).toBe('expiring')
	})

	test('expired, revoked and missing make a rep ineligible, each with a reason', async () => {
		const expired = await (await eligibility(reps.expired!.employeeId)).json()
		expect(expired).toMatchObject({ eligible: false, validUntil: null, reasons: [`SEC-FOUNDATION expired on ${days(-5).toISOString().slice(0, 10)}`] })
		const revoked = await (await eligibility(reps.revoked!.employeeId)).json()
		expect(revoked).toMatchObject({ eligible: false, reasons: [`SEC-FOUNDATION was revoked on ${days(-1).toISOString().slice(0, 10)}`] })
		expect(revoked.requirements[0].status).toBe('revoked')
		const missing = await (await eligibility(reps.missing!.employeeId)).json()
		expect(missing.requirements.map((r: { status: string }) => r.status)).toEqual(['missing', 'missing'])
		expect(missing.reasons).toHaveLength(2)
	})

	test('each reason also comes as a code, with the certification and since when', async () => {
		const details = async (rep: string) => ((await (await eligibility(reps[rep]!.employeeId)).json()) as { reasonDetails: unknown[] }).reasonDetails
		expect(await details('valid')).toEqual([])
		expect(await details('expired')).toEqual([{ code: 'CERT_EXPIRED', certification: 'SEC-FOUNDATION', since: days(-5).toISOString(), message: `SEC-FOUNDATION expired on ${days(-5).toISOString().slice(0, 10)}` }])
		expect(await details('revoked')).toEqual([{ code: 'CERT_REVOKED', certification: 'SEC-FOUNDATION', since: days(-1).toISOString(), message: `SEC-FOUNDATION was revoked on ${days(-1).toISOString().slice(0, 10)}` }])
		expect(await details('suspended')).toEqual([{ code: 'CERT_SUSPENDED', certification: 'SEC-FOUNDATION', since: days(-2).toISOString(), message: `SEC-FOUNDATION is suspended since ${days(-2).toISOString().slice(0, 10)}` }])
		expect(await details('missing')).toEqual([
			{ code: 'CERT_MISSING', certification: 'SEC-FOUNDATION', message: 'SEC-FOUNDATION has never been awarded' },
			{ code: 'CERT_MISSING', certification: 'SEC-SIS', message: 'SEC-SIS has never been awarded' },
		])
		expect(await details('leaver')).toEqual([{ code: 'REP_INACTIVE', since: days(-3).toISOString(), message: `${reps.leaver!.employeeId} left the company on ${days(-3).toISOString().slice(0, 10)}` }])
	})

	test('a suspended certification is suspended, not revoked, and makes the rep ineligible', async () => {
		const body = await (await eligibility(reps.suspended!.employeeId)).json()
		expect(body).toMatchObject({ eligible: false, validUntil: null, reasons: [`SEC-FOUNDATION is suspended since ${days(-2).toISOString().slice(0, 10)}`] })
		expect(body.requirements.map((r: { status: string }) => r.status)).toEqual(['suspended', 'valid'])
	})

	test('a person who has left is ineligible though their certifications are in date', async () => {
		const body = await (await eligibility(reps.leaver!.employeeId)).json()
		expect(body.requirements.map((r: { status: string }) => r.status)).toEqual(['valid', 'valid'])
		expect(body).toMatchObject({ eligible: false, reasons: [`${reps.leaver!.employeeId} left the company on ${days(-3).toISOString().slice(0, 10)}`] })
	})

	test('a rehired rep is eligible while employed, not in the gap between periods, and not before they started', async () => {
		const rehired = await createTestPerson()
		await award(rehired, 'SEC-FOUNDATION', days(200), days(-300))
		await award(rehired, 'SEC-SIS', days(300), days(-300))
		await deactivatePerson({ personId: rehired.id, leftAt: days(-100), reason: 'Moved to a customer', actor: admin, at: days(-100) })
		await reactivatePerson({ personId: rehired.id, startedAt: days(-50), reason: 'Rehired', actor: admin, at: days(-50) })
		const at = async (instant: Date) => (await (await eligibility(rehired.employeeId, `workType=SIS_MAINTENANCE&at=${encodeURIComponent(instant.toISOString())}`)).json()) as { eligible: boolean; reasonDetails: unknown[] }
		expect(await at(days(-150))).toMatchObject({ eligible: true })
		expect(await at(days(-70))).toMatchObject({ eligible: false, reasonDetails: [{ code: 'REP_INACTIVE', since: days(-100).toISOString(), message: `${rehired.employeeId} left the company on ${days(-100).toISOString().slice(0, 10)}` }] })
		expect(await at(days(-50))).toMatchObject({ eligible: true })
		expect(await at(days(30))).toMatchObject({ eligible: true })
		const before = await at(new Date('2019-06-01T00:00:00Z'))
		expect(before.reasonDetails[0]).toEqual({ code: 'REP_INACTIVE', message: `${rehired.employeeId} was not yet employed on 2019-06-01 (employed from 2020-01-01)` })
	})

	test('eligible today, but not on a visit date past the expiry', async () => {
		expect(await (await eligibility(reps.visit!.employeeId)).json()).toMatchObject({ eligible: true })
		const visit = days(30).toISOString()
		const body = await (await eligibility(reps.visit!.employeeId, `workType=SIS_MAINTENANCE&at=${encodeURIComponent(visit)}`)).json()
		expect(body).toMatchObject({ at: visit, eligible: false, reasons: [`SEC-FOUNDATION expired on ${days(20).toISOString().slice(0, 10)}`] })
		const beforeIssue = await (await eligibility(reps.visit!.employeeId, `workType=SIS_MAINTENANCE&at=${encodeURIComponent(days(-400).toISOString())}`)).json()
		expect(beforeIssue.requirements[0].status).toBe('missing')
	})

	test('unknown employee is 404; unknown work type, malformed or missing parameters are 400 naming the parameter', async () => {
		await expectProblem(await eligibility('SR-0000'), 404)
		await expectProblem(await eligibility(reps.valid!.employeeId, 'workType=TEA_MAKING'), 400, 'workType')
		await expectProblem(await eligibility(reps.valid!.employeeId, 'workType=SIS_MAINTENANCE&at=next-tuesday'), 400, 'at')
		await expectProblem(await eligibility(reps.valid!.employeeId, 'workType=SIS_MAINTENANCE&at=2026-12-15'), 400, 'at')
		for (const at of ['0000-01-01T00:00:00Z', '1999-12-31T23:59:59Z', '2101-01-01T00:00:00Z', '9999-12-31T23:59:59-23:59', '2026-12-15T08:00:00+14:30']) {
			const problem = await expectProblem(await eligibility(reps.valid!.employeeId, `workType=SIS_MAINTENANCE&at=${encodeURIComponent(at)}`), 400, 'at')
			expect(problem.detail, at).toMatch(/between the years 2000 and 2100|UTC offset between -14:00 and \+14:00/)
		}
		expect((await eligibility(reps.valid!.employeeId, `workType=SIS_MAINTENANCE&at=${encodeURIComponent('2026-12-15T08:00:00-14:00')}`)).status).toBe(200)
		await expectProblem(await eligibility(reps.valid!.employeeId, ''), 400, 'workType')
	})

	test('the wrong method is a 405 problem and an unknown path a 404 problem, never HTML', async () => {
		const wrong = await call(`/api/v1/reps/${reps.valid!.employeeId}/eligibility?workType=SIS_MAINTENANCE`, { method: 'DELETE' })
		await expectProblem(wrong, 405)
		expect(wrong.headers.get('Allow')).toBe('GET')
		await expectProblem(await call('/api/v1/nothing/here'), 404)
	})
})

describe('evidence', () => {
	test('a key reads the checks it made; another client gets 404, as for a missing check, unless an admin gave its key the audit scope', async () => {
		const { checkId } = (await (await eligibility(reps.valid!.employeeId)).json()) as { checkId: string }
		const planner = (await createApiClient({ name: 'planner', actor: admin, at: new Date() })).key
		const auditor = await createApiClient({ name: 'auditor', audit: true, actor: admin, at: new Date() })
		expect(auditor.client.scopes).toBe('checks audit')
		expect((await call(`/api/v1/checks/${checkId}`)).status).toBe(200)
		const refused = await expectProblem(await call(`/api/v1/checks/${checkId}`, { auth: `Bearer ${planner}` }), 404)
		expect(refused.detail).toBe(`No recorded check "${checkId}".`)
		expect((await call(`/api/v1/checks/${checkId}`, { auth: `Bearer ${auditor.key}` })).status).toBe(200)
		// The planner's own checks are its to read.
		const own = (await (await call(`/api/v1/reps/${reps.valid!.employeeId}/eligibility?workType=SIS_MAINTENANCE`, { auth: `Bearer ${planner}` })).json()) as { checkId: string }
		expect((await call(`/api/v1/checks/${own.checkId}`, { auth: `Bearer ${planner}` })).status).toBe(200)
	})

	test('every decision is stored as returned, audited, and can be fetched again byte for byte', async () => {
		const response = await eligibility(reps.expired!.employeeId)
		const original = await response.text()
		const { checkId } = JSON.parse(original) as { checkId: string }
		const fetched = await call(`/api/v1/checks/${checkId}`)
		expect(fetched.status).toBe(200)
		expect(await fetched.text()).toBe(original)
		const stored = await prisma.eligibilityCheck.findUniqueOrThrow({ where: { id: checkId } })
		expect(stored).toMatchObject({ employeeId: reps.expired!.employeeId, personId: reps.expired!.id, workTypeCode: 'SIS_MAINTENANCE', eligible: false, response: original })
		expect(JSON.parse(stored.reliedOn).awardIds).toHaveLength(2)
		const seal = await prisma.auditEvent.findUniqueOrThrow({ where: { seq: stored.auditSeq! } })
		expect(seal).toMatchObject({ action: 'eligibility.recorded', actorType: 'api_client', actorId: stored.apiClientId })
		expect(JSON.parse(seal.details)).toEqual({ checks: 1, sha256: sealHash([evidenceDigest(stored)]) })
		expect(await verifyAuditChain()).toMatchObject({ ok: true })
		expect(await verifyEligibilityEvidence()).toMatchObject({ ok: true })
	})

	test('concurrent checks, read and recorded together, each get and store their own answer', async () => {
		const names = ['valid', 'expiring', 'expired', 'revoked', 'missing', 'leaver', 'visit'] as const
		const query = `workType=SIS_MAINTENANCE&at=${encodeURIComponent(days(1).toISOString())}`
		const alone: Array<{ checkId: string }> = []
		for (const name of names) alone.push((await (await eligibility(reps[name]!.employeeId, query)).json()) as { checkId: string })
		const together = await Promise.all([...names, ...names].map((name) => eligibility(reps[name]!.employeeId, query).then((r) => r.text())))
		const withoutId = ({ checkId: _, ...decision }: { checkId: string }) => decision
		together.forEach((text, i) => expect(withoutId(JSON.parse(text) as { checkId: string })).toEqual(withoutId(alone[i % names.length]!)))
		const stored = await prisma.eligibilityCheck.findMany({ where: { id: { in: together.map((text) => (JSON.parse(text) as { checkId: string }).checkId) } }, select: { response: true } })
		expect(stored.map((s) => s.response).sort()).toEqual([...together].sort())
	})

	test('an unknown check is 404', async () => {
		await expectProblem(await call('/api/v1/checks/chk_doesnotexist'), 404)
	})
})

describe('POST /api/v1/eligibility/batch', () => {
	test('answers each ID in request order, unknown IDs as not_found, each decision recorded', async () => {
		const ids = [reps.valid!.employeeId, 'SR-0000', reps.expired!.employeeId, reps.leaver!.employeeId]
		const response = await post('/api/v1/eligibility/batch', { workType: 'SIS_MAINTENANCE', at: days(1).toISOString(), employeeIds: ids })
		expect(response.status).toBe(200)
		const { results } = (await response.json()) as { results: Array<{ employeeId: string; eligible?: boolean; error?: string; checkId?: string }> }
		expect(results.map((r) => r.employeeId)).toEqual(ids)
		expect(results.map((r) => r.error ?? r.eligible)).toEqual([true, 'not_found', false, false])
		const stored = await prisma.eligibilityCheck.findMany({ where: { id: { in: results.flatMap((r) => (r.checkId ? [r.checkId] : [])) } }, select: { batchId: true } })
		expect(stored).toHaveLength(3)
		expect(new Set(stored.map((s) => s.batchId)).size).toBe(1)
	})

	test('rejects a malformed body, an empty or oversized batch, duplicates and an unknown work type', async () => {
		await expectProblem(await post('/api/v1/eligibility/batch', '{"workType": '), 400, 'body')
		await expectProblem(await post('/api/v1/eligibility/batch', { workType: 'SIS_MAINTENANCE', employeeIds: [] }), 400, 'employeeIds')
		await expectProblem(await post('/api/v1/eligibility/batch', { workType: 'SIS_MAINTENANCE', employeeIds: Array.from({ length: 1001 }, (_, i) => `SR-${i}`) }), 400, 'employeeIds')
		await expectProblem(await post('/api/v1/eligibility/batch', { workType: 'SIS_MAINTENANCE', employeeIds: ['SR-1', 'SR-1'] }), 400, 'employeeIds')
		await expectProblem(await post('/api/v1/eligibility/batch', { workType: 'NOPE', employeeIds: ['SR-1'] }), 400, 'workType')
		await expectProblem(await post('/api/v1/eligibility/batch', { workType: 'SIS_MAINTENANCE', employeeIds: 'SR-1' }), 400, 'employeeIds')
	})

	test('a body not sent as application/json is 415, whatever it contains; the media type is compared exactly, parameters aside', async () => {
		const body = JSON.stringify({ workType: 'SIS_MAINTENANCE', employeeIds: [reps.valid!.employeeId] })
		for (const contentType of [null, 'text/plain', 'text/plain; x=application/json', 'application/jsonp', 'application/x-www-form-urlencoded']) {
			const problem = await expectProblem(await call('/api/v1/eligibility/batch', { method: 'POST', body, headers: contentType ? { 'Content-Type': contentType } : {} }), 415)
			expect(problem).toMatchObject({ title: 'Unsupported Media Type', detail: 'Send the body as JSON with Content-Type: application/json.' })
		}
		for (const contentType of ['application/json; charset=utf-8', 'Application/JSON']) {
			expect((await call('/api/v1/eligibility/batch', { method: 'POST', body, headers: { 'Content-Type': contentType } })).status, contentType).toBe(200)
		}
	})

	test('a batch of 1000 is answered in request order and recorded whole, across the slices it is decided in', async () => {
		const ids = Array.from({ length: 1000 }, (_, i) => `ZZ-${100000 + i}`)
		// Known reps at the first and last place and on both sides of each 250-id slice boundary.
		const known = new Map([0, 249, 250, 499, 500, 999].map((position, i) => [position, Object.values(reps)[i % Object.values(reps).length]!.employeeId]))
		for (const [position, employeeId] of known) ids[position] = employeeId
		const before = await prisma.eligibilityCheck.count()
		const { results } = (await (await post('/api/v1/eligibility/batch', { workType: 'PREVENTIVE_MAINTENANCE', employeeIds: [...new Set(ids)] })).json()) as { results: Array<{ employeeId: string; checkId?: string; error?: string }> }
		const unique = [...new Set(ids)]
		expect(results.map((r) => r.employeeId)).toEqual(unique)
		for (const [i, result] of results.entries()) expect(result.error === undefined).toBe(!unique[i]!.startsWith('ZZ-'))
		const recorded = results.flatMap((r) => (r.checkId ? [r.checkId] : []))
		expect(await prisma.eligibilityCheck.count()).toBe(before + recorded.length)
		expect(await prisma.eligibilityCheck.count({ where: { id: { in: recorded } } })).toBe(recorded.length)
		expect(await verifyEligibilityEvidence()).toMatchObject({ ok: true })
	})
})

describe('reference endpoints', () => {
	test('work types list codes, names and required certifications', async () => {
		const { workTypes } = (await (await call('/api/v1/work-types')).json()) as { workTypes: Array<{ code: string; requiredCertifications: string[] }> }
		expect(workTypes.find((w) => w.code === 'SIS_MAINTENANCE')?.requiredCertifications).toEqual(['SEC-FOUNDATION', 'SEC-SIS'])
		expect(workTypes).toHaveLength(8)
	})

	test("a rep's certifications: every award with its status now", async () => {
		const body = (await (await call(`/api/v1/reps/${reps.revoked!.employeeId}/certifications`)).json()) as { awards: Array<{ certification: string; status: string }> }
		expect(body.awards.map((a) => [a.certification, a.status])).toEqual([['SEC-FOUNDATION', 'revoked'], ['SEC-SIS', 'valid']])
		await expectProblem(await call('/api/v1/reps/SR-0000/certifications'), 404)
	})

	test("the certifications list carries the holder's own state: a leaver's in-date awards are no use", async () => {
		const leaver = (await (await call(`/api/v1/reps/${reps.leaver!.employeeId}/certifications`)).json()) as { holder: unknown; awards: Array<{ status: string }> }
		expect(leaver.holder).toEqual({ state: 'left', since: days(-3).toISOString() })
		expect(leaver.awards.map((a) => a.status)).toEqual(['valid', 'valid'])
		expect(((await (await call(`/api/v1/reps/${reps.valid!.employeeId}/certifications`)).json()) as { holder: unknown }).holder).toEqual({ state: 'active', since: null })
	})

	test('the OpenAPI document is public and generated from the validating schemas', async () => {
		const response = await call('/api/v1/openapi.json', { auth: null })
		expect(response.status).toBe(200)
		const doc = (await response.json()) as { openapi: string; servers: Array<{ url: string }>; paths: Record<string, { post?: { requestBody: { content: { 'application/json': { schema: { properties: { employeeIds: { maxItems: number; minItems: number } } } } } } } }> }
		expect(doc.openapi).toBe('3.1.0')
		// The request came to http://localhost; the document names the configured origin, never a Host a client chose.
		expect(doc.servers).toEqual([{ url: getEnv().APP_ORIGIN }])
		expect(Object.keys(doc.paths).sort()).toEqual(['/api/v1/checks/{checkId}', '/api/v1/eligibility/batch', '/api/v1/openapi.json', '/api/v1/reps/{employeeId}/certifications', '/api/v1/reps/{employeeId}/eligibility', '/api/v1/work-types'])
		expect(doc.paths['/api/v1/eligibility/batch']!.post!.requestBody.content['application/json'].schema.properties.employeeIds).toMatchObject({ minItems: 1, maxItems: 1000 })
		// Statuses and reason codes may grow; the document says so, and clients treat an unknown one as not valid.
		const text = JSON.stringify(doc)
		expect(text).toContain('"x-extensible-enum":true')
		for (const code of ['CERT_MISSING', 'CERT_EXPIRED', 'CERT_SUSPENDED', 'CERT_REVOKED', 'REP_INACTIVE', 'suspended']) expect(text).toContain(`"${code}"`)
	})
})
