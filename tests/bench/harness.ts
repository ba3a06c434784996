import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import { freePort } from '../e2e/server-setup.ts'

export const root = path.resolve(import.meta.dirname, '../..')

// The browser tests' helpers: one way to find a port and to create an API key.
export { createApiKey } from '../e2e/server-setup.ts'

export type Figure = { name: string; value: number; unit: string; target: string; pass: boolean }


export async function waitForHttp(url: string, child: ChildProcess, output: () => string) {
	const deadline = Date.now() + 180_000
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`The server exited early:\n${output()}`)
		try {
			await fetch(url)
			return
		} catch {
			await new Promise((resolve) => setTimeout(resolve, 250))
		}
	}
	throw new Error(`No answer from ${url}:\n${output()}`)
}

/** Starts `npm start`'s entry in production mode on the database DATABASE_URL names; resolves when it answers. */
export async function startApp(databaseUrl: string, env: Record<string, string> = {}) {
	const port = await freePort()
	const contentPort = await freePort()
	let output = ''
	// BENCH_PROFILE_DIR=<dir> writes a CPU profile per server thread there: profile before optimising.
	const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE_DIR)}`] : []
	const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), ...profile, 'app/cli/start.ts'], {
		cwd: root,
		env: {
			...process.env,
			NODE_ENV: 'production',
			SESSION_SECRET: 'bench-only-session-secret-0123456789abcdef',
			DEMO_DATA: 'off',
			PORT: String(port),
			HOST: '127.0.0.1',
			APP_ORIGIN: `http://127.0.0.1:${port}`,
			CONTENT_PORT: String(contentPort),
			CONTENT_ORIGIN: `http://127.0.0.1:${contentPort}`,
			DATABASE_URL: databaseUrl,
			// Where SQLite's default puts them, beside the database file; production on PostgreSQL needs the folder named.
			SCORM_STORAGE_DIR: path.join(root, 'tests', 'bench', '.tmp', 'scorm-packages'),
			...env,
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	})
	child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
	if (process.env.BENCH_SERVER_LOG) child.stdout?.pipe(process.stdout)
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
	const baseUrl = `http://127.0.0.1:${port}`
	await waitForHttp(`${baseUrl}/api/v1/openapi.json`, child, () => output)
	return { baseUrl, pid: child.pid!, stop: () => stopChild(child) }
}

export function stopChild(child: ChildProcess) {
	return new Promise<void>((resolve) => {
		if (child.exitCode !== null) return resolve()
		child.once('exit', () => resolve())
		child.kill('SIGTERM')
	})
}

/** A bare node:http server answering a fixed JSON body: the machine's ceiling for comparison. */
export async function startBareServer() {
	const port = await freePort()
	const script = `require('node:http').createServer((req, res) => { res.writeHead(200, { 'Content-Type': 'application/json' }); res.end('{"eligible":true,"reasons":[]}') }).listen(${port}, '127.0.0.1')`
	const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' })
	const baseUrl = `http://127.0.0.1:${port}`
	await waitForHttp(baseUrl, child, () => '')
	return { baseUrl, stop: () => stopChild(child) }
}

export type LoadResult = { rps: number; p50: number; p99: number; non2xx: number; errors: number; total: number }

export async function load(options: autocannon.Options): Promise<LoadResult> {
	const result = await autocannon(options)
	return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors, total: result.requests.total }
}

// Linux reports CPU time in clock ticks of 10 ms (USER_HZ = 100).
const TICK_MS = 10
const statFields = (pid: string) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
/** CPU time of a process and all its descendants (`npm start`'s entry runs the server in a child of tsx). */
function processTreeCpuMs(rootPid: number) {
	const children = new Map<string, string[]>()
	const cpu = new Map<string, number>()
	for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
		try {
			const fields = statFields(pid)
			children.set(fields[1]!, [...(children.get(fields[1]!) ?? []), pid])
			cpu.set(pid, (Number(fields[11]) + Number(fields[12])) * TICK_MS)
		} catch {
			// The process ended while we looked.
		}
	}
	const tree = [String(rootPid)]
	for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []))
	return tree.reduce((sum, pid) => sum + (cpu.get(pid) ?? 0), 0)
}
const machineBusyCpuMs = () => {
	const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
	return (user! + nice! + system! + irq! + softirq! + steal!) * TICK_MS
}
const ownCpuMs = () => {
	const { user, system } = process.cpuUsage()
	return (user + system) / 1000
}

export type CpuShare = { serverMs: number; databaseMs: number | null; loadGeneratorMs: number; otherProcessesMs: number; wallMs: number }

/**
 * Where the machine's CPU went while `run` ran: the server, the database server when it is a
 * process of its own on this machine, this process (the load generator) and everything else. The
 * machine is shared, so figures are only comparable when "everything else" is near zero; the bench
 * prints it beside them. Null where /proc is missing.
 */
export async function measureCpu<T>(serverPid: number, databasePid: number | null, run: () => Promise<T>): Promise<{ result: T; cpu: CpuShare | null }> {
	if (!existsSync('/proc/stat')) return { result: await run(), cpu: null }
	const databaseCpuMs = () => (databasePid === null ? null : processTreeCpuMs(databasePid))
	const before = { server: processTreeCpuMs(serverPid), database: databaseCpuMs(), machine: machineBusyCpuMs(), own: ownCpuMs(), at: performance.now() }
	const result = await run()
	const serverMs = processTreeCpuMs(serverPid) - before.server
	const databaseMs = before.database === null ? null : databaseCpuMs()! - before.database
	const loadGeneratorMs = ownCpuMs() - before.own
	const otherProcessesMs = Math.max(0, machineBusyCpuMs() - before.machine - serverMs - (databaseMs ?? 0) - loadGeneratorMs)
	return { result, cpu: { serverMs, databaseMs, loadGeneratorMs, otherProcessesMs, wallMs: performance.now() - before.at } }
}

export const percentile = (values: number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b)
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

export const machine = () => `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()}`

/** Merges figures into tests/bench/results.json, replacing earlier figures of the same name. */
export function saveFigures(figures: Figure[]) {
	const file = path.join(root, 'tests', 'bench', 'results.json')
	const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { figures: Figure[] }).figures : []
	const names = new Set(figures.map((f) => f.name))
	const merged = [...previous.filter((f) => !names.has(f.name)), ...figures]
	writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), machine: machine(), figures: merged }, null, 2)}\n`)
	return file
}

export function printTable(figures: Figure[]) {
	const rows = figures.map((f) => [f.name, `${f.value} ${f.unit}`, f.target, f.pass ? 'PASS' : 'FAIL'])
	const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['figure', 'value', 'target', ''][i]!.length))
	const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')
	console.log(line(['figure', 'value', 'target', 'result']))
	for (const row of rows) console.log(line(row))
}
