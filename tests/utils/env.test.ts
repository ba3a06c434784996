import { spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { type AddressInfo } from 'node:net'
import path from 'node:path'
import express from 'express'
import { describe, expect, test } from 'vitest'
import { EnvironmentError, parseEnv, PUBLISHED_DEMO_PASSWORD, unsafeDevelopmentWarning, type TrustProxy } from '#app/utils/env.server.ts'

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

	test('development serves content from a second port of the listening address', () => {
		expect(parseEnv({})).toMatchObject({ APP_ORIGIN: 'http://localhost:3000', CONTENT_PORT: 3001, CONTENT_ORIGIN: 'http://localhost:3001' })
		expect(parseEnv({ HOST: '127.0.0.1', PORT: '8080' })).toMatchObject({ APP_ORIGIN: 'http://127.0.0.1:8080', CONTENT_ORIGIN: 'http://127.0.0.1:8081' })
		expect(parseEnv({ CONTENT_PORT: '4000' })).toMatchObject({ CONTENT_PORT: 4000, CONTENT_ORIGIN: 'http://localhost:4000' })
		expect(parseEnv({ APP_ORIGIN: 'https://fieldready.example/', CONTENT_ORIGIN: 'https://content.fieldready.example' })).toMatchObject({ APP_ORIGIN: 'https://fieldready.example', CONTENT_ORIGIN: 'https://content.fieldready.example' })
	})

	test('production needs both origins, and they must differ', () => {
		const production = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) }
		expect(() => parseEnv(production)).toThrow(/APP_ORIGIN is required when NODE_ENV=production/)
		expect(() => parseEnv(production)).toThrow(/CONTENT_ORIGIN is required when NODE_ENV=production/)
		const same = () => parseEnv({ ...production, APP_ORIGIN: 'https://fieldready.example', CONTENT_ORIGIN: 'https://fieldready.example/' })
		expect(same).toThrow(/CONTENT_ORIGIN must differ from APP_ORIGIN/)
		expect(parseEnv({ ...production, APP_ORIGIN: 'https://fieldready.example', CONTENT_ORIGIN: 'https://content.fieldready.example' })).toMatchObject({ CONTENT_ORIGIN: 'https://content.fieldready.example' })
	})

	test('an origin with a path, a non-web scheme or a content port equal to PORT is refused', () => {
		expect(() => parseEnv({ APP_ORIGIN: 'https://fieldready.example/app' })).toThrow(/APP_ORIGIN must be an origin only/)
		expect(() => parseEnv({ CONTENT_ORIGIN: 'ftp://content.example' })).toThrow(/CONTENT_ORIGIN must be an http\(s\) URL/)
		expect(() => parseEnv({ PORT: '3000', CONTENT_PORT: '3000' })).toThrow(/CONTENT_PORT must differ from PORT/)
	})

	test('TRUST_PROXY is a hop count or the proxies’ addresses, never “every hop”', () => {
		expect(parseEnv({}).TRUST_PROXY).toBe(false)
		expect(parseEnv({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1)
		expect(parseEnv({ TRUST_PROXY: 'loopback, 10.0.0.0/8, 2001:db8::1' }).TRUST_PROXY).toEqual(['loopback', '10.0.0.0/8', '2001:db8::1'])
		expect(() => parseEnv({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY must be false, the number of proxies in front .* "true" would trust every X-Forwarded-For hop/)
		expect(() => parseEnv({ TRUST_PROXY: 'proxy.example' })).toThrow(/"proxy.example" is none of these/)
		expect(() => parseEnv({ TRUST_PROXY: '99' })).toThrow(/TRUST_PROXY must be false/)
	})

	test('the client address behind one trusted proxy is the one that proxy saw, whatever the client put in X-Forwarded-For', async () => {
		const addressSeenWith = async (trustProxy: TrustProxy) => {
			const app = express().set('trust proxy', trustProxy).get('/', (req, res) => void res.send(req.ip))
			const server = app.listen(0, '127.0.0.1')
			await once(server, 'listening')
			const { port } = server.address() as AddressInfo
			try {
				return await (await fetch(`http://127.0.0.1:${port}/`, { headers: { 'X-Forwarded-For': '6.6.6.6, 203.0.113.9' } })).text()
			} finally {
				server.close()
			}
		}
		expect(await addressSeenWith(parseEnv({ TRUST_PROXY: '1' }).TRUST_PROXY)).toBe('203.0.113.9')
		expect(await addressSeenWith(parseEnv({ TRUST_PROXY: 'loopback' }).TRUST_PROXY)).toBe('203.0.113.9')
		expect(await addressSeenWith(parseEnv({}).TRUST_PROXY)).toBe('127.0.0.1')
	})

	test('demo data: on in development with the published password; off in production unless asked for, and then never with the published password', () => {
		expect(parseEnv({})).toMatchObject({ DEMO_DATA: true, DEMO_PASSWORD: PUBLISHED_DEMO_PASSWORD })
		const production = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), APP_ORIGIN: 'https://fieldready.example', CONTENT_ORIGIN: 'https://content.fieldready.example' }
		expect(parseEnv(production)).toMatchObject({ DEMO_DATA: false })
		expect(() => parseEnv({ ...production, DEMO_DATA: 'on' })).toThrow(/DEMO_PASSWORD is required when NODE_ENV=production and DEMO_DATA=on, and must not be the password published in README.md/)
		expect(() => parseEnv({ ...production, DEMO_DATA: 'on', DEMO_PASSWORD: PUBLISHED_DEMO_PASSWORD })).toThrow(/must be at least 12 characters|must not be the password published/)
		expect(parseEnv({ ...production, DEMO_DATA: 'on', DEMO_PASSWORD: 'a-long-private-demo-password' })).toMatchObject({ DEMO_DATA: true, DEMO_PASSWORD: 'a-long-private-demo-password' })
	})

	test('development on an address others can reach, with the published session secret, is warned about', () => {
		expect(unsafeDevelopmentWarning(parseEnv({}))).toMatch(/^WARNING: listening on 0\.0\.0\.0 with the development session secret/)
		expect(unsafeDevelopmentWarning(parseEnv({ HOST: '127.0.0.1' }))).toBeNull()
		expect(unsafeDevelopmentWarning(parseEnv({ SESSION_SECRET: 's'.repeat(32) }))).toBeNull()
	})

	test('evidence is committed to survive a power cut unless EVIDENCE_SYNC says otherwise', () => {
		expect(parseEnv({}).EVIDENCE_SYNC).toBe('full')
		expect(parseEnv({ EVIDENCE_SYNC: 'normal' }).EVIDENCE_SYNC).toBe('normal')
		expect(() => parseEnv({ EVIDENCE_SYNC: 'off' })).toThrow(/EVIDENCE_SYNC must be full or normal/)
	})

	test('bad values are named one by one', () => {
		const parse = () => parseEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SESSION_SECRET: 'short' })
		expect(parse).toThrow(/PORT must be a port number/)
		expect(parse).toThrow(/DATABASE_URL must be a file: URL/)
		expect(parse).toThrow(/SESSION_SECRET must be at least 32 characters/)
	})

	test('DATABASE_URL names SQLite (file:) or PostgreSQL (postgresql:// or postgres://), nothing else', () => {
		expect(parseEnv({ DATABASE_URL: 'postgresql://fieldready@db.internal:5432/fieldready' }).DATABASE_URL).toBe('postgresql://fieldready@db.internal:5432/fieldready')
		expect(parseEnv({ DATABASE_URL: 'postgres://db/fieldready' }).DATABASE_URL).toBe('postgres://db/fieldready')
		expect(() => parseEnv({ DATABASE_URL: 'mysql://db/fieldready' })).toThrow(/DATABASE_URL must be a file: URL to a SQLite database \(e\.g\. file:\.\/data\/fieldready\.db\) or a postgresql:\/\/ URL/)
	})

	const startWith = (env: { NODE_ENV?: 'production' } & Record<string, string>) => {
		const root = path.resolve(import.meta.dirname, '../..')
		return spawnSync(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'app/cli/start.ts'], { cwd: root, env: { PATH: process.env.PATH, NODE_ENV: 'development', ...env }, encoding: 'utf8', timeout: 30_000 })
	}

	test('npm start exits with a clear error in production without SESSION_SECRET', () => {
		const result = startWith({ NODE_ENV: 'production', APP_ORIGIN: 'https://fieldready.example', CONTENT_ORIGIN: 'https://content.fieldready.example' })
		expect(result.status).toBe(1)
		expect(result.stderr).toContain('FieldReady cannot start.')
		expect(result.stderr).toContain('SESSION_SECRET is required when NODE_ENV=production')
	})

	test('npm start against a PostgreSQL server that cannot be reached says so in one line, without the password', () => {
		const result = startWith({ DATABASE_URL: 'postgresql://fieldready:s3cret@127.0.0.1:1/fieldready', HOST: '127.0.0.1' })
		expect(result.status).toBe(1)
		expect(result.stderr.trim()).toBe('FieldReady cannot start. The database postgresql://fieldready:***@127.0.0.1:1/fieldready cannot be used: the database server cannot be reached (ECONNREFUSED). Check DATABASE_URL and that the server is running, then start again.')
	})
})
