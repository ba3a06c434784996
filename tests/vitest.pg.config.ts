import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/**
 * Test files that do not pass on PostgreSQL yet, because the code they exercise still speaks
 * SQLite's SQL (raw queries: the audit chain, the evidence writer, readiness, the read model; a
 * few SQLite-only set-ups). Issue #18 empties this list; every other test file runs on both.
 */
const notYetOnPostgres = [
	'tests/audit/audit-log.test.ts',
	'tests/auth/sign-in.test.ts',
	'tests/certification/manual-awards.test.ts',
	'tests/competency-api/api.test.ts',
	'tests/demo/demo-states.test.ts',
	'tests/demo/seed.test.ts',
	'tests/eligibility/evidence-seal.test.ts',
	'tests/eligibility/evidence.test.ts',
	'tests/people/person-page-views.test.ts',
	'tests/practical/practical-assessment.test.ts',
	'tests/readiness/evidence-pack.test.ts',
	'tests/readiness/readiness-aggregation.test.ts',
	'tests/readiness/readiness-charts.test.tsx',
	'tests/readiness/readiness-partitions.test.ts',
	'tests/readiness/readiness-thread-fallback.test.ts',
	'tests/readiness/readiness-wide-catalog.test.ts',
	'tests/readiness/readiness.test.ts',
	'tests/retraining/retraining.test.ts',
	// These pass most runs on PostgreSQL but not all (1 in 4 seen): a sequenced SCORM 2004 course
	// sometimes delivers no first activity there. To find before they join.
	'tests/content-delivery/course-runner.test.ts',
	'tests/scorm/scorm-completion.test.ts',
	'tests/server/degraded-storage.test.ts',
	'tests/utils/storage-failure.test.ts',
	'tests/utils/threads.test.ts',
]

// `npm run test:pg`: the suite on PostgreSQL, plus *.pg.test.ts (what only PostgreSQL has: its migration runner, its triggers).
export default defineConfig({
	root,
	test: {
		include: ['tests/**/*.test.{ts,tsx}'],
		exclude: ['tests/e2e/**', 'node_modules/**', ...notYetOnPostgres],
		globalSetup: ['tests/setup/pg-global-setup.ts'],
		setupFiles: ['tests/setup/pg-db-setup.ts'],
		pool: 'forks',
		testTimeout: 20_000,
		hookTimeout: 60_000,
		env: { NODE_ENV: 'test', DEMO_DATA: 'off' },
	},
})
