import { type PostgresServer, localPostmasterPid, postgresWorkforce, postgresWorkingCopy, startPostgresServer } from './postgres.ts'
import { syntheticWorkforce, workingCopy } from './workforce.ts'

export type BenchDatabase = {
	kind: 'sqlite' | 'postgresql'
	/** Ends each figure's name; empty on SQLite, whose figures keep the names earlier results.json files have. */
	suffix: string
	/** A fresh copy of the synthetic workforce of `reps` for one bench, and how to remove it. */
	workingCopy: (reps: number, now: Date, purpose: string) => Promise<{ url: string; drop: () => Promise<void> }>
	/** The database server's process, when it runs on this machine apart from the app: its CPU is counted apart. */
	serverPid: () => Promise<number | null>
	close: () => Promise<void>
}

const sqlite: BenchDatabase = {
	kind: 'sqlite',
	suffix: '',
	// The copy stays until the next run overwrites it, to be looked at.
	workingCopy: async (reps, now, purpose) => ({ url: `file:${workingCopy(await syntheticWorkforce(reps, now), purpose)}`, drop: async () => {} }),
	serverPid: async () => null,
	close: async () => {},
}

/** The server starts when a bench first needs it, so BENCH_ONLY=pages starts none. */
function postgresql(): BenchDatabase {
	let server: Promise<PostgresServer> | undefined
	const started = () =>
		(server ??= startPostgresServer().then((s) => {
			// A throwaway cluster outlives an interrupted bench unless stopped here.
			for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void s.stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143)))
			return s
		}))
	return {
		kind: 'postgresql',
		suffix: ', PostgreSQL',
		async workingCopy(reps, now, purpose) {
			const { url } = await started()
			return postgresWorkingCopy(url, await postgresWorkforce(url, reps, now), purpose)
		},
		serverPid: async () => localPostmasterPid((await started()).url),
		// A server that failed to start has nothing to stop, and its error has been thrown already.
		close: async () => server?.then((s) => s.stop(), () => {}),
	}
}

/** BENCH_DATABASES: which databases to measure, comma-separated (default sqlite,postgresql). */
export function benchDatabases(names = process.env.BENCH_DATABASES ?? 'sqlite,postgresql') {
	return names.split(',').map((name): BenchDatabase => {
		if (name.trim() === 'sqlite') return sqlite
		if (name.trim() === 'postgresql') return postgresql()
		throw new Error(`BENCH_DATABASES names "${name}": it takes sqlite, postgresql or both, comma-separated.`)
	})
}
