import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/**
 * Tests of SQLite's own mechanics, which PostgreSQL does not have: a connection made read-only by
 * PRAGMA to stand for a read-only disk (the app's answers to a storage failure are tested there;
 * PostgreSQL's failure codes in tests/utils/storage-failure.test.ts). Every other test file runs
 * on both, a few of their tests skipped on PostgreSQL (onPostgres in tests/db-utils.ts).
 */
const sqliteOnly = ['tests/server/degraded-storage.test.ts']

// `npm run test:pg`: the suite on PostgreSQL, plus *.pg.test.ts (what only PostgreSQL has: its migration runner, its triggers).
export default defineConfig({
	root,
	test: {
		include: ['tests/**/*.test.{ts,tsx}'],
		exclude: ['tests/e2e/**', 'node_modules/**', ...sqliteOnly],
		globalSetup: ['tests/setup/pg-global-setup.ts'],
		setupFiles: ['tests/setup/pg-db-setup.ts'],
		pool: 'forks',
		testTimeout: 20_000,
		hookTimeout: 60_000,
		env: { NODE_ENV: 'test', DEMO_DATA: 'off' },
	},
})
