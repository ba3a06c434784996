import { createCookieSessionStorage } from '@remix-run/node'
import { getEnv } from '#app/utils/env.server.ts'

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000

const sessionStorage = createCookieSessionStorage<{ sessionId: string }>({
	cookie: {
		name: 'fr_session',
		httpOnly: true,
		sameSite: 'lax',
		path: '/',
		secrets: [getEnv().SESSION_SECRET],
	},
})

/** The cookie is `secure` whenever the request reached us over HTTPS; the demo works over HTTP. */
function cookieOptions(request: Request) {
	return { secure: new URL(request.url).protocol === 'https:' }
}

export async function readSessionId(request: Request) {
	const session = await sessionStorage.getSession(request.headers.get('Cookie'))
	return session.get('sessionId') ?? null
}

export async function sessionCookieFor(request: Request, sessionId: string, expires: Date) {
	const session = await sessionStorage.getSession()
	session.set('sessionId', sessionId)
	return sessionStorage.commitSession(session, { ...cookieOptions(request), expires })
}

export async function clearedSessionCookie(request: Request) {
	const session = await sessionStorage.getSession(request.headers.get('Cookie'))
	return sessionStorage.destroySession(session, cookieOptions(request))
}
