import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { syncCatalogFromDirectory } from '#app/catalog/sync-catalog.server.ts'
import { createPrismaClient } from '#app/utils/db.server.ts'
import { migratePostgresDatabase } from '#app/utils/migrate.server.ts'
import { withDatabase } from '../setup/pg-global-setup.ts'
import { startThrowawayCluster } from '../setup/postgres-cluster.ts'
import { root } from './harness.ts'
import { syntheticWorkforce } from './workforce.ts'

// What syntheticWorkforce writes, parents before children for the foreign keys.
const SYNTHETIC_TABLES = ['OrgUnit', 'Person', 'PersonRole', 'EmploymentPeriod', 'CertificationAward', 'AwardStatusChange', 'WorkTypeAssignment', 'CertificationPeriod']
// PostgreSQL's wire protocol numbers a statement's parameters with 16 bits.
const MAX_PARAMETERS = 65_535

export type PostgresServer = { url: string; stop: () => Promise<void> }

/** The server in PG_BENCH_URL (its user may CREATE DATABASE), or a throwaway cluster that syncs its commits to disk as a production server does. */
export async function startPostgresServer(): Promise<PostgresServer> {
	if (process.env.PG_BENCH_URL) return { url: process.env.PG_BENCH_URL, stop: async () => {} }
	const cluster = await startThrowawayCluster({ durable: true }).catch((error: unknown) => {
		throw new Error(`The PostgreSQL bench needs a server: set PG_BENCH_URL to one whose user may CREATE DATABASE, install PostgreSQL's binaries (apt-get install -y postgresql), or run BENCH_DATABASES=sqlite.`, { cause: error })
	})
	try {
		await warmWriteAheadLog(cluster.url)
	} catch (error) {
		cluster.stop()
		throw error
	}
	return { url: cluster.url, stop: async () => cluster.stop() }
}

// About what a long run of checks writes between two checkpoints.
const WARM_UP_WAL_MB = 1_024

/**
 * A new cluster has no write-ahead log segments to recycle: until its first checkpoint every
 * 16 MB segment is created and zero-filled while commits wait, which a server that has run for a
 * while does not do. (In two sequences on a cluster of this machine the open-loop p99 was about
 * 20 ms while fresh and 11.5 ms once it had log to recycle.) Writing a gigabyte of log and
 * checkpointing before measuring leaves the bench's cluster as a long-running server's would be.
 */
async function warmWriteAheadLog(url: string) {
	const started = performance.now()
	await withClient(url, async (client) => {
		// Rows of 1,920 bytes stay under the size PostgreSQL compresses at, so each writes its whole size to the log.
		await client.query('CREATE TABLE wal_warm_up (filler text)')
		await client.query(`INSERT INTO wal_warm_up SELECT repeat(md5(g::text), 60) FROM generate_series(1, ${WARM_UP_WAL_MB * 512}) AS g`)
		await client.query('DROP TABLE wal_warm_up')
		await client.query('CHECKPOINT')
	})
	console.log(`Warmed the PostgreSQL cluster's write-ahead log (${WARM_UP_WAL_MB} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s.`)
}

async function connect(url: string) {
	const client = new pg.Client({ connectionString: url })
	await client.connect()
	return client
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>) {
	const client = await connect(url)
	try {
		return await work(client)
	} finally {
		await client.end()
	}
}

/**
 * The synthetic workforce of `reps` as a template database on the server: migrated and given
 * the catalog by the app's own code (so catalog rows and their audit events are what the app
 * writes), then the synthetic rows copied from the SQLite workforce, so both databases hold the
 * same people, awards and periods. Kept while it matches the SQLite file it was copied from.
 */
export async function postgresWorkforce(serverUrl: string, reps: number, now: Date) {
	const sqliteFile = await syntheticWorkforce(reps, now)
	const template = `fieldready_bench_${path.basename(sqliteFile, '.db').replaceAll('-', '_')}`
	const source = `${path.basename(sqliteFile)} of ${statSync(sqliteFile).mtime.toISOString()}`
	return withClient(serverUrl, async (admin) => {
		const { rows } = await admin.query<{ source: string | null }>(`SELECT shobj_description(oid, 'pg_database') AS source FROM pg_database WHERE datname = $1`, [template])
		if (rows[0]?.source === source) return template
		const started = performance.now()
		// Built under another name and renamed when whole: an interrupted build is never taken for a workforce.
		const building = `${template}_building`
		await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`)
		await admin.query(`CREATE DATABASE ${building}`)
		const url = withDatabase(serverUrl, building)
		await migratePostgresDatabase({ url, migrationsDir: path.join(root, 'prisma', 'postgresql', 'migrations') })
		const prisma = createPrismaClient(url)
		try {
			await syncCatalogFromDirectory(path.join(root, 'content'), { at: now }, prisma)
		} finally {
			await prisma.$disconnect()
		}
		await withClient(url, async (client) => {
			await copySyntheticTables(sqliteFile, client)
			// VACUUM as well as ANALYZE: a freshly loaded table has no visibility map, so no index-only scans, and autovacuum would otherwise visit it in the middle of a measurement.
			await client.query('VACUUM (ANALYZE)')
		})
		await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`)
		await admin.query(`ALTER DATABASE ${building} RENAME TO ${template}`)
		await admin.query(`COMMENT ON DATABASE ${template} IS ${admin.escapeLiteral(source)}`)
		console.log(`Built the PostgreSQL workforce of ${reps.toLocaleString('en')} reps in ${((performance.now() - started) / 1000).toFixed(1)} s.`)
		return template
	})
}

/**
 * Copies the synthetic rows in one transaction, as multi-row INSERTs of as many rows as the
 * parameter limit allows (COPY would need another dependency). SQLite keeps booleans as 0 and 1;
 * its DateTime text and integer instants are what PostgreSQL's timestamp and bigint columns take.
 */
async function copySyntheticTables(sqliteFile: string, client: pg.Client) {
	const sqlite = new Database(sqliteFile, { readonly: true })
	try {
		await client.query('BEGIN')
		for (const table of SYNTHETIC_TABLES) {
			const columns = sqlite.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[]
			const columnList = columns.map((c) => `"${c}"`).join(', ')
			const { rows: types } = await client.query<{ column_name: string; data_type: string }>('SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1', [table])
			const booleans = new Set(types.filter((t) => t.data_type === 'boolean').map((t) => t.column_name))
			const convert = columns.map((column) => (booleans.has(column) ? (value: unknown) => (value === null ? null : value === 1) : (value: unknown) => value))
			const rows = sqlite.prepare(`SELECT ${columnList} FROM "${table}"`).raw().all() as unknown[][]
			const perStatement = Math.floor(MAX_PARAMETERS / columns.length)
			for (let start = 0; start < rows.length; start += perStatement) {
				const chunk = rows.slice(start, start + perStatement)
				const tuples = chunk.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`)
				// Named, so the full-size statement each table repeats is parsed and planned once.
				await client.query({ name: `${table}-${chunk.length}`, text: `INSERT INTO "${table}" (${columnList}) VALUES ${tuples.join(', ')}`, values: chunk.flatMap((row) => row.map((value, c) => convert[c]!(value))) })
			}
		}
		await client.query('COMMIT')
	} catch (error) {
		await client.query('ROLLBACK')
		throw error
	} finally {
		sqlite.close()
	}
}

/**
 * A fresh database copied from a workforce template for one bench run, as workingCopy copies the
 * SQLite file: the checks one run records would otherwise slow the next.
 */
export async function postgresWorkingCopy(serverUrl: string, template: string, purpose: string) {
	const copy = `${template}_${purpose}`
	await withClient(serverUrl, async (admin) => {
		await admin.query(`DROP DATABASE IF EXISTS ${copy} WITH (FORCE)`)
		await admin.query(`CREATE DATABASE ${copy} TEMPLATE ${template}`)
	})
	return { url: withDatabase(serverUrl, copy), drop: () => withClient(serverUrl, async (admin) => void (await admin.query(`DROP DATABASE IF EXISTS ${copy} WITH (FORCE)`))) }
}

/**
 * The postmaster's process id when the server runs on this machine (its backends are its
 * children), so that the bench counts the database's CPU apart from everything else; null when
 * the server is elsewhere.
 */
export async function localPostmasterPid(url: string) {
	return withClient(url, async (client) => {
		const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')
		const stat = `/proc/${rows[0]!.pid}/stat`
		if (!existsSync(stat)) return null
		const [, comm, rest] = /^\d+ \((.*)\) (.*)$/s.exec(readFileSync(stat, 'utf8')) ?? []
		return comm === 'postgres' ? Number(rest!.split(' ')[1]) : null
	})
}
