import { copyFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { afterAll } from 'vitest'
import './console-guard.ts'
import { templateDbPath, tmpDir } from './paths.ts'

// Each test file gets its own copy of the migrated template, never the demo database.
const databaseFile = path.join(tmpDir, `test-${process.pid}-${Math.random().toString(36).slice(2)}.db`)
copyFileSync(templateDbPath, databaseFile)
process.env.DATABASE_URL = `file:${databaseFile}`
// SCORM packages unpack beside their own database, not into a folder other test files share.
process.env.SCORM_STORAGE_DIR = `${databaseFile}-scorm-packages`

afterAll(async () => {
	const { prisma } = await import('#app/utils/db.server.ts')
	const { closeEligibilityStores } = await import('#app/eligibility/eligibility-store.server.ts')
	await closeEligibilityStores()
	await prisma.$disconnect()
	for (const suffix of ['', '-wal', '-shm', '-scorm-packages']) rmSync(`${databaseFile}${suffix}`, { force: true, recursive: true })
})
