import { type ActionFunctionArgs } from '@remix-run/node'
import { requireUserOr401 } from '#app/auth/permissions.server.ts'
import { readSessionId } from '#app/auth/session.server.ts'
import { openContentSession } from '#app/content-delivery/content-sessions.server.ts'
import { ownedAttempt, ScormNotFoundError } from '#app/scorm/scorm-attempts.server.ts'
import { getEnv } from '#app/utils/env.server.ts'

/**
 * Opens a content session for one of the user's own attempts (learning or preview) and answers
 * the content-origin URL the player frames. A POST, so a page revalidation never reopens it.
 */
export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requireUserOr401(request)
	const appSessionId = (await readSessionId(request))!
	const at = new Date()
	try {
		const attempt = await ownedAttempt({ attemptId: params.attemptId ?? '', personId: user.id })
		const token = await openContentSession({ attemptId: attempt.id, appSessionId, at })
		const { CONTENT_ORIGIN } = getEnv()
		return Response.json({ contentOrigin: CONTENT_ORIGIN, url: `${CONTENT_ORIGIN}/s/${token}/` }, { headers: { 'Cache-Control': 'no-store' } })
	} catch (error) {
		if (error instanceof ScormNotFoundError) return Response.json({ error: error.message }, { status: 404 })
		throw error
	}
}
