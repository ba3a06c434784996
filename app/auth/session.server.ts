import { createCookieSessionStorage } from '@remix-run/node'
import { getEnv } from '#app/utils/env.server.ts'

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000

const { APP_ORIGIN, SESSION_SECRET } = getEnv()
const overHttps = APP_ORIGIN.startsWith('https:')

/**
 * Over HTTPS the cookie is a `__Host-` cookie: browsers accept it only from this exact host, with
 * no Domain and path /, so a page on a sibling sub-domain or another port (the SCORM content
 * origin among them) cannot set one that shadows the real one. Plain HTTP (a demo on one machine)
 * cannot use the prefix.
 */
export const SESSION_COOKIE = overHttps ? '__Host-fr_session' : 'fr_session'

const sessionStorage = createCookieSessionStorage<{ sessionId: string }>({
	cookie: {
		name: SESSION_COOKIE,
		httpOnly: true,
		sameSite: 'lax',
		path: '/',
		secrets: [SESSION_SECRET],
	},
})

/** The cookie is `secure` whenever the app is served over HTTPS; the demo works over HTTP. */
function cookieOptions(request: Request) {
	return { secure: overHttps || new URL(request.url).protocol === 'https:' }
}

/** How many cookies of the session's name the request carries: more than one means someone planted one. */
function sessionCookieCount(header: string | null) {
	return (header ?? '').split(';').filter((pair) => pair.trim().startsWith(`${SESSION_COOKIE}=`)).length
}

/**
 * The session a request belongs to. A request carrying two session cookies belongs to none: a
 * page on another port or sub-domain may have set the second, and the browser may send it first.
 */
export async function readSessionId(request: Request) {
	const header = request.headers.get('Cookie')
	if (sessionCookieCount(header) > 1) return null
	const session = await sessionStorage.getSession(header)
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
