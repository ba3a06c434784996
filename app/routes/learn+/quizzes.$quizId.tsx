import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requirePermission } from '#app/auth/permissions.server.ts'
import { DataTable } from '#app/components/data-table.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { quizAvailability, QuizRuleError, startQuizAttempt } from '#app/quiz/attempts.server.ts'
import { quizIntro } from '#app/quiz/quiz-info.server.ts'
import { LocalTime } from '#app/components/local-time.tsx'
import { formatDateTime } from '#app/utils/dates.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.quiz.title ?? 'Quiz'} · FieldReady` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'learn')
	const intro = await quizIntro({ quizId: params.quizId ?? '', personId: user.id })
	if (!intro) throw new Response('This quiz does not exist or is no longer offered.', { status: 404 })
	return { ...intro, availability: await quizAvailability({ personId: user.id, quizId: intro.quiz.id, at: new Date() }) }
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'learn')
	try {
		const { attemptId } = await startQuizAttempt({ personId: user.id, quizId: params.quizId ?? '', at: new Date() })
		return redirect(`/learn/attempts/${attemptId}`)
	} catch (error) {
		if (error instanceof QuizRuleError) {
			const status = error.code === 'not-found' ? 404 : 429
			return data({ error: error.message, retryAt: error.retryAt?.toISOString() ?? null }, { status })
		}
		throw error
	}
}

function Availability({ availability }: { availability: Awaited<ReturnType<typeof loader>>['availability'] }) {
	switch (availability.status) {
		case 'open-attempt':
			return <Link className="button" to={`/learn/attempts/${availability.attemptId}`}>Continue your attempt</Link>
		case 'available':
			return null
		case 'cooldown':
			return (
				<p className="notice">
					Take a moment to review the module. You can try again after <LocalTime value={availability.retryAt} />.
				</p>
			)
		case 'attempt-limit':
			return (
				<p className="notice">
					You have used every attempt allowed for now. You can try again after <LocalTime value={availability.retryAt} />.
				</p>
			)
		case 'unavailable':
			return <p className="notice">This quiz is not available.</p>
	}
}

export default function QuizIntroPage() {
	const { quiz, rules, attempts, availability } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const navigation = useNavigation()
	return (
		<div className="stack">
			<p>
				<Link to={`/learn/modules/${quiz.moduleId}`}>← Back to {quiz.moduleTitle}</Link>
			</p>
			<h1>{quiz.title}</h1>
			<p className="muted">The quiz of the module {quiz.moduleTitle}.</p>
			<ul>
				<li>{rules.questionsPerAttempt} questions, drawn afresh for each attempt</li>
				<li>Pass mark: {rules.passMark}%</li>
				<li>
					Up to {rules.attemptLimitCount} attempts every {rules.attemptLimitPeriodHours} hours; after a failed attempt, wait {rules.cooldownMinutes} minutes
				</li>
			</ul>
			{actionData?.error ? (
				<p className="form-error" role="alert">
					{actionData.error}{' '}
					{actionData.retryAt ? (
						<>
							Try again after <LocalTime value={actionData.retryAt} />.
						</>
					) : null}
				</p>
			) : null}
			<Availability availability={availability} />
			{availability.status === 'available' ? (
				<Form method="post">
					<button type="submit" disabled={navigation.state !== 'idle'}>
						Start the quiz
					</button>
				</Form>
			) : null}
			<h2>Your attempts</h2>
			<DataTable
				label="Your attempts at this quiz"
				rows={attempts}
				rowKey={(a) => a.id}
				empty="No attempts yet."
				columns={[
					{ header: 'Started', cell: (a) => <Link to={`/learn/attempts/${a.id}`}>{formatDateTime(a.startedAt)}</Link> },
					{ header: 'Result', cell: (a) => (a.submittedAt ? (a.passed ? 'Passed' : 'Not passed') : 'In progress') },
					{ header: 'Score', cell: (a) => (a.scorePercent === null ? '—' : `${a.scorePercent}%`) },
				]}
			/>
		</div>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
