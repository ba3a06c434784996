import { mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { prepareDatabase } from '#app/cli/prepare-database.ts'
import { createPrismaClient } from '#app/utils/db.server.ts'
import { type Figure, percentile, root, startApp } from './harness.ts'

const DEMO_PASSWORD = 'bench-demo-password'
const ROUNDS = 10
// Longer than the server's keep-alive: the next request opens a new connection, as after a real pause.
const IDLE_MS = 30_000

/** The pages each role uses most, on the demo dataset (issue #17: every page under 200 ms of server time). */
const pagesByAccount: Record<string, string[]> = {
	'sr-1002@example.com': ['/learn', '/learn/modules/backup-restore', '/learn/quizzes/backup-restore-quiz', '/learn/scorm/removable-media-check'],
	'manager.emea@example.com': ['/manage/readiness', '/manage/people', '/manage/people/SR-1004', '/manage/courses'],
	'admin@example.com': ['/manage/readiness?unit=PS', '/manage/people/SR-1005', '/admin/content', '/admin/api-clients', '/admin/audit'],
	'assessor@example.com': ['/manage/practical-assessments'],
}

/** A fresh demo database, seeded as `npm start` seeds it; its DATABASE_URL. */
async function demoDatabase(now: Date) {
	const dir = path.join(root, 'tests', 'bench', '.tmp')
	mkdirSync(dir, { recursive: true })
	const file = path.join(dir, 'demo-pages.db')
	for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
	const url = `file:${file}`
	const db = createPrismaClient(url)
	try {
		await prepareDatabase({ databaseUrl: url, demoData: true, demoPassword: DEMO_PASSWORD, now }, db)
	} finally {
		await db.$disconnect()
	}
	return url
}

async function timed<T>(run: () => Promise<T>) {
	const started = performance.now()
	const result = await run()
	return { result, ms: performance.now() - started }
}

/** One sign-in through the form, as a browser posts it; returns the session cookie and how long the answer took. */
async function signIn(baseUrl: string, email: string) {
	const { result: response, ms } = await timed(() =>
		fetch(`${baseUrl}/login`, { method: 'POST', redirect: 'manual', headers: { Origin: baseUrl, 'Sec-Fetch-Site': 'same-origin' }, body: new URLSearchParams({ email, password: DEMO_PASSWORD }) }),
	)
	await response.arrayBuffer()
	if (response.status !== 302) throw new Error(`Signing in as ${email} answered ${response.status}`)
	const cookie = response.headers.get('set-cookie')?.split(';')[0]
	if (!cookie) throw new Error(`Signing in as ${email} set no cookie`)
	return { cookie, ms }
}

/** Time to the last byte of a page over loopback: the server's time, plus a little for the socket. */
async function pageTime(baseUrl: string, cookie: string, page: string) {
	const get = async () => {
		const response = await fetch(`${baseUrl}${page}`, { headers: { Cookie: cookie }, redirect: 'manual' })
		await response.arrayBuffer()
		if (response.status !== 200) throw new Error(`${page} answered ${response.status}`)
	}
	await get()
	const timings: number[] = []
	for (let i = 0; i < ROUNDS; i++) timings.push((await timed(get)).ms)
	return percentile(timings, 50)
}

/** Sign-in time (scrypt included) and each main page's time on the demo dataset, in a production build. */
export async function benchPages({ now }: { now: Date }): Promise<Figure[]> {
	const app = await startApp(await demoDatabase(now))
	try {
		const signIns: number[] = []
		const figures: Figure[] = []
		for (const [email, pages] of Object.entries(pagesByAccount)) {
			let cookie = ''
			for (let i = 0; i < 3; i++) {
				const signedIn = await signIn(app.baseUrl, email)
				signIns.push(signedIn.ms)
				cookie = signedIn.cookie
			}
			for (const page of pages) {
				const ms = await pageTime(app.baseUrl, cookie, page)
				figures.push({ name: `page ${page} (${email.split('@')[0]}), median of ${ROUNDS}`, value: Math.round(ms), unit: 'ms', target: '<= 200', pass: ms <= 200 })
			}
		}
		const signIn50 = percentile(signIns, 50)
		const signInMax = Math.max(...signIns)
		await new Promise((resolve) => setTimeout(resolve, IDLE_MS))
		const afterIdle = (await signIn(app.baseUrl, Object.keys(pagesByAccount)[0]!)).ms
		return [
			{ name: `sign-in (scrypt), median of ${signIns.length}`, value: Math.round(signIn50), unit: 'ms', target: '<= 500', pass: signIn50 <= 500 },
			{ name: `sign-in (scrypt), slowest of ${signIns.length}`, value: Math.round(signInMax), unit: 'ms', target: '<= 500', pass: signInMax <= 500 },
			{ name: 'sign-in (scrypt), the first after start', value: Math.round(signIns[0]!), unit: 'ms', target: '<= 500', pass: signIns[0]! <= 500 },
			{ name: `sign-in (scrypt), after ${IDLE_MS / 1000} s idle`, value: Math.round(afterIdle), unit: 'ms', target: '<= 500', pass: afterIdle <= 500 },
			...figures,
		]
	} finally {
		await app.stop()
	}
}
