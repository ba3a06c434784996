import { type SessionUser } from '#app/auth/permissions.server.ts'
import { readinessReport } from '#app/readiness/readiness-report.server.ts'
import { createPrismaClient } from '#app/utils/db.server.ts'
import { type BenchDatabase } from './databases.ts'
import { type Figure, percentile } from './harness.ts'

// Issue #18's targets for the whole company on each database.
const COMPANY_TARGET_MS: Record<BenchDatabase['kind'], number> = { sqlite: 300, postgresql: 500 }

const admin: SessionUser = { id: 'bench', name: 'Bench', email: 'bench@example.com', employeeId: 'AD-0001', orgUnitId: 'bl', roles: ['admin'], managedPaths: [] }

/** What the Readiness page's loader does: the report (KPIs, charts, trend) and a page of the people table. */
async function loaderWork(db: ReturnType<typeof createPrismaClient>, unit: string | undefined, now: Date) {
	const { people } = await readinessReport({ viewer: admin, filters: { unit }, table: { q: '', sort: 'state', page: 1 }, pageSize: 25, now }, db)
	return people.total
}

async function timeIt(run: () => Promise<unknown>) {
	await run()
	const timings: number[] = []
	for (let i = 0; i < 5; i++) {
		const started = performance.now()
		await run()
		timings.push(performance.now() - started)
	}
	return percentile(timings, 50)
}

/** Readiness loader time for the whole company and for one team of the largest workforce, on each database. */
export async function benchReadiness({ reps, now, databases }: { reps: number; now: Date; databases: BenchDatabase[] }): Promise<Figure[]> {
	const figures: Figure[] = []
	for (const database of databases) {
		const copy = await database.workingCopy(reps, now, 'readiness')
		const db = createPrismaClient(copy.url)
		try {
			const label = `${reps.toLocaleString('en')} reps${database.suffix}`
			const target = COMPANY_TARGET_MS[database.kind]
			const company = await timeIt(() => loaderWork(db, undefined, now))
			const team = await timeIt(() => loaderWork(db, 'BENCH-R3-T7', now))
			figures.push(
				{ name: `readiness loader, whole company, ${label}`, value: Math.round(company), unit: 'ms', target: `<= ${target}`, pass: company <= target },
				{ name: `readiness loader, one team, ${label}`, value: Math.round(team), unit: 'ms', target: '<= 100', pass: team <= 100 },
			)
		} finally {
			await db.$disconnect()
			await copy.drop()
		}
	}
	return figures
}
