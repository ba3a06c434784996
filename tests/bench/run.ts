// `npm run bench`: performance figures on a synthetic workforce; writes tests/bench/results.json.
import { benchCompetencyApi } from './api.bench.ts'
import { printTable, saveFigures } from './harness.ts'

const sizes = (process.env.BENCH_SIZES ?? '5000,50000').split(',').map(Number)
const figures = await benchCompetencyApi({ sizes, now: new Date() })
printTable(figures)
console.log(`\nWritten to ${saveFigures(figures)}`)
if (figures.some((f) => !f.pass)) process.exitCode = 1
