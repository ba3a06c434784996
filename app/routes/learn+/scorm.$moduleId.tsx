import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { requirePermission } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ScormPlayer } from '#app/components/scorm-player.tsx'
import { isCourseOfferedTo } from '#app/learning/course-offer.server.ts'
import { courseNotFound, scormPlayerView, startScormAttempt } from '#app/scorm/scorm-attempts.server.ts'
import { formatDate } from '#app/utils/dates.ts'
import { formatTimeSpent } from '#app/utils/durations.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.module.title ?? 'Course'} · FieldReady` }]

/** A course retired, or offered to other org units, is not this rep's to open or start. */
async function requireOffered(personId: string, moduleId: string) {
	if (!(await isCourseOfferedTo({ moduleId, personId }))) throw new Response('This course is not offered to you. Your training is listed on My training.', { status: 404 })
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'learn')
	await requireOffered(user.id, params.moduleId ?? '')
	return scormPlayerView({ personId: user.id, moduleId: params.moduleId ?? '' }).catch(courseNotFound)
}

const actionSchema = z.object({ intent: z.literal('start') })

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'learn')
	if (!actionSchema.safeParse(Object.fromEntries(await request.formData())).success) throw new Response('Unrecognised request.', { status: 400 })
	const moduleId = params.moduleId ?? ''
	await requireOffered(user.id, moduleId)
	await startScormAttempt({ personId: user.id, moduleId, at: new Date() }).catch(courseNotFound)
	return redirect(`/learn/scorm/${moduleId}`)
}

function AttemptSummary({ attempt }: { attempt: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>['attempt']> }) {
	const score = attempt.scoreScaled === null ? '—' : `${Math.round(attempt.scoreScaled * 100)}%`
	return (
		<dl className="facts">
			<dt>Status</dt>
			<dd>{attempt.satisfiedAt ? `Done on ${formatDate(attempt.satisfiedAt)}` : attempt.completionStatus === 'not attempted' ? 'Not started' : 'In progress'}</dd>
			<dt>Result</dt>
			<dd>{attempt.successStatus === 'unknown' ? 'Not assessed yet' : attempt.successStatus}</dd>
			<dt>Score</dt>
			<dd>{score}</dd>
			<dt>Time spent</dt>
			<dd>{formatTimeSpent(attempt.totalSeconds)}</dd>
		</dl>
	)
}

export default function ScormCoursePage() {
	const { module, attempt, timing, quizId, onOlderVersion, toc } = useLoaderData<typeof loader>()
	const navigation = useNavigation()
	const starting = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'start'
	const startForm = (label: string) => (
		<Form method="post">
			<button type="submit" name="intent" value="start" disabled={starting}>
				{starting ? 'Starting…' : label}
			</button>
		</Form>
	)
	return (
		<div className="stack">
			<p>
				<Link to="/learn">← My training</Link>
			</p>
			<h1>{module.title}</h1>
			<p className="muted">
				{module.summary} About {module.estimatedMinutes} minutes.
			</p>
			{attempt ? <AttemptSummary attempt={attempt} /> : null}
			{onOlderVersion ? <p className="notice">You are finishing the version of this course you started. A newer version is offered once you have completed it.</p> : null}
			{!attempt ? (
				startForm('Start course')
			) : attempt.review === 'needed' ? (
				<div className="notice" role="status">
					<p>
						You finished this course in about {timing?.minutesTaken ?? '?'} minute{timing?.minutesTaken === 1 ? '' : 's'}, sooner than the {timing?.minimumMinutes ?? '?'} minutes it takes at the least. It counts toward
						your certifications once your manager has reviewed it.
					</p>
					{startForm('Take the course again')}
				</div>
			) : attempt.review === 'rejected' ? (
				<div className="notice" role="status">
					<p>Your manager did not accept this completion{attempt.reviewReason ? ` (“${attempt.reviewReason}”)` : ''}. Take the course again; it counts when you finish it.</p>
					{startForm('Take the course again')}
				</div>
			) : attempt.satisfiedAt ? (
				<div className="notice">
					<p>
						{quizId ? (
							<>
								You completed this course; with its quiz passed, it counts toward your certifications. <Link to={`/learn/quizzes/${quizId}`}>Go to the quiz</Link>.
							</>
						) : (
							'You completed this course; it counts toward your certifications.'
						)}{' '}
						To renew a certification, take it again.
					</p>
					{startForm('Take the course again')}
				</div>
			) : null}
			{attempt && !attempt.satisfiedAt ? <ScormPlayer key={attempt.id} attemptId={attempt.id} toc={toc} title={module.title} /> : null}
		</div>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
