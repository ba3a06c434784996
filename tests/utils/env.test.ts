import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { EnvironmentError, parseEnv } from '#app/utils/env.server.ts'

describe('environment', () => {
	test('development runs with sensible defaults and a development-only session secret', () => {
		const env = parseEnv({})
		expect(env).toMatchObject({ NODE_ENV: 'development', PORT: 3000, DATABASE_URL: 'file:./data/fieldready.db', DEMO_DATA: true })
		expect(env.SESSION_SECRET.length).toBeGreaterThanOrEqual(32)
	})

	test('production without SESSION_SECRET is refused with a message naming it', () => {
		expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(EnvironmentError)
		expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET is required when NODE_ENV=production/)
	})

	test('bad values are named one by one', () => {
		const parse = () => parseEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SESSION_SECRET: 'short' })
		expect(parse).toThrow(/PORT must be a port number/)
		expect(parse).toThrow(/DATABASE_URL must be a file: URL/)
		expect(parse).toThrow(/SESSION_SECRET must be at least 32 characters/)
	})

	test('npm start exits with a clear error in production without SESSION_SECRET', () => {
		const root = path.resolve(import.meta.dirname, '../..')
		const result = spawnSync(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'app/cli/start.ts'], {
			cwd: root,
			env: { PATH: process.env.PATH, NODE_ENV: 'production' },
			encoding: 'utf8',
			timeout: 30_000,
		})
		expect(result.status).toBe(1)
		expect(result.stderr).toContain('FieldReady cannot start.')
		expect(result.stderr).toContain('SESSION_SECRET is required when NODE_ENV=production')
	})
})
