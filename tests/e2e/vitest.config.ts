import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export default defineConfig({
	root,
	test: {
		include: ['tests/e2e/**/*.e2e.ts'],
		// The SCORM conformance run is its own command (npm run test:scorm, tests/e2e/vitest.scorm.config.ts).
		exclude: ['tests/e2e/scorm-conformance.e2e.ts'],
		globalSetup: ['tests/e2e/server-setup.ts'],
		// One server and one browser per run; files run one after another.
		fileParallelism: false,
		testTimeout: 60_000,
		hookTimeout: 180_000,
	},
})
