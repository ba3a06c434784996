import { type ActionFunctionArgs } from '@remix-run/node'
import { getOptionalUser } from '#app/auth/permissions.server.ts'
import { awardOnProgress } from '#app/certification/awards.server.ts'
import { ScormNotFoundError } from '#app/scorm/scorm-attempts.server.ts'
import { commitScormState, ScormCommitRejectedError, scormCommitSchema } from '#app/scorm/scorm-commit.server.ts'

// SCORM's "general commit failure" (391 in 2004, 101 "general exception" in 1.2 has no closer code).
const COMMIT_FAILED = 391

/** The answer scorm-again expects: {"result": true, "errorCode": 0} on success. */
const commitAnswer = (status: number, body: Record<string, unknown>) => Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } })
const refused = (status: number, errorMessage: string) => commitAnswer(status, { result: false, errorCode: COMMIT_FAILED, errorMessage })

/**
 * Records one commit of a SCO's state. Beacons arrive as text/plain, so the body is parsed as
 * JSON whatever its declared type.
 */
export async function action({ request, params }: ActionFunctionArgs) {
	const user = await getOptionalUser(request)
	if (!user) return refused(401, 'You are signed out of FieldReady, so progress was not saved. Sign in again to continue.')
	let body: unknown
	try {
		body = JSON.parse(await request.text())
	} catch {
		return refused(400, 'The commit is not valid JSON.')
	}
	const parsed = scormCommitSchema.safeParse(body)
	if (!parsed.success) return refused(400, `The commit is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'} ${i.message}`).join('; ')}`)
	try {
		const result = await commitScormState({ personId: user.id, attemptId: params.attemptId ?? '', commit: parsed.data, at: new Date(), onCompleted: awardOnProgress })
		return commitAnswer(200, { result: true, errorCode: 0, ...result })
	} catch (error) {
		if (error instanceof ScormNotFoundError) return refused(404, error.message)
		if (error instanceof ScormCommitRejectedError) return refused(422, error.message)
		throw error
	}
}
