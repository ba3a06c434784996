import { createServer, type Server } from 'node:http'
import { type ServerBuild } from '@remix-run/node'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { createApiClient } from '#app/api-clients/api-keys.server.ts'
import { handleApiRequest, jsonReply } from '#app/competency-api/handler.server.ts'
import { openContentSession } from '#app/content-delivery/content-sessions.server.ts'
import { createContentListener } from '#app/content-delivery/content-server.server.ts'
import { evidenceStoreFor } from '#app/eligibility/eligibility-store.server.ts'
import { checkEligibility } from '#app/eligibility/eligibility.server.ts'
import { handleDataRequest } from '#app/entry.server.tsx'
import * as login from '#app/routes/_auth+/login.tsx'
import { startScormAttempt } from '#app/scorm/scorm-attempts.server.ts'
import { withStorageFailureAnswers } from '#app/server/storage-failure-routes.ts'
import { createPrismaClient, prisma } from '#app/utils/db.server.ts'
import { syncCatalog } from '#tests/catalog-utils.ts'
import { createTestOrg, createTestPerson, TEST_PASSWORD } from '#tests/factories.ts'
import { catalogWithScorm, scormFixture } from '#tests/scorm/scorm-utils.ts'

// SQLite's query_only makes a connection refuse every write with SQLITE_READONLY, as a read-only
// database file or volume does. The shared client has one connection, so this turns the app's
// storage read-only until it is turned off again.
const setAppStorageReadOnly = (on: boolean) => prisma.$queryRawUnsafe(`PRAGMA query_only = ${on ? 'ON' : 'OFF'}`)
async function withReadOnlyStorage<T>(run: () => Promise<T>) {
	await setAppStorageReadOnly(true)
	try {
		return await run()
	} finally {
		await setAppStorageReadOnly(false)
	}
}

/** What better-sqlite3 throws for a write on read-only storage. */
function readOnlyWriteError() {
	const db = new Database(process.env.DATABASE_URL!.slice('file:'.length), { readonly: true })
	try {
		db.prepare(`UPDATE "AuditChainHead" SET "lastSeq" = "lastSeq" WHERE "id" = 1`).run()
		throw new Error('the read-only connection wrote')
	} catch (error) {
		return error
	} finally {
		db.close()
	}
}

let logged: string[] = []
beforeEach(() => {
	logged = []
	vi.mocked(console.error).mockImplementation((...args: unknown[]) => void logged.push(args.map((a) => (a instanceof Error ? `${a.stack}` : String(a))).join(' ')))
})

/** At most one line a minute, the same one every time: never a stack trace per request. */
function expectOnlyRateLimitedLogLines() {
	expect(logged.length).toBeLessThanOrEqual(1)
	for (const line of logged) expect(line).toMatch(/^Storage unavailable: the database is read-only \(SQLITE_READONLY\); writes are refused with 503 until it recovers/)
}

const APP_ORIGIN = 'http://app.test:3000'
let server: Server
let contentOrigin = ''

beforeAll(async () => {
	await createTestOrg()
	await syncCatalog(catalogWithScorm([{ id: 'minimal', packageFrom: scormFixture('minimal-12'), completion: 'Completed' }]).dir)
	server = createServer(createContentListener({ appOrigin: APP_ORIGIN, contentOrigin: 'http://127.0.0.1', runtimeScript: { name: 'player.js', body: Buffer.from('') } }))
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
	const address = server.address()
	contentOrigin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

describe('when the database cannot be written', () => {
	test('a check whose evidence cannot be stored is not answered: 503 problem+json with Retry-After, and nothing recorded', async () => {
		const rep = await createTestPerson()
		const { key, client } = await createApiClient({ name: 'dispatch', actor: { type: 'system', id: 'test' }, at: new Date() })
		// Evidence for a client other than the app's is written on this thread (the app's writer thread
		// is out of reach), and its commit fails as SQLite fails it on read-only storage: with the driver's own error.
		const inProcessEvidence = createPrismaClient(process.env.DATABASE_URL!)
		vi.spyOn(evidenceStoreFor(inProcessEvidence), 'commitSealedChecks').mockRejectedValue(readOnlyWriteError())
		const request = { method: 'GET', url: new URL(`http://localhost/api/v1/reps/${rep.employeeId}/eligibility?workType=SITE_VISIT`), header: (name: string) => (name === 'Authorization' ? `Bearer ${key}` : null), json: async () => ({}) }
		const replies = []
		for (let i = 0; i < 20; i++) {
			replies.push(
				await handleApiRequest(request, async (caller, now) => {
					const [answer] = await checkEligibility({ employeeIds: [rep.employeeId], workTypeCode: 'SITE_VISIT', at: now, caller, checkedAt: now, batch: false }, inProcessEvidence)
					return jsonReply(answer!.json)
				}),
			)
		}
		await inProcessEvidence.$disconnect()
		for (const reply of replies) {
			expect(reply.status).toBe(503)
			expect(reply.headers).toMatchObject({ 'Content-Type': 'application/problem+json', 'Retry-After': '30' })
			expect(JSON.parse(reply.body)).toMatchObject({ status: 503, type: 'urn:fieldready:problem:storage-unavailable', detail: expect.stringContaining('nothing was recorded') })
		}
		expect(await prisma.eligibilityCheck.count({ where: { apiClientId: client.id } })).toBe(0)
		expectOnlyRateLimitedLogLines()
	})

	test("a SCORM commit answers in the runtime's shape, which the player retries and then reports as not saved", async () => {
		const rep = await createTestPerson()
		const attempt = await startScormAttempt({ personId: rep.id, moduleId: 'minimal', at: new Date() })
		const appSession = await prisma.session.create({ data: { personId: rep.id, expiresAt: new Date(Date.now() + 3600_000) } })
		const base = `${contentOrigin}/s/${await openContentSession({ attemptId: attempt.id, appSessionId: appSession.id, at: new Date() })}`
		const post = (rest: string, body: unknown) => fetch(`${base}/${rest}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'same-origin' }, body: JSON.stringify(body) })
		const { launchId } = (await (await post('launch', { scoId: 'minimal-item' })).json()) as { launchId: string }
		const response = await withReadOnlyStorage(() => post('commit', { launchId, sequence: 1, finished: true, cmi: { core: { lesson_status: 'completed' } } }))
		expect(response.status).toBe(503)
		expect(response.headers.get('retry-after')).toBe('30')
		expect(await response.json()).toMatchObject({ result: false, errorCode: 391, status: 503, detail: expect.stringContaining('the database is read-only') })
		expect(await prisma.scormScoState.findUniqueOrThrow({ where: { attemptId_scoId: { attemptId: attempt.id, scoId: 'minimal-item' } } })).toMatchObject({ appliedSequence: 0 })
		// Once storage is back, the player's retry of the same commit is stored.
		expect((await post('commit', { launchId, sequence: 1, finished: true, cmi: { core: { lesson_status: 'completed' } } })).status).toBe(200)
		expectOnlyRateLimitedLogLines()
	})

	test("a page's action answers 503 with Retry-After, shown by the route's error boundary", async () => {
		const rep = await createTestPerson()
		const build = withStorageFailureAnswers({ routes: { login: { id: 'login', path: 'login', module: login } } } as unknown as ServerBuild)
		const signIn = () => build.routes.login!.module.action!({ request: new Request('http://localhost/login', { method: 'POST', body: new URLSearchParams({ email: rep.email, password: TEST_PASSWORD }) }), params: {}, context: {} })
		const thrown = await withReadOnlyStorage(() => Promise.resolve(signIn()).then(() => null, (error: unknown) => error))
		expect(thrown).toBeInstanceOf(Response)
		const response = thrown as Response
		expect(response.status).toBe(503)
		expect(response.headers.get('retry-after')).toBe('30')
		expect(await response.text()).toMatch(/^FieldReady cannot save anything right now \(the database is read-only\); nothing was recorded/)
		expect(handleDataRequest(new Response(null, { status: 503 })).headers.get('retry-after')).toBe('30')
		// Errors that are not about storage still reach Remix (and its logging) as they were.
		const broken = withStorageFailureAnswers({ routes: { r: { id: 'r', module: { loader: () => Promise.reject(new TypeError('a bug')) } } } } as unknown as ServerBuild)
		await expect(Promise.resolve(broken.routes.r!.module.loader!({ request: new Request('http://localhost/'), params: {}, context: {} }))).rejects.toThrow('a bug')
		expectOnlyRateLimitedLogLines()
	})
})
