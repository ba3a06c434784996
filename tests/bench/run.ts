// `npm run bench`: performance figures on a synthetic workforce; writes tests/bench/results.json.
import { benchCompetencyApi } from './api.bench.ts'
import { printTable, saveFigures } from './harness.ts'
import { benchReadiness } from './readiness.bench.ts'

const sizes = (process.env.BENCH_SIZES ?? '5000,50000').split(',').map(Number)
const now = new Date()
const only = process.env.BENCH_ONLY
const figures = [
	...(only === 'readiness' ? [] : await benchCompetencyApi({ sizes, now })),
	...(only === 'api' ? [] : await benchReadiness({ reps: Math.max(...sizes), now })),
]
printTable(figures)
console.log(`\nWritten to ${saveFigures(figures)}`)
if (figures.some((f) => !f.pass)) process.exitCode = 1
