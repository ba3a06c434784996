import { mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { migrateSqliteDatabase } from '#app/utils/migrate.server.ts'
import { templateDbPath, testsRoot, tmpDir } from './paths.ts'

/** Migrates one template database; every test file then starts from a copy of it. */
export default function setup() {
	mkdirSync(tmpDir, { recursive: true })
	for (const suffix of ['', '-wal', '-shm']) rmSync(`${templateDbPath}${suffix}`, { force: true })
	migrateSqliteDatabase({ filePath: templateDbPath, migrationsDir: path.join(testsRoot, '..', 'prisma', 'migrations') })
	return () => rmSync(tmpDir, { recursive: true, force: true })
}
