import { readFileSync } from 'node:fs'
import { createServer, get, type Server } from 'node:http'
import path from 'node:path'
import { deflateRawSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CONTENT_SESSION_IDLE_MS, openContentSession } from '#app/content-delivery/content-sessions.server.ts'
import { createContentListener } from '#app/content-delivery/content-server.server.ts'
import { type PlayerBootstrap } from '#app/content-delivery/player/bootstrap.ts'
import { startScormAttempt } from '#app/scorm/scorm-attempts.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { syncCatalog } from '#tests/catalog-utils.ts'
import { createTestOrg, createTestPerson } from '#tests/factories.ts'
import { catalogWithScorm, currentVersionOf, scormFixture } from '#tests/scorm/scorm-utils.ts'

const APP_ORIGIN = 'http://app.test:3000'
const runtimeScript = { name: 'player-TEST.js', body: Buffer.from('/* the course wrapper runtime */') }
let server: Server
let contentOrigin = ''
let minimalPackageId = ''

beforeAll(async () => {
	await createTestOrg()
	const copy = catalogWithScorm([
		{ id: 'media', packageFrom: scormFixture('mastery-score-12'), completion: 'CompletedAndPassed' },
		{ id: 'minimal', packageFrom: scormFixture('minimal-12'), completion: 'Completed' },
		{ id: 'sequenced', packageFrom: scormFixture('sequenced-2004'), completion: 'CompletedAndPassed' },
	])
	await syncCatalog(copy.dir)
	minimalPackageId = (await currentVersionOf('minimal')).scormPackageId
	server = createServer((req, res) => createContentListener({ appOrigin: APP_ORIGIN, contentOrigin, runtimeScript })(req, res))
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
	const address = server.address()
	contentOrigin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
})

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

/** A rep with an attempt on the module and a content session (the capability the player frames) for it. */
async function playing(moduleId: string) {
	const rep = await createTestPerson()
	const attempt = await startScormAttempt({ personId: rep.id, moduleId, at: new Date() })
	const appSession = await prisma.session.create({ data: { personId: rep.id, expiresAt: new Date(Date.now() + 3600_000) } })
	const token = await openContentSession({ attemptId: attempt.id, appSessionId: appSession.id, at: new Date() })
	return { rep, attempt, appSession, token, base: `${contentOrigin}/s/${token}` }
}

const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
	fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'same-origin', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) })

function bootstrapOf(html: string) {
	const json = /<script type="application\/json" id="fieldready-player-bootstrap">(.*?)<\/script>/s.exec(html)?.[1]
	return JSON.parse(json!) as PlayerBootstrap
}

describe('the content origin', () => {
	test('frames the wrapper only inside the app, with its runtime and the attempt to play, and sets no cookie', async () => {
		const { base } = await playing('sequenced')
		const response = await fetch(`${base}/`)
		expect(response.status).toBe(200)
		const policy = response.headers.get('content-security-policy')!.split('; ')
		expect(policy).toEqual(expect.arrayContaining(["default-src 'none'", "script-src 'self'", "connect-src 'self'", `frame-ancestors ${APP_ORIGIN}`]))
		expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin')
		expect(response.headers.get('referrer-policy')).toBe('no-referrer')
		expect(response.headers.get('cache-control')).toBe('no-store')
		expect(response.headers.get('set-cookie')).toBeNull()
		const html = await response.text()
		expect(html).toContain(`<script src="/runtime/${runtimeScript.name}" defer></script>`)
		expect(bootstrapOf(html)).toMatchObject({ appOrigin: APP_ORIGIN, basePath: new URL(base).pathname, family: '2004', rootId: 'sequenced-org', outline: [{ id: 'part-1' }, { id: 'part-2' }], sequencingState: null })
		expect(bootstrapOf(html).sequencing?.activityTree?.id).toBe('sequenced-org')
	})

	test('serves the runtime script to be cached for good, compressed when the browser accepts it', async () => {
		const url = `${contentOrigin}/runtime/${runtimeScript.name}`
		const plain = await fetch(url, { headers: { 'Accept-Encoding': 'identity' } })
		expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
		expect(plain.headers.get('content-encoding')).toBeNull()
		expect(await plain.text()).toBe(runtimeScript.body.toString())
		// fetch would undo the compression itself; node:http shows the bytes as sent.
		const gzipped = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
			get(url, { headers: { 'Accept-Encoding': 'gzip' } }, (response) => {
				const chunks: Buffer[] = []
				response.on('data', (chunk: Buffer) => chunks.push(chunk))
				response.on('end', () => resolve({ encoding: response.headers['content-encoding'], body: Buffer.concat(chunks) }))
			}).on('error', reject)
		})
		expect(gzipped.encoding).toBe('gzip')
		expect(gunzipSync(gzipped.body).toString()).toBe(runtimeScript.body.toString())
		expect((await fetch(`${contentOrigin}/runtime/player-OTHER.js`)).status).toBe(404)
	})

	test.each([
		['index.html', 'text/html; charset=utf-8'],
		['course.js', 'text/javascript; charset=utf-8'],
		['style.css', 'text/css; charset=utf-8'],
	])('serves the package file %s as %s, under a policy that keeps package scripts to this origin', async (file, contentType) => {
		const { base } = await playing('media')
		const response = await fetch(`${base}/f/${file}`)
		expect(response.status).toBe(200)
		expect(response.headers.get('content-type')).toBe(contentType)
		expect(await response.text()).toBe(readFileSync(path.join(scormFixture('mastery-score-12'), file), 'utf8'))
		const policy = response.headers.get('content-security-policy')!.split('; ')
		expect(policy).toEqual(expect.arrayContaining(["default-src 'self'", "connect-src 'self'", `frame-ancestors 'self' ${APP_ORIGIN}`, "form-action 'self'", "object-src 'none'"]))
		expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin')
		expect(response.headers.get('x-content-type-options')).toBe('nosniff')
	})

	test('answers a byte range, as media players ask when they seek', async () => {
		const { base } = await playing('media')
		const whole = readFileSync(path.join(scormFixture('mastery-score-12'), 'index.html'))
		const response = await fetch(`${base}/f/index.html`, { headers: { Range: 'bytes=10-19' } })
		expect(response.status).toBe(206)
		expect(response.headers.get('content-range')).toBe(`bytes 10-19/${whole.length}`)
		expect(Buffer.from(await response.arrayBuffer())).toEqual(whole.subarray(10, 20))
		expect((await fetch(`${base}/f/index.html`, { headers: { Range: `bytes=${whole.length + 5}-` } })).status).toBe(416)
	})

	// Each climb names a file that really exists, so only the guard stands between it and the response.
	const databaseFile = () => path.basename(process.env.DATABASE_URL!)
	test.each([
		['an encoded climb to /etc/passwd', () => `${'..%2F'.repeat(40)}etc%2Fpasswd`],
		['an encoded climb to the database file', () => `..%2F..%2F${databaseFile()}`],
		['a climb into another package', () => `..%2F${minimalPackageId}%2Findex.html`],
		['an absolute path', () => '%2Fetc%2Fpasswd'],
		['a double-encoded climb', () => `%252e%252e%252f%252e%252e%252f${databaseFile()}`],
		['a NUL byte', () => 'index.html%00.png'],
		['the package folder itself', () => ''],
		['a file the package does not have', () => 'missing.html'],
		['malformed percent-encoding', () => 'index%E0%A4%A.html'],
	])('%s is 404', async (_what, file) => {
		const { base } = await playing('media')
		const response = await fetch(`${base}/f/${file()}`)
		expect(response.status).toBe(404)
		expect(await response.text()).toContain('This file is not part of the course package.')
	})

	test("ignores the app's session cookie: without a capability nothing opens", async () => {
		const { rep } = await playing('media')
		const appSession = await prisma.session.create({ data: { personId: rep.id, expiresAt: new Date(Date.now() + 3600_000) } })
		const { sessionCookieFor } = await import('#app/auth/session.server.ts')
		const cookie = (await sessionCookieFor(new Request(APP_ORIGIN), appSession.id, new Date(Date.now() + 3600_000))).split(';')[0]!
		for (const url of [`${contentOrigin}/`, `${contentOrigin}/learn`, `${contentOrigin}/manage/readiness.csv`, `${contentOrigin}/s/forged.token/`, `${contentOrigin}/s/${'A'.repeat(22)}.${'B'.repeat(43)}/f/index.html`]) {
			const response = await fetch(url, { headers: { Cookie: cookie } })
			expect(response.status, url).toBe(404)
			expect(response.headers.get('set-cookie'), url).toBeNull()
		}
	})

	test('a capability that went idle, or whose app session ended, opens nothing and says why', async () => {
		const { base, token, appSession } = await playing('media')
		await prisma.scormContentSession.update({ where: { id: token.split('.')[0] }, data: { expiresAt: new Date(Date.now() - 1000) } })
		const idle = await fetch(`${base}/f/index.html`)
		expect(idle.status).toBe(401)
		expect(await idle.text()).toContain('This course session has ended')
		const commit = await postJson(`${base}/commit`, { launchId: 'lch_x', sequence: 1, cmi: {} })
		expect(commit.status).toBe(401)
		expect(commit.headers.get('content-type')).toBe('application/problem+json')
		expect(await commit.json()).toMatchObject({ status: 401, result: false, errorCode: 391, detail: expect.stringContaining('Open the course again from FieldReady') })

		// Signing out deletes the app session; the capability then says the session ended, not that there is no course.
		expect((await fetch(`${(await playing('media')).base}/`)).status).toBe(200)
		await prisma.session.delete({ where: { id: appSession.id } })
		await prisma.scormContentSession.update({ where: { id: token.split('.')[0] }, data: { expiresAt: new Date(Date.now() + 60_000) } })
		const signedOut = await fetch(`${base}/f/index.html`)
		expect(signedOut.status).toBe(401)
		expect(await signedOut.text()).toContain('you signed out')
	})

	test('a heartbeat keeps the capability open', async () => {
		const { base, token } = await playing('media')
		const sessionId = token.split('.')[0]!
		const before = await prisma.scormContentSession.findUniqueOrThrow({ where: { id: sessionId } })
		await new Promise((resolve) => setTimeout(resolve, 20))
		expect((await postJson(`${base}/heartbeat`, {})).status).toBe(204)
		const after = await prisma.scormContentSession.findUniqueOrThrow({ where: { id: sessionId } })
		expect(after.expiresAt.getTime()).toBeGreaterThan(before.expiresAt.getTime())
		expect(after.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(CONTENT_SESSION_IDLE_MS)
	})

	test('runtime calls are accepted from the content origin only, as browsers say: not from another site, nor without saying', async () => {
		const { attempt, base } = await playing('minimal')
		for (const site of ['cross-site', 'same-site', 'none']) {
			const response = await postJson(`${base}/launch`, { scoId: 'minimal-item' }, { 'Sec-Fetch-Site': site })
			expect(response.status, site).toBe(403)
		}
		const unsaid = await fetch(`${base}/launch`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ scoId: 'minimal-item' }) })
		expect(unsaid.status).toBe(403)
		expect(await prisma.scormLaunch.count({ where: { attemptId: attempt.id } })).toBe(0)
		expect((await postJson(`${base}/launch`, { scoId: 'minimal-item' })).status).toBe(200)
		expect((await fetch(`${base}/launch`, { method: 'PUT' })).status).toBe(405)
	})

	test('a body over the limit gets a 413 that reaches the client, and nothing is recorded', async () => {
		const { attempt, base } = await playing('minimal')
		const response = await postJson(`${base}/commit`, JSON.stringify({ launchId: 'x', sequence: 1, cmi: { suspend_data: 'x'.repeat(9 * 1024 * 1024) } }))
		expect(response.status).toBe(413)
		expect(await response.json()).toMatchObject({ status: 413, result: false, detail: 'Request bodies are limited to 8388608 bytes.' })
		expect(await prisma.scormLaunch.count({ where: { attemptId: attempt.id } })).toBe(0)
	})
})

describe('the runtime endpoints', () => {
	test('launch opens a session for an item of the attempt and says where its file is', async () => {
		const { rep, attempt, base } = await playing('media')
		const response = await postJson(`${base}/launch`, { scoId: 'removable-media-check-item' })
		expect(response.status).toBe(200)
		expect(await response.json()).toMatchObject({ scoId: 'removable-media-check-item', kind: 'sco', launchUrl: `${new URL(base).pathname}/f/index.html`, cmi: { core: { entry: 'ab-initio', student_id: rep.employeeId }, student_data: { mastery_score: '80' } } })
		expect(await prisma.scormLaunch.count({ where: { attemptId: attempt.id } })).toBe(1)
	})

	test.each([
		['not JSON', 'scoId', 400, 'The body is not valid JSON.'],
		['no item', { scoId: '' }, 400, 'The body is malformed: scoId Too small: expected string to have >=1 characters'],
		['an item the package does not have', { scoId: 'outro' }, 404, 'This package has no item "outro" to open'],
	])('launch with %s: %i problem+json naming it, and nothing recorded', async (_what, body, status, detail) => {
		const { attempt, base } = await playing('minimal')
		const response = await postJson(`${base}/launch`, body)
		expect(response.status).toBe(status)
		expect(response.headers.get('content-type')).toBe('application/problem+json')
		expect(await response.json()).toMatchObject({ status, detail })
		expect(await prisma.scormLaunch.count({ where: { attemptId: attempt.id } })).toBe(0)
	})

	test("commit answers scorm-again's format with the standing; a beacon's text/plain body works too", async () => {
		const { base } = await playing('minimal')
		const { launchId } = (await (await postJson(`${base}/launch`, { scoId: 'minimal-item' })).json()) as { launchId: string }
		const commit = { launchId, sequence: 1, finished: false, cmi: { core: { lesson_status: 'incomplete' } } }
		const answer = await postJson(`${base}/commit`, commit)
		expect(answer.status).toBe(200)
		expect(answer.headers.get('cache-control')).toBe('no-store')
		expect(await answer.json()).toEqual({ result: true, errorCode: 0, applied: true, completion: 'incomplete', success: 'unknown', satisfied: false, item: { id: 'minimal-item', completion: 'incomplete', success: 'unknown' } })
		const beacon = await fetch(`${base}/commit`, { method: 'POST', headers: { 'Content-Type': 'text/plain;charset=UTF-8', 'Sec-Fetch-Site': 'same-origin' }, body: JSON.stringify({ ...commit, sequence: 2, finished: true, cmi: { core: { lesson_status: 'completed' } } }) })
		expect(await beacon.json()).toMatchObject({ result: true, applied: true, completion: 'completed', satisfied: true })
	})

	test.each([
		['not JSON', '{"launchId": ', 400, 'The body is not valid JSON.'],
		['sequence 0', { launchId: 'lch_x', sequence: 0, cmi: {} }, 400, 'The body is malformed: sequence Too small: expected number to be >=1'],
		['cmi not an object', { launchId: 'lch_x', sequence: 1, cmi: 'core' }, 400, 'The body is malformed: cmi Invalid input: expected record, received string'],
	])('commit with %s: %i, in the same format, telling the SCO it failed', async (_what, body, status, detail) => {
		const { base } = await playing('minimal')
		const response = await postJson(`${base}/commit`, body)
		expect(response.status).toBe(status)
		expect(await response.json()).toMatchObject({ status, detail, result: false, errorCode: 391 })
	})

	test("a commit naming another attempt's launch is refused, and that attempt is untouched", async () => {
		const other = await playing('minimal')
		const { launchId } = (await (await postJson(`${other.base}/launch`, { scoId: 'minimal-item' })).json()) as { launchId: string }
		const mine = await playing('minimal')
		const response = await postJson(`${mine.base}/commit`, { launchId, sequence: 1, finished: true, cmi: { core: { lesson_status: 'passed' } } })
		expect(response.status).toBe(404)
		expect(await response.json()).toMatchObject({ result: false, detail: 'This SCORM session does not exist' })
		expect(await prisma.scormScoState.findUniqueOrThrow({ where: { attemptId_scoId: { attemptId: other.attempt.id, scoId: 'minimal-item' } } })).toMatchObject({ appliedSequence: 0, completionStatus: 'not attempted' })
	})

	test("a leaving page's deflated body is unwrapped, and what it inflates to is held to the same limit", async () => {
		const { base } = await playing('minimal')
		const { launchId } = (await (await postJson(`${base}/launch`, { scoId: 'minimal-item' })).json()) as { launchId: string }
		const commit = { launchId, sequence: 1, finished: false, cmi: { core: { lesson_location: 'p9' }, suspend_data: 'abc'.repeat(21_000) } }
		const envelope = { deflated: deflateRawSync(JSON.stringify(commit)).toString('base64') }
		expect(JSON.stringify(envelope).length).toBeLessThan(60_000)
		const answer = await fetch(`${base}/commit`, { method: 'POST', headers: { 'Content-Type': 'text/plain;charset=UTF-8', 'Sec-Fetch-Site': 'same-origin' }, body: JSON.stringify(envelope) })
		expect(await answer.json()).toMatchObject({ result: true, applied: true })
		expect(await prisma.scormLaunch.findUniqueOrThrow({ where: { id: launchId } })).toMatchObject({ lastSequence: 1 })

		const bomb = { deflated: deflateRawSync(Buffer.alloc(9 * 1024 * 1024, 32)).toString('base64') }
		expect((await postJson(`${base}/commit`, bomb)).status).toBe(413)
		expect((await postJson(`${base}/commit`, { deflated: 'not deflate data' })).status).toBe(400)
	})

	test('suspend_data over 64,000 characters is refused with the reason', async () => {
		const { base } = await playing('minimal')
		const { launchId } = (await (await postJson(`${base}/launch`, { scoId: 'minimal-item' })).json()) as { launchId: string }
		const response = await postJson(`${base}/commit`, { launchId, sequence: 1, cmi: { suspend_data: 'x'.repeat(64_001) } })
		expect(response.status).toBe(422)
		expect(await response.json()).toMatchObject({ result: false, detail: 'suspend_data has 64001 characters; the limit is 64000' })
	})

	test('a sequencing save is for SCORM 2004 only, and its state must be the engine’s JSON', async () => {
		const twelve = await playing('minimal')
		const save = { sequence: 1, state: '{}', root: { completion: 'incomplete', success: 'unknown', scoreScaled: null } }
		expect(await (await postJson(`${twelve.base}/sequencing`, save)).json()).toMatchObject({ status: 422, detail: 'SCORM 1.2 packages have no sequencing state to save' })
		const sequenced = await playing('sequenced')
		expect(await (await postJson(`${sequenced.base}/sequencing`, { ...save, state: 'not json' })).json()).toMatchObject({ status: 400, detail: "The body is malformed: state is not the sequencing engine's JSON state" })
		expect(await (await postJson(`${sequenced.base}/sequencing`, save)).json()).toMatchObject({ applied: true, completion: 'incomplete', satisfied: false })
		expect(await prisma.scormAttempt.findUniqueOrThrow({ where: { id: sequenced.attempt.id }, select: { sequencingState: true } })).toEqual({ sequencingState: '{}' })
	})
})
