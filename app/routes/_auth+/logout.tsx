import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { clearedSessionCookie, readSessionId } from '#app/auth/session.server.ts'
import { signOut } from '#app/auth/sign-in.server.ts'

export async function loader() {
	return redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
	const sessionId = await readSessionId(request)
	if (sessionId) await signOut({ sessionId, at: new Date() })
	return redirect('/login', { headers: { 'Set-Cookie': await clearedSessionCookie(request) } })
}
