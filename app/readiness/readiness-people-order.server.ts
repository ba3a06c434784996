import { Prisma } from '#app/generated/prisma/client.ts'
import { bytewise, inList, lit, type Dialect } from './readiness-sql.server.ts'

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

/** A sort key over "rep_state" columns, and the type of its values (a statement's placeholder for it is NULL of that type). */
export type SortKey = { value: Prisma.Sql; type: 'TEXT' | 'BIGINT' }

/** The people table's order as ascending sort keys, text by its bytes; the employee ID last makes it total. */
export function sortKeys({ sort, teamRanks }: { sort: PeopleSort; teamRanks: string[][] }, dialect: Dialect): SortKey[] {
	const number = (value: Prisma.Sql): SortKey => ({ value, type: 'BIGINT' })
	const text = (column: string): SortKey => ({ value: bytewise(raw(`"${column}"`), dialect), type: 'TEXT' })
	switch (sort) {
		case 'state':
			return [number(raw('"worst"')), text('employeeId')]
		case 'name':
			return [text('name'), text('employeeId')]
		case 'team':
			return [number(teamRank(teamRanks)), text('employeeId')]
		case 'nextExpiry':
			return [number(sql`CASE WHEN "nextExpiry" IS NULL THEN 1 ELSE 0 END`), number(raw('"nextExpiry"')), text('employeeId')]
	}
}

type KeyValue = null | number | bigint | Buffer

/** A sort key's value as SQLite orders it: text by its UTF-8 bytes (the BINARY collation), not JS's UTF-16 units. */
const keyValue = (value: unknown): KeyValue => (value === null || value === undefined ? null : typeof value === 'string' ? Buffer.from(value) : (value as number | bigint))

/**
 * SQLite's ascending order: NULL, then numbers (integer or real alike), then text. PostgreSQL puts
 * NULL last and never mixes numbers with text in a column, but no sort key compares NULL with a
 * value: "nextExpiry" is NULL only behind its own IS NULL key.
 */
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
