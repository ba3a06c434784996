import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { requirePermission } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ScormPlayer } from '#app/components/scorm-player.tsx'
import { courseNotFound, scormPlayerView, startScormAttempt } from '#app/scorm/scorm-attempts.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Preview: ${data?.module.title ?? 'Course'} · FieldReady` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'preview-courses')
	return scormPlayerView({ personId: user.id, moduleId: params.moduleId ?? '', purpose: 'preview' }).catch(courseNotFound)
}

const actionSchema = z.object({ intent: z.literal('start') })

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'preview-courses')
	if (!actionSchema.safeParse(Object.fromEntries(await request.formData())).success) throw new Response('Unrecognised request.', { status: 400 })
	const moduleId = params.moduleId ?? ''
	await startScormAttempt({ personId: user.id, moduleId, purpose: 'preview', at: new Date() }).catch(courseNotFound)
	return redirect(`/manage/courses/${moduleId}/preview`)
}

export default function CoursePreviewPage() {
	const { module, attempt, toc, onOlderVersion } = useLoaderData<typeof loader>()
	const navigation = useNavigation()
	const starting = navigation.state !== 'idle'
	const playing = attempt && attempt.satisfiedAt === null && !onOlderVersion
	return (
		<div className="stack">
			<p>
				<Link to="/manage/courses">← Courses</Link>
			</p>
			<h1>Preview: {module.title}</h1>
			<p className="notice">This is a preview. Your progress here is kept apart from reps&apos; training and never counts toward a certification.</p>
			{!playing ? (
				<Form method="post">
					<button type="submit" name="intent" value="start" disabled={starting}>
						{starting ? 'Starting…' : attempt ? 'Start the preview again' : 'Start the preview'}
					</button>
				</Form>
			) : null}
			{playing ? <ScormPlayer key={attempt.id} attemptId={attempt.id} toc={toc} title={module.title} /> : null}
		</div>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
