import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type TestProject } from 'vitest/node'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

declare module 'vitest' {
	export interface ProvidedContext {
		baseUrl: string
		contentOrigin: string
		databaseFile: string
		apiKey: string
		demoPassword: string
	}
}

/** Production refuses the published demo password; the browser tests sign in with this one. */
const E2E_DEMO_PASSWORD = 'e2e-demo-password-not-published'

export function freePort() {
	return new Promise<number>((resolve, reject) => {
		const server = createServer()
		server.listen(0, '127.0.0.1', () => {
			const address = server.address()
			server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
		})
	})
}

function canListen(port: number) {
	return new Promise<boolean>((resolve) => {
		const server = createServer()
		server.once('error', () => resolve(false))
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
	})
}

/**
 * A free port whose next port is free too, for a server left to its default content port (PORT + 1).
 * A port from freePort alone comes from the range client sockets take theirs from, so its
 * neighbour may be in use.
 */
export async function freePortPair() {
	for (let attempt = 0; attempt < 20; attempt++) {
		const port = await freePort()
		if (port < 65535 && (await canListen(port + 1))) return port
	}
	throw new Error('No two adjacent free ports found on 127.0.0.1.')
}

export async function waitForServer(url: string, child: ChildProcess, output: () => string) {
	const deadline = Date.now() + 150_000
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`The app exited early:\n${output()}`)
		try {
			if ((await fetch(url)).ok) return
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 300))
	}
	throw new Error(`The app did not answer at ${url} in time:\n${output()}`)
}

/** Runs one of the project's command-line tools (`app/cli/…`) against a database, as an operator would. */
export function runCli(databaseUrl: string, script: string, ...args: string[]) {
	return spawnSync(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), script, ...args], { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: 'utf8' })
}

/** Runs `npm run -s apikey -- ...` against a database; its output, or an error if it failed. */
export function runApiKeyCli(databaseUrl: string, ...args: string[]) {
	const result = runCli(databaseUrl, 'app/cli/apikey.ts', ...args)
	if (result.status !== 0) throw new Error(`apikey ${args.join(' ')} failed: ${result.stderr}`)
	return result.stdout
}

/** A new API key for a client of that name: the last line `apikey create` prints. */
export const createApiKey = (databaseUrl: string, name: string) => runApiKeyCli(databaseUrl, 'create', '--name', name).trim().split('\n').at(-1)!

export type Instance = { baseUrl: string; contentOrigin: string; child: ChildProcess; output: () => string; stop: () => Promise<void> }

/**
 * Starts the production app (via `npm start`'s entry) on `databaseFile`, seeding the demo data
 * into it when empty. It runs in a process group of its own, so a test can kill the whole instance.
 */
export async function startInstance(databaseFile: string, env: Record<string, string> = {}): Promise<Instance> {
	const port = await freePort()
	const contentPort = await freePort()
	let output = ''
	const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'app/cli/start.ts'], {
		cwd: root,
		detached: true,
		env: {
			...process.env,
			NODE_ENV: 'production',
			SESSION_SECRET: 'e2e-only-session-secret-0123456789abcdef',
			PORT: String(port),
			HOST: '127.0.0.1',
			APP_ORIGIN: `http://127.0.0.1:${port}`,
			// The content origin as a deployment would have it: another origin on the same site.
			CONTENT_PORT: String(contentPort),
			CONTENT_ORIGIN: `http://127.0.0.1:${contentPort}`,
			DATABASE_URL: `file:${databaseFile}`,
			DEMO_DATA: 'on',
			DEMO_PASSWORD: E2E_DEMO_PASSWORD,
			...env,
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	})
	child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
	const baseUrl = `http://127.0.0.1:${port}`
	await waitForServer(`${baseUrl}/login`, child, () => output)
	const stop = async () => {
		if (child.exitCode !== null || child.signalCode !== null) return
		const exited = new Promise((resolve) => child.once('exit', resolve))
		child.kill('SIGTERM')
		await exited
	}
	return { baseUrl, contentOrigin: `http://127.0.0.1:${contentPort}`, child, output: () => output, stop }
}

/** Starts the app on a throwaway demo database for the browser tests. */
export default async function setup(project: TestProject) {
	if (spawnSync('/usr/bin/chromium', ['--version']).status !== 0) {
		throw new Error('Browser tests need Debian Chromium at /usr/bin/chromium: apt-get update && apt-get install -y chromium')
	}
	const dataDir = mkdtempSync(path.join(tmpdir(), 'fieldready-e2e-'))
	const databaseFile = path.join(dataDir, 'e2e.db')
	const instance = await startInstance(databaseFile)
	project.provide('baseUrl', instance.baseUrl)
	project.provide('contentOrigin', instance.contentOrigin)
	project.provide('databaseFile', databaseFile)
	project.provide('demoPassword', E2E_DEMO_PASSWORD)
	project.provide('apiKey', createApiKey(`file:${databaseFile}`, 'e2e dispatch'))
	return async () => {
		await instance.stop()
		rmSync(dataDir, { recursive: true, force: true })
	}
}
