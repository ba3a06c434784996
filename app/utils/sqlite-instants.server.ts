/** An instant as Prisma's SQLite adapter writes one ("…+00:00"), so that text comparisons in SQL order it correctly. */
export const sqliteTimestamp = (instant: Date) => instant.toISOString().replace('Z', '+00:00')

/**
 * An instant as SQLite may hold one, read as Prisma's adapter reads it: text in ISO 8601 (as
 * sqliteTimestamp writes it), text as SQLite's own CURRENT_TIMESTAMP writes it ("YYYY-MM-DD
 * HH:MM:SS", UTC), or milliseconds since the epoch.
 */
export function sqliteInstant(value: string | number | null) {
	if (value === null) return null
	if (typeof value === 'number') return new Date(value)
	return new Date(/(Z|[+-]\d\d:?\d\d)$/i.test(value) ? value : `${value.replace(' ', 'T')}Z`)
}
