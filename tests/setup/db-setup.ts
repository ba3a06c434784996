import { copyFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { afterAll, afterEach, beforeEach, vi } from 'vitest'
import { templateDbPath, tmpDir } from './paths.ts'

// Each test file gets its own copy of the migrated template, never the demo database.
const databaseFile = path.join(tmpDir, `test-${process.pid}-${Math.random().toString(36).slice(2)}.db`)
copyFileSync(templateDbPath, databaseFile)
process.env.DATABASE_URL = `file:${databaseFile}`
// SCORM packages unpack beside their own database, not into a folder other test files share.
process.env.SCORM_STORAGE_DIR = `${databaseFile}-scorm-packages`

beforeEach(() => {
	// An unexpected console.error fails the test; a test that expects one mocks it explicitly.
	vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
		throw new Error(`console.error was called: ${args.map(String).join(' ')}`)
	})
})

afterEach(() => {
	vi.restoreAllMocks()
})

afterAll(async () => {
	const { prisma } = await import('#app/utils/db.server.ts')
	await prisma.$disconnect()
	for (const suffix of ['', '-wal', '-shm', '-scorm-packages']) rmSync(`${databaseFile}${suffix}`, { force: true, recursive: true })
})
