import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type TestProject } from 'vitest/node'
import { migrateSqliteDatabase } from '#app/utils/migrate.server.ts'

const testsRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** Migrates one template database per run; every test file then starts from a copy of it. */
export default function setup(project: TestProject) {
	mkdirSync(path.join(testsRoot, '.tmp'), { recursive: true })
	const runDir = mkdtempSync(path.join(testsRoot, '.tmp', 'run-'))
	migrateSqliteDatabase({ filePath: path.join(runDir, 'template.db'), migrationsDir: path.join(testsRoot, '..', 'prisma', 'migrations') })
	project.provide('runDir', runDir)
	return () => rmSync(runDir, { recursive: true, force: true })
}
