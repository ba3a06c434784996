import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, describe, expect, test } from 'vitest'
import { startThrowawayDatabase } from '../setup/pg-global-setup.ts'
import { createApiKey, runCli, startInstance, type Instance } from './server-setup.ts'

const dataDir = mkdtempSync(path.join(tmpdir(), 'fieldready-durability-'))
const instances: Instance[] = []
let cluster: Awaited<ReturnType<typeof startThrowawayDatabase>> | undefined
afterAll(async () => {
	await Promise.all(instances.map((instance) => instance.stop()))
	cluster?.stop()
	rmSync(dataDir, { recursive: true, force: true })
})

const allReps = Array.from({ length: 300 }, (_, i) => `SR-${1001 + i}`)
const CONCURRENT = 24

/** One caller's request: single checks, and (every other caller) batches of every demo rep, whose evidence takes longest to write. */
async function oneRequest(baseUrl: string, apiKey: string, caller: number, i: number) {
	const headers = { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' }
	if (caller % 2 === 0) return fetch(`${baseUrl}/api/v1/reps/${allReps[i % allReps.length]}/eligibility?workType=PATCH_APPLICATION`, { headers })
	return fetch(`${baseUrl}/api/v1/eligibility/batch`, { method: 'POST', headers, body: JSON.stringify({ workType: 'PATCH_APPLICATION', employeeIds: allReps }) })
}

/** Checks from CONCURRENT callers until the instance stops answering: the ids of those acknowledged. */
async function checksUntilKilled(baseUrl: string, apiKey: string, acknowledged: string[]) {
	const caller = async (n: number) => {
		for (let i = n; ; i += CONCURRENT) {
			let response: Response
			let body: { checkId?: string; results?: Array<{ checkId?: string }> } | null
			try {
				response = await oneRequest(baseUrl, apiKey, n, i)
				// An answer counts as acknowledged only when it arrived whole.
				body = (await response.json()) as typeof body
			} catch {
				return
			}
			if (response.status !== 200) throw new Error(`A check answered ${response.status} before the kill: ${JSON.stringify(body)}`)
			for (const result of body?.results ?? [body]) if (result?.checkId) acknowledged.push(result.checkId)
		}
	}
	await Promise.all(Array.from({ length: CONCURRENT }, (_, n) => caller(n)))
}

type Target = { databaseUrl: string; start: () => Promise<Instance>; storedCheckIds: () => Promise<Set<string>> }

function sqliteTarget(): Target {
	const databaseFile = path.join(dataDir, 'killed.db')
	return {
		databaseUrl: `file:${databaseFile}`,
		start: () => startInstance(databaseFile),
		storedCheckIds: async () => {
			const db = new Database(databaseFile, { readonly: true })
			try {
				return new Set(db.prepare('SELECT id FROM EligibilityCheck').pluck().all() as string[])
			} finally {
				db.close()
			}
		},
	}
}

async function postgresTarget(): Promise<Target> {
	cluster = await startThrowawayDatabase('fieldready_killed')
	const databaseUrl = cluster.url
	const env = { DATABASE_URL: databaseUrl, SCORM_STORAGE_DIR: path.join(dataDir, 'scorm-packages') }
	return {
		databaseUrl,
		start: () => startInstance(path.join(dataDir, 'unused.db'), env),
		storedCheckIds: async () => {
			const client = new pg.Client({ connectionString: databaseUrl })
			await client.connect()
			try {
				return new Set((await client.query<{ id: string }>('SELECT id FROM "EligibilityCheck"')).rows.map((row) => row.id))
			} finally {
				await client.end()
			}
		},
	}
}

async function killDuringLoad(target: Target) {
	const instance = await target.start()
	instances.push(instance)
	const apiKey = createApiKey(target.databaseUrl, 'durability')
	const acknowledged: string[] = []
	const load = checksUntilKilled(instance.baseUrl, apiKey, acknowledged)
	while (acknowledged.length < 1500) await new Promise((resolve) => setTimeout(resolve, 20))
	const exited = new Promise((resolve) => instance.child.once('exit', resolve))
	// The whole instance, workers and threads with it, with no chance to finish anything.
	process.kill(-instance.child.pid!, 'SIGKILL')
	await Promise.all([load, exited])

	const stored = await target.storedCheckIds()
	const lost = acknowledged.filter((id) => !stored.has(id))
	expect({ acknowledged: acknowledged.length >= 1500, lost }).toEqual({ acknowledged: true, lost: [] })
	const verify = runCli(target.databaseUrl, 'app/cli/audit-verify.ts')
	expect(verify.stderr).toBe('')
	expect(verify.stdout).toMatch(/Audit log intact[\s\S]*Eligibility evidence intact/)

	// The database the kill left behind starts and answers again.
	const restarted = await target.start()
	instances.push(restarted)
	const again = await fetch(`${restarted.baseUrl}/api/v1/reps/SR-1001/eligibility?workType=PATCH_APPLICATION`, { headers: { Authorization: `Bearer ${apiKey}` } })
	expect(again.status).toBe(200)
}

describe('kill -9 during a load of checks loses no acknowledged check, and the audit chain and seals still verify', () => {
	test('on SQLite', () => killDuringLoad(sqliteTarget()), 240_000)
	// The app's process dies, not the database server: what it acknowledged must already be committed there.
	test('on PostgreSQL', async () => killDuringLoad(await postgresTarget()), 240_000)
})
