import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useEffect, useState, type FormEvent } from 'react'
import { requirePermission } from '#app/auth/permissions.server.ts'
import { awardOnProgress } from '#app/certification/awards.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { RequirementList } from '#app/components/requirement-list.tsx'
import { getAttemptView, QuizRuleError, submitQuizAttempt } from '#app/quiz/attempts.server.ts'
import { type Answers } from '#app/quiz/grading.ts'
import { formatDate } from '#app/utils/dates.ts'

export const meta: MetaFunction = () => [{ title: 'Quiz · FieldReady' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'learn')
	const view = await getAttemptView({ attemptId: params.attemptId ?? '', personId: user.id })
	if (!view) throw new Response('No such quiz attempt.', { status: 404 })
	return { view }
}

/** Form fields are named `answer.<questionId>`, one value per chosen option. */
function answersFromForm(form: FormData): Answers {
	const answers: Answers = {}
	for (const [name, value] of form.entries()) {
		if (!name.startsWith('answer.') || typeof value !== 'string') continue
		const questionId = name.slice('answer.'.length)
		answers[questionId] = [...(answers[questionId] ?? []), value]
	}
	return answers
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'learn')
	const attemptId = params.attemptId ?? ''
	try {
		await submitQuizAttempt({ attemptId, personId: user.id, answers: answersFromForm(await request.formData()), at: new Date(), onPassed: awardOnProgress })
		return redirect(`/learn/attempts/${attemptId}`)
	} catch (error) {
		if (!(error instanceof QuizRuleError)) throw error
		if (error.code === 'not-found') throw new Response(error.message, { status: 404 })
		return data({ error: error.message }, { status: error.code === 'already-submitted' ? 409 : 400 })
	}
}

type OpenView = Extract<Awaited<ReturnType<typeof loader>>['view'], { state: 'open' }>

/** Questions with at least one option chosen in the form as it stands. */
function answeredIn(form: HTMLFormElement) {
	return new Set([...new FormData(form).keys()].filter((name) => name.startsWith('answer.'))).size
}

/**
 * The open attempt: how far along the rep is, and a last check before submitting with questions
 * left unanswered (they count as wrong). Without JavaScript the form still submits; the server
 * refuses only an empty one.
 */
function OpenAttempt({ view }: { view: OpenView }) {
	const actionData = useActionData<typeof action>()
	const navigation = useNavigation()
	const [answered, setAnswered] = useState(0)
	const [confirming, setConfirming] = useState(false)
	// The server's answer (a refusal) replaces the question asked before sending.
	useEffect(() => setConfirming(false), [actionData])
	const total = view.questions.length
	const unanswered = total - answered
	const onSubmit = (event: FormEvent<HTMLFormElement>) => {
		const submitter = (event.nativeEvent as SubmitEvent).submitter
		if (unanswered === 0 || submitter?.getAttribute('name') === 'confirmUnanswered') return
		event.preventDefault()
		setConfirming(true)
	}
	return (
		<Form method="post" className="stack" onChange={(event) => setAnswered(answeredIn(event.currentTarget))} onSubmit={onSubmit}>
			<p className="muted">
				{total} questions · pass mark {view.passMark}% · questions left unanswered count as wrong.
			</p>
			{actionData?.error ? (
				<p className="form-error" role="alert">
					{actionData.error}
				</p>
			) : null}
			{view.questions.map((question, index) => (
				<fieldset key={question.questionId}>
					<legend>
						{index + 1}. {question.prompt}
					</legend>
					{question.type === 'multiple' ? <p className="muted">Select all that apply.</p> : null}
					{question.options.map((option) => (
						<label key={option.id} className="choice">
							<input type={question.type === 'multiple' ? 'checkbox' : 'radio'} name={`answer.${question.questionId}`} value={option.id} />
							<span>{option.text}</span>
						</label>
					))}
				</fieldset>
			))}
			<div className="submit-bar">
				<p aria-live="polite">
					Answered {answered} of {total}
				</p>
				{confirming && unanswered > 0 ? (
					<div className="notice stack" role="alert">
						<p>
							{unanswered === total ? 'You have not answered any question yet.' : `${unanswered} of ${total} questions are still unanswered; they will count as wrong.`} Submit anyway?
						</p>
						<div className="toolbar">
							<button type="submit" name="confirmUnanswered" value="yes" disabled={navigation.state !== 'idle'}>
								Submit with {unanswered} unanswered
							</button>
							<button type="button" className="secondary" onClick={() => setConfirming(false)}>
								Keep answering
							</button>
						</div>
					</div>
				) : (
					<button type="submit" disabled={navigation.state !== 'idle'}>
						{navigation.state === 'submitting' ? 'Submitting…' : 'Submit answers'}
					</button>
				)}
			</div>
		</Form>
	)
}

type View = Awaited<ReturnType<typeof loader>>['view']

function BackLinks({ quizId }: { quizId: string }) {
	return (
		<p>
			<Link to="/learn">Back to My training</Link> · <Link to={`/learn/quizzes/${quizId}`}>Quiz overview</Link>
		</p>
	)
}

/** A failed attempt: the score and what to revisit, never which answers were right. */
function NotPassed({ view }: { view: Extract<View, { state: 'failed' }> }) {
	return (
		<div className="stack">
			<div className="form-error" role="status">
				<strong>Not passed</strong>: you scored {view.scorePercent}% (pass mark {view.passMark}%), {view.correctCount} of {view.total} questions answered correctly.
			</div>
			<section className="card stack" aria-labelledby="revisit-heading">
				<h2 id="revisit-heading">What to revisit</h2>
				<p>
					Go back over <Link to={`/learn/modules/${view.module.id}`}>{view.module.title}</Link>
					{view.sections.length > 0 ? ', especially these sections:' : view.revisit.length > 0 ? ', especially what it teaches on:' : '.'}
				</p>
				{view.sections.length > 0 ? (
					<ul>
						{view.sections.map((section) => (
							<li key={section.number}>
								<Link to={`/learn/modules/${view.module.id}?section=${section.number}`}>{section.title}</Link>
							</li>
						))}
					</ul>
				) : null}
				{view.revisit.length > 0 ? (
					<>
						{view.sections.length > 0 ? <p>The questions you missed check these areas of IEC 62443-2-4:</p> : null}
						<RequirementList requirements={view.revisit} />
					</>
				) : null}
				<p className="muted">
					Which answers were right is not shown, so that the next attempt still measures what you know. Once you pass, you can review every question with its explanation.
				</p>
			</section>
			<BackLinks quizId={view.quizId} />
		</div>
	)
}

function Results({ view }: { view: Extract<View, { state: 'passed' }> }) {
	return (
		<div className="stack">
			<div className="notice" role="status">
				<strong>Passed</strong>: you scored {view.scorePercent}% (pass mark {view.passMark}%).
			</div>
			{view.earned.map((award) => (
				<section key={award.awardId} className="banner banner-ok stack" aria-labelledby={`earned-${award.code}`}>
					<h2 id={`earned-${award.code}`}>You earned {award.name}</h2>
					<p>
						{award.code} is valid until {formatDate(award.expiresAt)}. <Link to={`/learn/certificates/${award.awardId}`}>View your certificate</Link>
					</p>
				</section>
			))}
			{view.questions.map((question, index) => (
				<section key={question.questionId} className={`card ${question.result.correct ? 'result-correct' : 'result-wrong'}`}>
					<h2>
						{index + 1}. {question.prompt}
					</h2>
					<p>
						Your answer:{' '}
						{question.answer.length === 0 ? 'none' : question.options.filter((o) => question.answer.includes(o.id)).map((o) => o.text).join('; ')}
					</p>
					<p>
						<strong>{question.result.correct ? 'Correct.' : question.result.score > 0 ? 'Partly correct.' : 'Not correct.'}</strong> {question.result.explanation}
					</p>
				</section>
			))}
			<BackLinks quizId={view.quizId} />
		</div>
	)
}

export default function AttemptPage() {
	const { view } = useLoaderData<typeof loader>()
	if (view.state === 'open') {
		return (
			<div className="stack">
				<p>
					<Link to={`/learn/modules/${view.module.id}`}>← Back to {view.module.title}</Link>
				</p>
				<h1>{view.quizTitle}</h1>
				<OpenAttempt view={view} />
			</div>
		)
	}
	return (
		<div className="stack">
			<h1>Your result</h1>
			{view.state === 'passed' ? <Results view={view} /> : <NotPassed view={view} />}
		</div>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
