import { copyFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { afterAll } from 'vitest'
import { syncCatalogFromDirectory } from '#app/catalog/sync-catalog.server.ts'
import { seedDemoData } from '#app/demo/demo-data.server.ts'
import { createPrismaClient, type Db } from '#app/utils/db.server.ts'
import { templateDbPath, testsRoot, tmpDir } from './setup/paths.ts'

/**
 * A second, independent database copied from the migrated template, for tests that need a
 * clean slate (or two) beside the file's own database. Closed and removed after the file.
 */
export function freshDatabase(): { db: Db; filePath: string; url: string } {
	const filePath = path.join(tmpDir, `fresh-${process.pid}-${Math.random().toString(36).slice(2)}.db`)
	copyFileSync(templateDbPath, filePath)
	const url = `file:${filePath}`
	const db = createPrismaClient(url)
	afterAll(async () => {
		await db.$disconnect()
		for (const suffix of ['', '-wal', '-shm']) rmSync(`${filePath}${suffix}`, { force: true })
	})
	return { db, filePath, url }
}

/** A fresh database with the shipped catalog synced and the demo data seeded at `now`. */
export async function seededDatabase(now: Date) {
	const { db } = freshDatabase()
	await syncCatalogFromDirectory(path.join(testsRoot, '..', 'content'), { at: now }, db)
	await seedDemoData({ now }, db)
	return db
}
