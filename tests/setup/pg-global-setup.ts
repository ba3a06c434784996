import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { type TestProject } from 'vitest/node'
import { migratePostgresDatabase } from '#app/utils/migrate.server.ts'
import { startThrowawayCluster } from './postgres-cluster.ts'

const testsRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

declare module 'vitest' {
	export interface ProvidedContext {
		pgServerUrl: string
		pgTemplate: string
	}
}

/**
 * `npm run test:pg`: the server in PG_TEST_URL, or a throwaway cluster of its own. One template
 * database is migrated per run; each test file gets a database created from it (tests/setup/pg-db-setup.ts).
 */
export default async function setup(project: TestProject) {
	const cluster = process.env.PG_TEST_URL ? null : await startThrowawayCluster()
	const serverUrl = process.env.PG_TEST_URL ?? cluster!.url
	const template = `fieldready_template_${process.pid}`
	const admin = new pg.Client({ connectionString: serverUrl })
	await admin.connect()
	await admin.query(`DROP DATABASE IF EXISTS ${template}`)
	await admin.query(`CREATE DATABASE ${template}`)
	await migratePostgresDatabase({ url: withDatabase(serverUrl, template), migrationsDir: path.join(testsRoot, '..', 'prisma', 'postgresql', 'migrations') })
	project.provide('pgServerUrl', serverUrl)
	project.provide('pgTemplate', template)
	// Test helpers keep scratch files (catalog copies, packages) in the run's folder, as on SQLite.
	mkdirSync(path.join(testsRoot, '.tmp'), { recursive: true })
	const runDir = mkdtempSync(path.join(testsRoot, '.tmp', 'pg-run-'))
	project.provide('runDir', runDir)
	return async () => {
		await admin.query(`DROP DATABASE IF EXISTS ${template}`)
		await admin.end()
		cluster?.stop()
		rmSync(runDir, { recursive: true, force: true })
	}
}

/** The same server, another database. */
export function withDatabase(serverUrl: string, database: string) {
	const url = new URL(serverUrl)
	url.pathname = `/${database}`
	return url.toString()
}

/** A throwaway cluster (postgres-cluster.ts) with one empty database `name`: its URL, and how to remove the cluster. */
export async function startThrowawayDatabase(name: string) {
	const cluster = await startThrowawayCluster()
	const admin = new pg.Client({ connectionString: cluster.url })
	await admin.connect()
	try {
		await admin.query(`CREATE DATABASE ${name}`)
	} finally {
		await admin.end()
	}
	return { url: withDatabase(cluster.url, name), stop: cluster.stop }
}
