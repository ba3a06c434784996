// `npm start`: builds if the build is missing or stale, migrates, seeds an empty database with
// the demo data, and serves the app on PORT.
import { spawnSync } from 'node:child_process'
import cluster from 'node:cluster'
import { existsSync } from 'node:fs'
import { databaseUrlForLogs } from '#app/utils/database-url.ts'
import { EnvironmentError, getEnv, unsafeDevelopmentWarning, type Env } from '#app/utils/env.server.ts'
import { MigrationError } from '#app/utils/migrate.server.ts'
import { storageFailureOf } from '#app/utils/storage-failure.server.ts'
import { buildIsCurrent, projectPath } from './project.ts'

function fail(message: string): never {
	// One line where it can be: a service manager's status shows the first line of the log.
	console.error(`FieldReady cannot start. ${message}`)
	process.exit(1)
}

async function buildIfStale() {
	if (buildIsCurrent()) return
	console.log(existsSync(projectPath('build', 'index.js')) ? 'Sources changed since the last build; rebuilding…' : 'No build yet; building…')
	const result = spawnSync(process.execPath, [projectPath('node_modules', '@remix-run', 'dev', 'dist', 'cli.js'), 'build'], {
		cwd: projectPath(),
		stdio: 'inherit',
	})
	if (result.status !== 0) fail('The build failed (see above).')
	const { buildContentPlayer } = await import('./build-content-player.ts')
	await buildContentPlayer().catch((error: unknown) => fail(`The content player could not be built: ${error instanceof Error ? error.message : String(error)}`))
}

async function serve(env: Env) {
	const { createApp, listen } = await import('#app/server/http-server.ts')
	const { app, content } = await createApp({ buildDir: projectPath('build'), publicDir: projectPath('public'), trustProxy: env.TRUST_PROXY, appOrigin: env.APP_ORIGIN, contentOrigin: env.CONTENT_ORIGIN })
	const servers = [await listen(app, { port: env.PORT, host: env.HOST }), await listen(content, { port: env.CONTENT_PORT, host: env.HOST })]
	// Finish in-flight requests (and their evidence writes) before exiting.
	const stop = () => {
		let open = servers.length
		for (const server of servers) server.close(() => --open === 0 && process.exit(0))
	}
	process.once('SIGTERM', stop)
	process.once('SIGINT', stop)
}

/** One process per CPU shares the port; SQLite in WAL mode lets them read in parallel, PostgreSQL serves each its own connections. */
function forkWorkers(env: Env) {
	let stopping = false
	for (let i = 0; i < env.WEB_CONCURRENCY; i++) cluster.fork()
	cluster.on('exit', (worker, code, signal) => {
		if (stopping) return
		console.error(`HTTP worker ${worker.process.pid} exited (${signal ?? code}); starting another.`)
		cluster.fork()
	})
	const stop = () => {
		stopping = true
		for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM')
		cluster.once('exit', () => Object.keys(cluster.workers ?? {}).length === 0 && process.exit(0))
		setTimeout(() => process.exit(0), 10_000).unref()
	}
	process.once('SIGTERM', stop)
	process.once('SIGINT', stop)
}

async function main() {
	if (cluster.isWorker) return serve(getEnv())
	let env
	try {
		env = getEnv()
	} catch (error) {
		if (error instanceof EnvironmentError) fail(error.message)
		throw error
	}
	const warning = unsafeDevelopmentWarning(env)
	if (warning) console.warn(warning)
	// Loaded only now: importing the database client needs a valid environment.
	const { prepareDatabase } = await import('./prepare-database.ts')
	const { prisma } = await import('#app/utils/db.server.ts')
	const { formatProblem } = await import('#app/catalog/format-problem.ts')
	const database = databaseUrlForLogs(env.DATABASE_URL)
	// The database first: a server that cannot be reached is reported at once, not after a build.
	try {
		const { applied, catalog, seeded } = await prepareDatabase({ databaseUrl: env.DATABASE_URL, demoData: env.DEMO_DATA, demoPassword: env.DEMO_PASSWORD, now: new Date() }, prisma)
		if (applied.length) console.log(`Applied migrations: ${applied.join(', ')}`)
		if (!catalog.ok) {
			console.warn(`The content catalog has problems; keeping the last good catalog:\n${catalog.problems.map(formatProblem).join('\n')}`)
		}
		if (seeded) console.log('The database was empty: loaded the demo data (demo accounts are listed in README.md).')
	} catch (error) {
		if (error instanceof MigrationError) fail(error.message)
		const storage = storageFailureOf(error)
		if (storage) fail(`The database ${database} cannot be used: ${storage.reason} (${storage.code}). ${storage.reason.includes('reached') ? 'Check DATABASE_URL and that the server is running' : 'Free space or make it writable'}, then start again.`)
		throw error
	} finally {
		await prisma.$disconnect()
	}
	await buildIfStale()
	if (env.WEB_CONCURRENCY > 1) forkWorkers(env)
	else await serve(env)
	console.log(`FieldReady is serving ${env.APP_ORIGIN} (port ${env.PORT}; course content from ${env.CONTENT_ORIGIN}, port ${env.CONTENT_PORT}) with ${env.WEB_CONCURRENCY} worker process${env.WEB_CONCURRENCY === 1 ? '' : 'es'} (database ${database})`)
}

await main()
