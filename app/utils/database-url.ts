/** Which database a DATABASE_URL names: SQLite (`file:`) or PostgreSQL (`postgresql://`, `postgres://`); null for anything else. */
export function databaseKind(databaseUrl: string) {
	if (databaseUrl.startsWith('file:')) return 'sqlite' as const
	if (/^postgres(ql)?:\/\//.test(databaseUrl)) return 'postgresql' as const
	return null
}

/** The SQLite file a `file:` DATABASE_URL points to. */
export function sqliteFilePath(databaseUrl: string) {
	if (!databaseUrl.startsWith('file:')) throw new Error(`DATABASE_URL "${databaseUrl.split(':')[0]}:..." does not name a SQLite file.`)
	return databaseUrl.slice('file:'.length)
}

/** The URL as logs may show it: a PostgreSQL password is never printed. */
export function databaseUrlForLogs(databaseUrl: string) {
	if (databaseKind(databaseUrl) !== 'postgresql') return databaseUrl
	const url = new URL(databaseUrl)
	if (url.password) url.password = '***'
	return url.toString()
}
