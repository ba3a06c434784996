import { appendAuditEvent } from '#app/audit/audit-log.server.ts'
import { isActiveAt, type Role } from '#app/people/people.server.ts'
import { prisma, type Db } from '#app/utils/db.server.ts'
import { hashPassword, verifyPassword } from './password.server.ts'
import { SESSION_TTL_MS } from './session.server.ts'
import { countSignInAttempt, noteRefusal, noteUnknownAccountFailure, settleSuccessfulSignIn, SignInRefused, throttleKeys, type ThrottleKeys } from './sign-in-throttle.server.ts'

export type SignInResult =
	| { status: 'signed-in'; sessionId: string; expiresAt: Date; personId: string; roles: Role[] }
	| { status: 'invalid' }
	| { status: 'throttled'; retryAt: Date }

// Compared against when the account does not exist, so that response time does not reveal it.
const decoyHash = hashPassword('decoy-password-for-unknown-accounts')

/**
 * Counts the attempt first (sign-in-throttle.server.ts), so parallel guesses cannot all be
 * checked; a refusal is audited once per key and window, not once per attempt.
 */
async function admit({ keys, email, ip, at }: { keys: ThrottleKeys; email: string; ip: string | null; at: Date }, db: Db) {
	try {
		await db.$transaction((tx) => countSignInAttempt(tx, keys, at))
		return null
	} catch (error) {
		if (!(error instanceof SignInRefused)) throw error
		await db.$transaction(async (tx) => {
			if (await noteRefusal(tx, keys[error.scope])) {
				await appendAuditEvent(tx, { actor: { type: 'anonymous' }, action: 'auth.sign_in_throttled', subject: { type: 'account', id: email }, details: { ip, limit: error.scope, until: error.retryAt.toISOString() }, at })
			}
		})
		return { status: 'throttled' as const, retryAt: error.retryAt }
	}
}

const signingInPerson = { id: true, leftAt: true, password: { select: { hash: true } }, roles: { select: { role: true } } } as const

class Rehearsal extends Error {}

/**
 * Runs a sign-in's statements once and rolls them back, so the first real sign-in after start
 * does not wait for them to be compiled (it took about 0.2 s longer, measured).
 */
export async function rehearseSignIn(at: Date, db: Db = prisma) {
	const keys = throttleKeys('rehearsal@fieldready.invalid', null)
	await db
		.$transaction(async (tx) => {
			await countSignInAttempt(tx, keys, at)
			await tx.person.findUnique({ where: { email: 'rehearsal@fieldready.invalid' }, select: signingInPerson })
			await settleSuccessfulSignIn(tx, keys)
			throw new Rehearsal()
		})
		.catch((error: unknown) => {
			if (!(error instanceof Rehearsal)) throw error
		})
}

export async function signIn({ email, password, ip, at }: { email: string; password: string; ip: string | null; at: Date }, db: Db = prisma): Promise<SignInResult> {
	const account = { type: 'account', id: email }
	const keys = throttleKeys(email, ip)
	const refused = await admit({ keys, email, ip, at }, db)
	if (refused) return refused

	const person = await db.person.findUnique({ where: { email }, select: signingInPerson })
	const passwordMatches = await verifyPassword(password, person?.password?.hash ?? (await decoyHash))
	if (!person || !person.password || !passwordMatches || !isActiveAt(person, at)) {
		const reason = !person ? 'unknown account' : !passwordMatches ? 'wrong password' : 'account inactive'
		await db.$transaction(async (tx) => {
			// Made-up accounts are counted per address; only the window's first is a row of its own.
			if (person || (await noteUnknownAccountFailure(tx, keys))) await appendAuditEvent(tx, { actor: { type: 'anonymous' }, action: 'auth.sign_in_failed', subject: account, details: { ip, reason }, at })
		})
		return { status: 'invalid' }
	}

	const expiresAt = new Date(at.getTime() + SESSION_TTL_MS)
	const session = await db.$transaction(async (tx) => {
		await settleSuccessfulSignIn(tx, keys)
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
