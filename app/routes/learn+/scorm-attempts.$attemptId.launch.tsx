import { type ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { requireUserOr401 } from '#app/auth/permissions.server.ts'
import { launchSco, ScormLaunchRefusedError, ScormNotFoundError } from '#app/scorm/scorm-attempts.server.ts'

const launchSchema = z.object({ scoId: z.string().min(1).max(200) })

/** Opens a runtime session for one SCO and returns the state it starts from. */
export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requireUserOr401(request)
	const parsed = launchSchema.safeParse(await request.json().catch(() => null))
	if (!parsed.success) return Response.json({ error: 'Send {"scoId": "..."} as JSON.' }, { status: 400 })
	try {
		return Response.json(await launchSco({ personId: user.id, attemptId: params.attemptId ?? '', scoId: parsed.data.scoId, at: new Date() }))
	} catch (error) {
		if (error instanceof ScormNotFoundError) return Response.json({ error: error.message }, { status: 404 })
		if (error instanceof ScormLaunchRefusedError) return Response.json({ error: error.message }, { status: 409 })
		throw error
	}
}
