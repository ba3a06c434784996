/** The SQLite file a `file:` DATABASE_URL points to. */
export function sqliteFilePath(databaseUrl: string) {
	if (!databaseUrl.startsWith('file:')) {
		throw new Error(
			`DATABASE_URL "${databaseUrl.split(':')[0]}:..." is not supported by this build: use a file: URL (SQLite). PostgreSQL needs the PostgreSQL client build described in README.md.`,
		)
	}
	return databaseUrl.slice('file:'.length)
}
