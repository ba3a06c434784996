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

/** Serving and the command-line tools run on SQLite only until the app's SQL has its PostgreSQL form (issue #18); null when the URL is usable. */
export function unsupportedDatabase(databaseUrl: string) {
	return databaseKind(databaseUrl) === 'postgresql' ? 'PostgreSQL is not ready to serve FieldReady yet: its schema, migrations and npm run test:pg are in place, the app and its tools are not (README, Database). Use a file: URL for now.' : null
}
