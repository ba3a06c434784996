// `npm run bench`: performance figures on a synthetic workforce; writes tests/bench/results.json.
import { benchCompetencyApi } from './api.bench.ts'
import { printTable, saveFigures } from './harness.ts'
import { benchPages } from './pages.bench.ts'
import { benchReadiness } from './readiness.bench.ts'

const sizes = (process.env.BENCH_SIZES ?? '5000,50000').split(',').map(Number)
const now = new Date()
const only = process.env.BENCH_ONLY
const runs = (part: string) => !only || only === part
const figures = [
	...(runs('api') ? await benchCompetencyApi({ sizes, now }) : []),
	...(runs('readiness') ? await benchReadiness({ reps: Math.max(...sizes), now }) : []),
	...(runs('pages') ? await benchPages({ now }) : []),
]
printTable(figures)
console.log(`\nWritten to ${saveFigures(figures)}`)
if (figures.some((f) => !f.pass)) process.exitCode = 1
