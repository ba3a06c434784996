import { Prisma } from '#app/generated/prisma/client.ts'
import { databaseKindOf, type Db } from '#app/utils/db.server.ts'
import { bytewise, lit, type EmployeeIdRange } from './readiness-sql.server.ts'

const { sql, join, raw } = Prisma

const everyone: EmployeeIdRange[] = [{ from: null, below: null }]

/**
 * Employee ID ranges with about as many people each, split at quantiles read off the employee
 * ID index: a millisecond at 50,000 people, where counting only the reps in scope takes fifty.
 * One statement, so the quantiles come from one snapshot and the ranges never overlap; a single
 * range when there are too few people to split.
 */
export async function employeeIdRanges(db: Db, parts: number): Promise<EmployeeIdRange[]> {
	if (parts < 2) return everyone
	const people = sql`(SELECT COUNT(*) FROM "Person")`
	const quantile = (i: number) => sql`(SELECT "employeeId" FROM "Person" ORDER BY ${bytewise(raw('"employeeId"'), databaseKindOf(db))} LIMIT 1 OFFSET ${people} * ${lit(i)} / ${lit(parts)}) AS ${raw(`"split${i}"`)}`
	const [row] = await db.$queryRaw<Array<Record<string, unknown>>>(sql`SELECT ${people} AS "people", ${join(Array.from({ length: parts - 1 }, (_, i) => quantile(i + 1)))}`)
	if (!row || Number(row.people) < parts) return everyone
	const splits = Array.from({ length: parts - 1 }, (_, i) => String(row[`split${i + 1}`]))
	return [null, ...splits].map((from, i) => ({ from, below: splits[i] ?? null }))
}
