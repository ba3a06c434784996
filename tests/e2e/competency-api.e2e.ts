import { expect, inject, test } from 'vitest'
import { createApiKey, runApiKeyCli } from './server-setup.ts'

const base = () => inject('baseUrl')
const get = (path: string, key = inject('apiKey')) => fetch(`${base()}${path}`, { headers: { Authorization: `Bearer ${key}` } })
const DAY = 86_400_000

type Decision = { checkId: string; eligible: boolean; requirements: Array<{ certification: string; status: string; expiresAt: string | null }>; reasons: string[]; validUntil: string | null }

test('the seeded demo reps answer as their states imply', async () => {
	const decisions: Record<string, Decision> = {}
	for (const id of ['SR-1001', 'SR-1002', 'SR-1003', 'SR-1004', 'SR-1005', 'SR-1006']) {
		const response = await get(`/api/v1/reps/${id}/eligibility?workType=PATCH_APPLICATION`)
		expect(response.status).toBe(200)
		expect(response.headers.get('content-type')).toContain('application/json')
		decisions[id] = (await response.json()) as Decision
	}
	const statuses = (id: string) => decisions[id]!.requirements.map((r) => r.status)
	expect([decisions['SR-1001']!.eligible, statuses('SR-1001')]).toEqual([true, ['valid', 'valid', 'valid']])
	expect([decisions['SR-1002']!.eligible, statuses('SR-1002')]).toEqual([true, ['expiring', 'valid', 'valid']])
	expect([decisions['SR-1003']!.eligible, statuses('SR-1003')]).toEqual([false, ['expired', 'valid', 'valid']])
	expect([decisions['SR-1004']!.eligible, statuses('SR-1004')]).toEqual([false, ['revoked', 'valid', 'valid']])
	expect([decisions['SR-1005']!.eligible, statuses('SR-1005')]).toEqual([false, ['missing', 'missing', 'missing']])
	expect([decisions['SR-1006']!.eligible, statuses('SR-1006')]).toEqual([false, ['valid', 'valid', 'valid']])
	expect(decisions['SR-1006']!.reasons[0]).toMatch(/^SR-1006 left the company on \d{4}-\d{2}-\d{2}$/)

	// SR-1002 is eligible today but not on a visit after SEC-FOUNDATION expires (in 10 days).
	const visit = new Date(Date.now() + 15 * DAY).toISOString()
	const later = (await (await get(`/api/v1/reps/SR-1002/eligibility?workType=PATCH_APPLICATION&at=${encodeURIComponent(visit)}`)).json()) as Decision
	expect(later.eligible).toBe(false)
	expect(later.reasons[0]).toMatch(/^SEC-FOUNDATION expired on /)

	const recorded = await get(`/api/v1/checks/${decisions['SR-1003']!.checkId}`)
	expect(await recorded.json()).toEqual(decisions['SR-1003'])
})

test('SR-1009 holds SEC-PATCH but is not eligible for patching: retraining is overdue', async () => {
	const decision = (await (await get('/api/v1/reps/SR-1009/eligibility?workType=PATCH_APPLICATION')).json()) as Decision & { reasonDetails: Array<{ code: string; certification?: string }> }
	expect(decision).toMatchObject({ eligible: false, validUntil: null, requirements: [{ certification: 'SEC-FOUNDATION', status: 'valid' }, { certification: 'SEC-MALWARE', status: 'valid' }, { certification: 'SEC-PATCH', status: 'valid' }] })
	expect(decision.reasonDetails).toEqual([expect.objectContaining({ code: 'RETRAINING_DUE', certification: 'SEC-PATCH' })])
	expect(decision.reasons[0]).toMatch(/^SEC-PATCH needs retraining on patch-application: it changed materially on \d{4}-\d{2}-\d{2} and the retraining was due by \d{4}-\d{2}-\d{2}$/)
})

test('errors over HTTP are problem+json with the right status', async () => {
	const cases: Array<[string, number, RequestInit?]> = [
		['/api/v1/reps/SR-1001/eligibility?workType=NOT_A_WORK_TYPE', 400],
		['/api/v1/reps/SR-1001/eligibility?workType=PATCH_APPLICATION&at=soon', 400],
		['/api/v1/reps/SR-9999/eligibility?workType=PATCH_APPLICATION', 404],
		['/api/v1/checks/chk_missing', 404],
		['/api/v1/unknown', 404],
	]
	for (const [path, status] of cases) {
		const response = await get(path)
		expect([path, response.status, response.headers.get('content-type')]).toEqual([path, status, 'application/problem+json'])
	}
	const anonymous = await fetch(`${base()}/api/v1/work-types`)
	expect([anonymous.status, anonymous.headers.get('content-type')]).toEqual([401, 'application/problem+json'])
	const batch = await fetch(`${base()}/api/v1/eligibility/batch`, { method: 'POST', headers: { Authorization: `Bearer ${inject('apiKey')}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ workType: 'PATCH_APPLICATION', employeeIds: ['SR-1001', 'SR-0001', 'SR-1003'] }) })
	const { results } = (await batch.json()) as { results: Array<{ employeeId: string; eligible?: boolean; error?: string }> }
	expect(results.map((r) => r.error ?? r.eligible)).toEqual([true, 'not_found', false])
})

test('a key revoked with the CLI stops working', async () => {
	const key = createApiKey(`file:${inject('databaseFile')}`, 'to be revoked')
	expect((await get('/api/v1/work-types', key)).status).toBe(200)
	runApiKeyCli(`file:${inject('databaseFile')}`, 'revoke', '--name', 'to be revoked')
	// The server trusts a key it has just seen for up to a second (see api-keys.server.ts).
	await new Promise((resolve) => setTimeout(resolve, 1_100))
	const refused = await get('/api/v1/work-types', key)
	expect(refused.status).toBe(401)
	expect(((await refused.json()) as { detail: string }).detail).toMatch(/revoked/)
})

test('a body over 1 MiB is answered 413 in problem+json, not a dropped connection', async () => {
	const employeeIds = Array.from({ length: 1000 }, (_, i) => `SR-${String(i).padStart(4, '0')}-${'x'.repeat(1100)}`)
	const response = await fetch(`${base()}/api/v1/eligibility/batch`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${inject('apiKey')}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({ workType: 'PATCH_APPLICATION', employeeIds }),
	})
	expect(response.status).toBe(413)
	expect(response.headers.get('content-type')).toBe('application/problem+json')
	expect(await response.json()).toMatchObject({ status: 413, detail: 'Request bodies are limited to 1048576 bytes.' })
})

test('a suspended certification and a leaver say so, in words and in codes', async () => {
	const suspended = (await (await get('/api/v1/reps/SR-1007/eligibility?workType=PATCH_APPLICATION')).json()) as Decision & { reasonDetails: Array<{ code: string; certification?: string; since?: string }> }
	expect(suspended.eligible).toBe(false)
	expect(suspended.requirements.map((r) => [r.certification, r.status])).toEqual([['SEC-FOUNDATION', 'suspended'], ['SEC-MALWARE', 'valid'], ['SEC-PATCH', 'valid']])
	expect(suspended.reasons[0]).toMatch(/^SEC-FOUNDATION is suspended since \d{4}-\d{2}-\d{2}$/)
	expect(suspended.reasonDetails).toEqual([{ code: 'CERT_SUSPENDED', certification: 'SEC-FOUNDATION', since: expect.any(String), message: suspended.reasons[0] }])

	const leaver = (await (await get('/api/v1/reps/SR-1006/eligibility?workType=PATCH_APPLICATION')).json()) as Decision & { reasonDetails: Array<{ code: string }> }
	expect(leaver.reasonDetails.map((r) => r.code)).toEqual(['REP_INACTIVE'])
	const held = (await (await get('/api/v1/reps/SR-1006/certifications')).json()) as { holder: { state: string; since: string | null } }
	expect(held.holder).toEqual({ state: 'left', since: expect.any(String) })
})
