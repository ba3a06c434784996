/**
 * When the disk is full or the database cannot be written, every write fails the same way until
 * someone frees space or fixes permissions. Clients are told to come back later (503 with
 * Retry-After) and the log gets one line a minute, not a stack trace per request.
 */

export type StorageFailure = { code: string; reason: string }

/** Seconds a client is asked to wait before retrying a write refused for lack of storage. */
export const STORAGE_RETRY_AFTER_SECONDS = 30

const LOG_INTERVAL_MS = 60_000

const SERVER_UNREACHABLE = 'the database server cannot be reached'

// SQLite's primary result codes for storage that cannot take a write (extended codes add a suffix: SQLITE_READONLY_DBMOVED,
// SQLITE_IOERR_WRITE); PostgreSQL's SQLSTATEs for the same, and for a server that cannot be reached (connection
// exceptions, a shutdown, a refused connection); the operating system's for files beside the database (package folders).
const reasons: Array<[RegExp, string]> = [
	[/^(SQLITE_FULL|ENOSPC$|53100$)/, 'the disk is full'],
	[/^(SQLITE_READONLY|25006$)/, 'the database is read-only'],
	[/^EROFS$/, 'the file system is read-only'],
	[/^(SQLITE_IOERR|58030$)/, 'the disk reported an I/O error'],
	[/^SQLITE_CANTOPEN/, 'the database file cannot be opened'],
	[/^(08\d{3}|57P0[123]|ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|EHOSTUNREACH|P1001|P1017|PG_CONNECTION_LOST)$/, SERVER_UNREACHABLE],
]
const CODE_IN_TEXT = /\bSQLITE_(?:FULL|READONLY|IOERR|CANTOPEN)\w*/
// pg's own wording for a connection lost or never made, errors that carry no code.
const PG_CONNECTION_LOST = /\b(Connection terminated unexpectedly|timeout exceeded when trying to connect)/
// SQLite's own wording of those codes (sqlite3_errstr), for an error that kept its message and lost its code on the way.
const SQLITE_MESSAGES: Array<[string, string]> = [
	['database or disk is full', 'SQLITE_FULL'],
	['attempt to write a readonly database', 'SQLITE_READONLY'],
	['disk I/O error', 'SQLITE_IOERR'],
	['unable to open database file', 'SQLITE_CANTOPEN'],
]

function codeInMessage(message: unknown) {
	if (typeof message !== 'string') return undefined
	if (PG_CONNECTION_LOST.test(message)) return 'PG_CONNECTION_LOST'
	return CODE_IN_TEXT.exec(message)?.[0] ?? SQLITE_MESSAGES.find(([text]) => message.includes(text))?.[1]
}

type ErrorLike = { code?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } }

const reasonFor = (code: unknown) => (typeof code === 'string' ? reasons.find(([pattern]) => pattern.test(code))?.[1] : undefined)

/** A storage code an error carries: the driver's or the system's own, Prisma's adapter's, or named in a message passed on from a worker thread. */
function storageCode(error: ErrorLike) {
	const candidates = [error.code, error.meta?.driverAdapterError?.cause?.originalCode, codeInMessage(error.message)]
	return candidates.find((code): code is string => reasonFor(code) !== undefined)
}

/** The storage failure behind `error` (or one of its causes), or null for any other error. */
export function storageFailureOf(error: unknown): StorageFailure | null {
	let current: unknown = error
	for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
		const code = storageCode(current as ErrorLike)
		if (code) return { code, reason: reasonFor(code)! }
		current = (current as ErrorLike).cause
	}
	return null
}

let lastLoggedAt = Number.NEGATIVE_INFINITY
let unlogged = 0

/** One log line per minute at most, counting the failures it did not log. */
export function logStorageFailure(failure: StorageFailure, now = Date.now()) {
	if (now - lastLoggedAt < LOG_INTERVAL_MS) {
		unlogged += 1
		return
	}
	const since = unlogged ? ` (${unlogged} more since the last report)` : ''
	console.error(`Storage unavailable: ${failure.reason} (${failure.code}); writes are refused with 503 until it recovers${since}.`)
	lastLoggedAt = now
	unlogged = 0
}

/**
 * What a person or client is told: what became of their change, and when to try again. A storage
 * that refuses writes stored nothing; but a connection lost while a commit was on its way may have
 * lost only the server's answer, so then neither outcome is promised.
 */
export function storageFailureMessage(failure: StorageFailure) {
	const outcome = failure.reason === SERVER_UNREACHABLE ? 'if the connection was lost while saving, what was sent may or may not have been recorded' : 'nothing was recorded'
	return `FieldReady cannot save anything right now (${failure.reason}); ${outcome}. Try again in ${STORAGE_RETRY_AFTER_SECONDS} seconds.`
}

export const retryAfterHeader = { 'Retry-After': String(STORAGE_RETRY_AFTER_SECONDS) }
