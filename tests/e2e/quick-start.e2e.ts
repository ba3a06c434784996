import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { freePortPair, waitForServer } from './server-setup.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

// The README quick start: `npm start` with nothing set runs in development mode, where the
// server build and the CLI share one Prisma client across two copies of its module.
test('npm start with no settings brings the app up on a fresh demo database', async () => {
	const dataDir = mkdtempSync(path.join(tmpdir(), 'fieldready-quick-start-'))
	// The quick start sets no port; here PORT is set (3000 may be taken) and the content origin takes PORT + 1.
	const port = await freePortPair()
	const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `file:${path.join(dataDir, 'quick-start.db')}` }
	// The quick start sets nothing else: no NODE_ENV (our ProcessEnv type says it is always there), no SESSION_SECRET.
	for (const name of ['NODE_ENV', 'SESSION_SECRET']) Reflect.deleteProperty(env, name)
	const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'app/cli/start.ts'], {
		cwd: root,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
	})
	let output = ''
	child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
	try {
		const baseUrl = `http://127.0.0.1:${port}`
		await waitForServer(`${baseUrl}/login`, child, () => output)
		expect((await fetch(`${baseUrl}/api/v1/openapi.json`)).status).toBe(200)
		expect(child.exitCode).toBeNull()
	} finally {
		child.kill('SIGTERM')
		await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)))
		rmSync(dataDir, { recursive: true, force: true })
	}
}, 180_000)
