import { readFileSync } from 'node:fs'
import path from 'node:path'
import { matchRoutes } from '@remix-run/router'
import { beforeAll, describe, expect, test, vi } from 'vitest'
import { action as commitAction } from '#app/routes/learn+/scorm-attempts.$attemptId.commit.tsx'
import { action as launchAction } from '#app/routes/learn+/scorm-attempts.$attemptId.launch.tsx'
import { loader as filesLoader } from '#app/routes/learn+/scorm-files.$packageId.$.tsx'
import { startScormAttempt } from '#app/scorm/scorm-attempts.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { syncCatalog } from '#tests/catalog-utils.ts'
import { createTestOrg, createTestPerson, settle, signedInRequest } from '#tests/factories.ts'
import { catalogWithScorm, currentVersionOf, openSco, scormFixture, shippedPackage, type ScoSession } from './scorm-utils.ts'

vi.hoisted(() => {
	// Packages unpack into a folder of this file's own, beside its database, not one other test files share.
	process.env.SCORM_STORAGE_DIR = `${process.env.DATABASE_URL!.slice('file:'.length)}-scorm`
})

const base = 'http://localhost'
let mediaPackageId = ''
let minimalPackageId = ''

beforeAll(async () => {
	await createTestOrg()
	const copy = catalogWithScorm(
		[
			{ id: 'media', packageFrom: shippedPackage('removable-media-check'), completion: 'CompletedAndPassed' },
			{ id: 'minimal', packageFrom: scormFixture('minimal-12'), completion: 'Completed' },
			{ id: 'multi', packageFrom: scormFixture('multi-sco-12'), completion: 'CompletedAndPassed' },
		],
		[{ code: 'CERT-R', modules: ['minimal'] }],
	)
	await syncCatalog(copy.dir)
	mediaPackageId = (await currentVersionOf('media')).scormPackageId
	minimalPackageId = (await currentVersionOf('minimal')).scormPackageId
})

async function learnerOn(moduleId: string) {
	const rep = await createTestPerson()
	const attempt = await startScormAttempt({ personId: rep.id, moduleId, at: new Date() })
	return { rep, attempt }
}

const post = (body: string, headers: Record<string, string> = { 'Content-Type': 'application/json' }) => ({ method: 'POST', headers, body })

async function commitAs(personId: string | null, attemptId: string, body: string, contentType = 'application/json') {
	const url = `${base}/learn/scorm-attempts/${attemptId}/commit`
	const init = post(body, { 'Content-Type': contentType })
	const request = personId ? await signedInRequest(personId, url, init) : new Request(url, init)
	const response = (await settle(() => commitAction({ request, params: { attemptId }, context: {} }))) as Response
	return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> }
}

/** A real commit body from scorm-again, for a fresh launch of the attempt's SCO. */
async function commitBody({ rep, attempt }: Awaited<ReturnType<typeof learnerOn>>, scoId: string, steps: (sco: ScoSession) => unknown) {
	const sco = await openSco({ personId: rep.id, attemptId: attempt.id, scoId, at: new Date() })
	sco.initialize()
	steps(sco)
	return sco.commits.at(-1)!
}

describe('the commit route', () => {
	test('answers scorm-again’s format with the standing, never cached; a beacon’s text/plain body works too', async () => {
		const learner = await learnerOn('media')
		const commit = await commitBody(learner, 'removable-media-check-item', (sco) => (sco.set('cmi.core.lesson_status', 'incomplete'), sco.commit()))
		const answer = await commitAs(learner.rep.id, learner.attempt.id, JSON.stringify(commit))
		expect(answer).toMatchObject({ status: 200, body: { result: true, errorCode: 0, applied: true, completion: 'incomplete', success: 'unknown', satisfied: false } })
		expect(answer.headers.get('Cache-Control')).toBe('no-store')

		const beacon = await commitAs(learner.rep.id, learner.attempt.id, JSON.stringify({ ...commit, sequence: 2 }), 'text/plain;charset=UTF-8')
		expect(beacon).toMatchObject({ status: 200, body: { result: true, errorCode: 0, applied: true } })
	})

	test('finishing through the route completes the module and awards the certification', async () => {
		const learner = await learnerOn('minimal')
		const commit = await commitBody(learner, 'minimal-item', (sco) => sco.finish())
		expect((await commitAs(learner.rep.id, learner.attempt.id, JSON.stringify(commit))).body).toMatchObject({ result: true, satisfied: true })
		expect(await prisma.moduleCompletion.count({ where: { personId: learner.rep.id, moduleId: 'minimal', source: 'scorm' } })).toBe(1)
		expect(await prisma.certificationAward.findMany({ where: { personId: learner.rep.id }, select: { certificationCode: true } })).toEqual([{ certificationCode: 'CERT-R' }])
	})

	test('signed out: 401 with a message for the learner, and nothing is saved', async () => {
		const learner = await learnerOn('minimal')
		const commit = await commitBody(learner, 'minimal-item', (sco) => sco.finish())
		const answer = await commitAs(null, learner.attempt.id, JSON.stringify(commit))
		expect(answer).toEqual({ status: 401, headers: expect.anything(), body: { result: false, errorCode: 391, errorMessage: 'You are signed out of FieldReady, so progress was not saved. Sign in again to continue.' } })
		expect(await prisma.scormLaunch.findUniqueOrThrow({ where: { id: commit.launchId } })).toMatchObject({ commitCount: 0 })
	})

	test.each([
		['not JSON', '{"launchId": ', 'The commit is not valid JSON.'],
		['no launch', JSON.stringify({ sequence: 1, cmi: {} }), 'The commit is malformed: launchId Invalid input: expected string, received undefined'],
		['sequence 0', JSON.stringify({ launchId: 'lch_x', sequence: 0, cmi: {} }), 'The commit is malformed: sequence Too small: expected number to be >=1'],
		['cmi not an object', JSON.stringify({ launchId: 'lch_x', sequence: 1, cmi: 'core' }), 'The commit is malformed: cmi Invalid input: expected record, received string'],
		['an array', '[]', 'The commit is malformed: body Invalid input: expected object, received array'],
	])('%s: 400 in the same format', async (_what, body, errorMessage) => {
		const { rep, attempt } = await learnerOn('minimal')
		expect(await commitAs(rep.id, attempt.id, body)).toMatchObject({ status: 400, body: { result: false, errorCode: 391, errorMessage } })
	})

	test('someone else’s attempt or an unknown one: 404, and the owner’s state is untouched', async () => {
		const owner = await learnerOn('minimal')
		const intruder = await createTestPerson()
		const commit = await commitBody(owner, 'minimal-item', (sco) => sco.finish())
		expect(await commitAs(intruder.id, owner.attempt.id, JSON.stringify(commit))).toMatchObject({ status: 404, body: { result: false, errorCode: 391, errorMessage: 'This SCORM attempt does not exist' } })
		expect(await commitAs(intruder.id, 'no-such-attempt', JSON.stringify(commit))).toMatchObject({ status: 404, body: { result: false } })
		expect(await prisma.scormAttempt.findUniqueOrThrow({ where: { id: owner.attempt.id } })).toMatchObject({ completionStatus: 'not attempted', satisfiedAt: null })
	})

	test('suspend_data over 64,000 characters: 422 with the reason', async () => {
		const learner = await learnerOn('minimal')
		const commit = await commitBody(learner, 'minimal-item', (sco) => sco.commit())
		const oversized = { ...commit, cmi: { ...commit.cmi, suspend_data: 'x'.repeat(64_001) } }
		expect(await commitAs(learner.rep.id, learner.attempt.id, JSON.stringify(oversized))).toMatchObject({ status: 422, body: { result: false, errorCode: 391, errorMessage: 'suspend_data has 64001 characters; the limit is 64000' } })
	})
})

describe('the launch route', () => {
	async function launchAs(personId: string | null, attemptId: string, body: string) {
		const url = `${base}/learn/scorm-attempts/${attemptId}/launch`
		const request = personId ? await signedInRequest(personId, url, post(body)) : new Request(url, post(body))
		const response = (await settle(() => launchAction({ request, params: { attemptId }, context: {} }))) as Response
		return { status: response.status, body: response.status === 401 ? await response.text() : ((await response.json()) as Record<string, unknown>) }
	}

	test('opens a session and returns where the SCO is and the state it starts from', async () => {
		const { rep, attempt } = await learnerOn('media')
		const answer = await launchAs(rep.id, attempt.id, JSON.stringify({ scoId: 'removable-media-check-item' }))
		expect(answer).toMatchObject({ status: 200, body: { scoId: 'removable-media-check-item', family: '1.2', launchUrl: `/learn/scorm-files/${mediaPackageId}/index.html`, cmi: { core: { entry: 'ab-initio', student_id: rep.employeeId }, student_data: { mastery_score: '80' } } } })
		expect(await prisma.scormLaunch.count({ where: { attemptId: attempt.id } })).toBe(1)
	})

	test('401 signed out, 400 without a SCO, 404 for someone else’s attempt or an unknown SCO, 409 for a locked one', async () => {
		const { rep, attempt } = await learnerOn('multi')
		const intruder = await createTestPerson()
		expect(await launchAs(null, attempt.id, JSON.stringify({ scoId: 'intro' }))).toEqual({ status: 401, body: 'Sign in to FieldReady to open this.' })
		expect(await launchAs(rep.id, attempt.id, 'intro')).toEqual({ status: 400, body: { error: 'Send {"scoId": "..."} as JSON.' } })
		expect(await launchAs(rep.id, attempt.id, JSON.stringify({ scoId: '' }))).toMatchObject({ status: 400 })
		expect(await launchAs(intruder.id, attempt.id, JSON.stringify({ scoId: 'intro' }))).toEqual({ status: 404, body: { error: 'This SCORM attempt does not exist' } })
		expect(await launchAs(rep.id, attempt.id, JSON.stringify({ scoId: 'outro' }))).toEqual({ status: 404, body: { error: 'This package has no SCO "outro"' } })
		expect(await launchAs(rep.id, attempt.id, JSON.stringify({ scoId: 'exam' }))).toEqual({ status: 409, body: { error: '"Exam" opens once you have finished what it builds on.' } })
		expect(await prisma.scormLaunch.count({ where: { attemptId: attempt.id } })).toBe(0)
	})
})

describe('the package files route', () => {
	/** Loads a URL the way Remix would route it: the splat decoded by the router, not by hand. */
	async function fetchFile(personId: string | null, pathname: string) {
		const params = matchRoutes([{ path: '/learn/scorm-files/:packageId/*' }], pathname)?.[0]?.params ?? {}
		const url = `${base}${pathname}`
		const request = personId ? await signedInRequest(personId, url) : new Request(url)
		return (await settle(() => filesLoader({ request, params, context: {} }))) as Response
	}
	const shipped = (file: string) => readFileSync(path.join(shippedPackage('removable-media-check'), file), 'utf8')

	test.each([
		['index.html', 'text/html; charset=utf-8'],
		['course.js', 'text/javascript; charset=utf-8'],
		['style.css', 'text/css; charset=utf-8'],
		['imsmanifest.xml', 'application/xml'],
	])('serves %s as %s, under a policy that keeps package scripts to this origin', async (file, contentType) => {
		const rep = await createTestPerson()
		const response = await fetchFile(rep.id, `/learn/scorm-files/${mediaPackageId}/${file}`)
		expect(response.status).toBe(200)
		expect(response.headers.get('Content-Type')).toBe(contentType)
		expect(await response.text()).toBe(shipped(file))
		expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff')
		const policy = response.headers.get('Content-Security-Policy')!.split('; ')
		expect(policy).toEqual(expect.arrayContaining(["default-src 'self'", "connect-src 'self'", "frame-ancestors 'self'", "form-action 'self'", "object-src 'none'"]))
	})

	test('signed out: 401, not a redirect a frame would follow', async () => {
		const response = await fetchFile(null, `/learn/scorm-files/${mediaPackageId}/index.html`)
		expect(response.status).toBe(401)
		expect(response.headers.get('Location')).toBeNull()
	})

	// Each climb names a file that really exists, so only the guard stands between it and the response.
	const databaseFile = () => path.basename(process.env.DATABASE_URL!)
	const runFolder = () => path.basename(path.dirname(process.env.DATABASE_URL!))
	test.each([
		['an encoded climb to /etc/passwd', (id: string) => `/learn/scorm-files/${id}/${'..%2F'.repeat(40)}etc%2Fpasswd`],
		['an encoded climb to the database file', (id: string) => `/learn/scorm-files/${id}/..%2F..%2F${databaseFile()}`],
		['a climb through the package id to the database file', () => `/learn/scorm-files/..%2F../${runFolder()}/${databaseFile()}`],
		['a climb into another package', (id: string) => `/learn/scorm-files/${id}/..%2F${minimalPackageId}%2Findex.html`],
		['an absolute path', (id: string) => `/learn/scorm-files/${id}/%2Fetc%2Fpasswd`],
		['a double-encoded climb', (id: string) => `/learn/scorm-files/${id}/%252e%252e%252f%252e%252e%252f${databaseFile()}`],
		['a NUL byte', (id: string) => `/learn/scorm-files/${id}/index.html%00.png`],
		['the package folder itself', (id: string) => `/learn/scorm-files/${id}/`],
		['a file the package does not have', (id: string) => `/learn/scorm-files/${id}/missing.html`],
		['a package id that is not stored', () => `/learn/scorm-files/${'0'.repeat(64)}/index.html`],
	])('%s is 404', async (_what, pathFor) => {
		const rep = await createTestPerson()
		const response = await fetchFile(rep.id, pathFor(mediaPackageId))
		expect(response.status).toBe(404)
		expect(await response.text()).toBe('This file is not part of the course package.')
	})
})
