// `npm run bench`: performance figures on a synthetic workforce, on SQLite and PostgreSQL (BENCH_DATABASES
// names one or both), writes tests/bench/results.json.
import { benchCompetencyApi } from './api.bench.ts'
import { benchDatabases } from './databases.ts'
import { type Figure, printTable, saveFigures } from './harness.ts'
import { benchPages } from './pages.bench.ts'
import { benchReadiness } from './readiness.bench.ts'

const sizes = (process.env.BENCH_SIZES ?? '5000,50000').split(',').map(Number)
const databases = benchDatabases()
const now = new Date()
const only = process.env.BENCH_ONLY
const runs = (part: string) => !only || only === part
let figures: Figure[]
try {
	figures = [
		...(runs('api') ? await benchCompetencyApi({ sizes, now, databases }) : []),
		...(runs('readiness') ? await benchReadiness({ reps: Math.max(...sizes), now, databases }) : []),
		// The pages bench (#17) runs on a SQLite demo database: a run without SQLite skips it.
		...(runs('pages') && databases.some((d) => d.kind === 'sqlite') ? await benchPages({ now }) : []),
	]
} finally {
	for (const database of databases) await database.close()
}
printTable(figures)
console.log(`\nWritten to ${saveFigures(figures)}`)
if (figures.some((f) => !f.pass)) process.exitCode = 1
