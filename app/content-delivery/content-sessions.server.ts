import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto'
import { type AttemptPurpose } from '#app/scorm/scorm-attempts.server.ts'
import { prisma, type Db } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'

/** A content session lapses this long after the player last showed signs of life (a heartbeat or a commit). */
export const CONTENT_SESSION_IDLE_MS = 30 * 60_000
/** Lapsed content sessions are kept a day, so a late request still gets "session ended" rather than "no course here". */
const LAPSED_KEPT_MS = 24 * 60 * 60_000

let signingKey: Buffer | undefined

// A key of its own, derived from the shared secret, so a content token can never pass for a session cookie's signature.
function key() {
	signingKey ??= Buffer.from(hkdfSync('sha256', getEnv().SESSION_SECRET, 'fieldready', 'scorm content capability v1', 32))
	return signingKey
}

const mac = (sessionId: string) => createHmac('sha256', key()).update(sessionId).digest('base64url')

const TOKEN = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/

/** The session id a token names, when its signature is ours. */
function sessionIdOf(token: string) {
	const match = TOKEN.exec(token)
	if (!match) return null
	const sessionId = match[1]!
	const expected = Buffer.from(mac(sessionId))
	const given = Buffer.from(match[2]!)
	return given.length === expected.length && timingSafeEqual(given, expected) ? sessionId : null
}

/**
 * Opens a capability to play one attempt from the content origin, for as long as the app session
 * that asks for it. The token goes into the URL the player frames; it opens that attempt's package
 * and tracking data and nothing else.
 */
export async function openContentSession({ attemptId, appSessionId, at }: { attemptId: string; appSessionId: string; at: Date }, db: Db = prisma) {
	const id = randomBytes(16).toString('base64url')
	await db.scormContentSession.deleteMany({ where: { expiresAt: { lt: new Date(at.getTime() - LAPSED_KEPT_MS) } } })
	await db.scormContentSession.create({ data: { id, attemptId, appSessionId, createdAt: at, expiresAt: new Date(at.getTime() + CONTENT_SESSION_IDLE_MS) } })
	return `${id}.${mac(id)}`
}

export type ContentSession = {
	id: string
	attempt: { id: string; personId: string; purpose: AttemptPurpose; packageId: string }
}

/** Why a token opens nothing: it was never ours, or it no longer opens anything. */
export type ContentSessionRefusal = 'unknown' | 'expired'

/**
 * The attempt a token opens at `at`, or why it opens nothing: a forged or unknown token, a session
 * that went idle, or one whose app session ended (signed out, expired, or the person left).
 */
export async function resolveContentSession(token: string, at: Date, db: Db = prisma): Promise<ContentSession | ContentSessionRefusal> {
	const sessionId = sessionIdOf(token)
	if (!sessionId) return 'unknown'
	const session = await db.scormContentSession.findUnique({
		where: { id: sessionId },
		select: {
			id: true,
			expiresAt: true,
			appSession: { select: { expiresAt: true, person: { select: { leftAt: true } } } },
			attempt: { select: { id: true, personId: true, purpose: true, packageId: true } },
		},
	})
	if (!session) return 'unknown'
	const { appSession } = session
	const ended = appSession === null || appSession.expiresAt <= at || (appSession.person.leftAt !== null && appSession.person.leftAt <= at)
	if (session.expiresAt <= at || ended) return 'expired'
	return { id: session.id, attempt: { ...session.attempt, purpose: session.attempt.purpose as AttemptPurpose } }
}

/** The player is still in use: the session's idle deadline moves on. */
export async function keepContentSessionAlive({ sessionId, at }: { sessionId: string; at: Date }, db: Db = prisma) {
	await db.scormContentSession.update({ where: { id: sessionId }, data: { expiresAt: new Date(at.getTime() + CONTENT_SESSION_IDLE_MS) } })
}
