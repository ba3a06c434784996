import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** `npm run test:scorm`: the conformance run over the project's own packages and SCORM_PACKAGES_DIR, on the browser tests' server. */
export default defineConfig({
	root,
	test: {
		include: ['tests/e2e/scorm-conformance.e2e.ts'],
		globalSetup: ['tests/e2e/server-setup.ts'],
		fileParallelism: false,
		testTimeout: 180_000,
		hookTimeout: 180_000,
	},
})
