import Database from 'better-sqlite3'
import { serveRequests } from '#app/utils/threads.server.ts'

/** A worker thread whose writes fail as on a read-only database: SQLite refuses each with SQLITE_READONLY. */
export function runReadOnlyWriter({ file }: { file: string }) {
	const db = new Database(file)
	db.pragma('query_only = ON')
	serveRequests(async (note: string) => {
		db.prepare(`INSERT INTO CatalogSync (id, at, ok, problems, summary) VALUES (?, ?, 1, '[]', '{}')`).run(note, Date.now())
	})
}
