import { appendAuditEvent, recordAuditEvent } from '#app/audit/audit-log.server.ts'
import { isActiveAt, type Role } from '#app/people/people.server.ts'
import { prisma, type Db } from '#app/utils/db.server.ts'
import { hashPassword, verifyPassword } from './password.server.ts'
import { SESSION_TTL_MS } from './session.server.ts'

export const SIGN_IN_THROTTLE = { maxFailures: 5, windowMs: 15 * 60 * 1000 } as const

export type SignInResult =
	| { status: 'signed-in'; sessionId: string; expiresAt: Date; personId: string; roles: Role[] }
	| { status: 'invalid' }
	| { status: 'throttled'; retryAt: Date }

// Compared against when the account does not exist, so that response time does not reveal it.
const decoyHash = hashPassword('decoy-password-for-unknown-accounts')

/** Failed attempts on this account since the later of the window start and its last success. */
async function recentFailures(email: string, at: Date, db: Db) {
	const windowStart = new Date(at.getTime() - SIGN_IN_THROTTLE.windowMs)
	const lastSuccess = await db.auditEvent.findFirst({
		where: { action: 'auth.signed_in', subjectId: email, at: { gte: windowStart } },
		orderBy: { seq: 'desc' },
		select: { at: true },
	})
	return db.auditEvent.findMany({
		where: { action: 'auth.sign_in_failed', subjectId: email, at: { gt: lastSuccess?.at ?? windowStart, lte: at } },
		orderBy: { seq: 'asc' },
		select: { at: true },
	})
}

export async function signIn(
	{ email, password, ip, at }: { email: string; password: string; ip: string | null; at: Date },
	db: Db = prisma,
): Promise<SignInResult> {
	const account = { type: 'account', id: email }
	const failures = await recentFailures(email, at, db)
	if (failures.length >= SIGN_IN_THROTTLE.maxFailures) {
		const retryAt = new Date(failures[failures.length - SIGN_IN_THROTTLE.maxFailures]!.at.getTime() + SIGN_IN_THROTTLE.windowMs)
		await recordAuditEvent({ actor: { type: 'anonymous' }, action: 'auth.sign_in_throttled', subject: account, details: { ip }, at }, db)
		return { status: 'throttled', retryAt }
	}

	const person = await db.person.findUnique({
		where: { email },
		select: { id: true, leftAt: true, password: { select: { hash: true } }, roles: { select: { role: true } } },
	})
	const passwordMatches = await verifyPassword(password, person?.password?.hash ?? (await decoyHash))
	if (!person || !person.password || !passwordMatches || !isActiveAt(person, at)) {
		const reason = !person ? 'unknown account' : !passwordMatches ? 'wrong password' : 'account inactive'
		await recordAuditEvent({ actor: { type: 'anonymous' }, action: 'auth.sign_in_failed', subject: account, details: { ip, reason }, at }, db)
		return { status: 'invalid' }
	}

	const expiresAt = new Date(at.getTime() + SESSION_TTL_MS)
	const session = await db.$transaction(async (tx) => {
		const created = await tx.session.create({ data: { personId: person.id, expiresAt, createdAt: at }, select: { id: true } })
		await appendAuditEvent(tx, { actor: { type: 'person', id: person.id }, action: 'auth.signed_in', subject: account, details: { ip }, at })
		return created
	})
	return { status: 'signed-in', sessionId: session.id, expiresAt, personId: person.id, roles: person.roles.map((r) => r.role as Role) }
}

export async function signOut({ sessionId, at }: { sessionId: string; at: Date }, db: Db = prisma) {
	await db.$transaction(async (tx) => {
		const session = await tx.session.findUnique({ where: { id: sessionId }, select: { personId: true } })
		if (!session) return
		await tx.session.delete({ where: { id: sessionId } })
		await appendAuditEvent(tx, { actor: { type: 'person', id: session.personId }, action: 'auth.signed_out', subject: { type: 'person', id: session.personId }, at })
	})
}
