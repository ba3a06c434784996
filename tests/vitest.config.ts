import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export default defineConfig({
	root,
	test: {
		include: ['tests/**/*.test.{ts,tsx}'],
		// *.pg.test.ts run in npm run test:pg (tests/vitest.pg.config.ts).
		exclude: ['tests/e2e/**', 'node_modules/**', 'tests/**/*.pg.test.ts'],
		globalSetup: ['tests/setup/global-setup.ts'],
		setupFiles: ['tests/setup/db-setup.ts'],
		pool: 'forks',
		testTimeout: 20_000,
		hookTimeout: 60_000,
		env: { NODE_ENV: 'test', DEMO_DATA: 'off' },
	},
})
