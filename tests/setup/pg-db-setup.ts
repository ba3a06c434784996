import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, inject } from 'vitest'
import { withDatabase } from './pg-global-setup.ts'
import './console-guard.ts'

// Each test file gets its own database, created from the migrated template (a file copy inside PostgreSQL).
const database = `fieldready_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
const admin = new pg.Client({ connectionString: inject('pgServerUrl') })
await admin.connect()
await admin.query(`CREATE DATABASE ${database} TEMPLATE ${inject('pgTemplate')}`)
process.env.DATABASE_URL = withDatabase(inject('pgServerUrl'), database)
const packages = mkdtempSync(path.join(tmpdir(), 'fieldready-pg-packages-'))
process.env.SCORM_STORAGE_DIR = packages

afterAll(async () => {
	const { prisma } = await import('#app/utils/db.server.ts')
	const { closeEligibilityStores } = await import('#app/eligibility/eligibility-store.server.ts')
	await closeEligibilityStores()
	await prisma.$disconnect()
	await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
	await admin.end()
	rmSync(packages, { recursive: true, force: true })
})
