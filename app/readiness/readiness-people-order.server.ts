import { Prisma } from '#app/generated/prisma/client.ts'
import { inList, lit } from './readiness-sql.server.ts'

const { sql, raw } = Prisma

export const peopleSorts = ['name', 'team', 'state', 'nextExpiry'] as const
export type PeopleSort = (typeof peopleSorts)[number]

/** A team's rank in the table's team order, as a binary search over IN lists of unit ids. */
function teamRank(ranks: string[][], offset = 0): Prisma.Sql {
	if (ranks.length <= 1) return sql`${lit(offset)}`
	const half = Math.ceil(ranks.length / 2)
	const lower = ranks.slice(0, half).flat()
	return sql`CASE WHEN ${inList(sql`"orgUnitId"`, lower)} THEN ${teamRank(ranks.slice(0, half), offset)} ELSE ${teamRank(ranks.slice(half), offset + half)} END`
}

/** The people table's order as ascending sort keys over "rep_state" columns; the employee ID last makes it total. */
export function sortKeys({ sort, teamRanks }: { sort: PeopleSort; teamRanks: string[][] }): Prisma.Sql[] {
	const employeeId = raw('"employeeId"')
	switch (sort) {
		case 'state':
			return [raw('"worst"'), employeeId]
		case 'name':
			return [raw('"name"'), employeeId]
		case 'team':
			return [teamRank(teamRanks), employeeId]
		case 'nextExpiry':
			return [sql`CASE WHEN "nextExpiry" IS NULL THEN 1 ELSE 0 END`, raw('"nextExpiry"'), employeeId]
	}
}

type KeyValue = null | number | bigint | Buffer

/** A sort key's value as SQLite orders it: text by its UTF-8 bytes (the BINARY collation), not JS's UTF-16 units. */
const keyValue = (value: unknown): KeyValue => (value === null || value === undefined ? null : typeof value === 'string' ? Buffer.from(value) : (value as number | bigint))

/** SQLite's ascending order: NULL, then numbers (integer or real alike), then text. */
function compareKeyValues(a: KeyValue, b: KeyValue) {
	if (a === null || b === null) return (a === null ? 0 : 1) - (b === null ? 0 : 1)
	const [aText, bText] = [Buffer.isBuffer(a), Buffer.isBuffer(b)]
	if (aText || bText) return aText && bText ? Buffer.compare(a as Buffer, b as Buffer) : aText ? 1 : -1
	return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Rows ordered by the values of their sort keys, exactly as ORDER BY over those keys orders
 * them: this merges pages that separate statements cut from disjoint sets of reps.
 */
export function orderBySortKeys<Row>(rows: Row[], keysOf: (row: Row) => unknown[]) {
	const keyed = rows.map((row) => ({ row, keys: keysOf(row).map(keyValue) }))
	keyed.sort((a, b) => {
		for (let i = 0; i < a.keys.length; i++) {
			const order = compareKeyValues(a.keys[i]!, b.keys[i] ?? null)
			if (order !== 0) return order
		}
		return 0
	})
	return keyed.map((k) => k.row)
}
