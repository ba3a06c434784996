import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { requirePermission } from '#app/auth/permissions.server.ts'
import { DataTable } from '#app/components/data-table.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ProgressBar, StatusBadge } from '#app/components/status-badge.tsx'
import { markNotificationRead } from '#app/learning/notifications.server.ts'
import { DUE_BANNER_DAYS, myTrainingPlan, type DueCertification, type ModuleStep } from '#app/learning/my-training.server.ts'
import { PracticalStandingList } from '#app/components/practical-standing.tsx'
import { practicalStandingFor } from '#app/practical/practical-assessments.server.ts'
import { RetrainingList } from '#app/components/retraining-list.tsx'
import { openRetrainingFor } from '#app/retraining/retraining.server.ts'
import { formatDate } from '#app/utils/dates.ts'

export const meta: MetaFunction = () => [{ title: 'My training · FieldReady' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'learn')
	const at = new Date()
	const [plan, practicals, retraining] = await Promise.all([myTrainingPlan({ personId: user.id, at }), practicalStandingFor({ personId: user.id, at }), openRetrainingFor({ personId: user.id, at })])
	const hrefOf = new Map(plan.modules.map((m) => [m.moduleId, m.href]))
	return {
		name: user.name,
		plan,
		due: plan.due.map((c) => dueLine(c, plan.modules, at, practicals.some((p) => p.certificationCode === c.code && p.awaitingSince))),
		practicals: practicals.filter((p) => p.awaitingSince || p.assessments.length > 0),
		retraining: retraining.map((r) => ({ ...r, href: hrefOf.get(r.moduleId) ?? `/learn/modules/${r.moduleId}` })),
	}
}

export async function action({ request }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'learn')
	const parsed = z.object({ notificationId: z.string().min(1).max(100) }).safeParse(Object.fromEntries(await request.formData()))
	if (!parsed.success) throw new Response('Unrecognised request: say which notice to mark as read (notificationId).', { status: 400 })
	await markNotificationRead({ notificationId: parsed.data.notificationId, personId: user.id, at: new Date() })
	return { ok: true }
}

const DAY_MS = 86_400_000

/** A due certification as the page states it, with the first step toward renewing it (days counted here, so the page reads the same on the server and in the browser). */
function dueLine(certification: DueCertification, modules: ModuleStep[], at: Date, awaitingPractical: boolean) {
	const step = modules.find((m) => certification.moduleIds.includes(m.moduleId) && m.state !== 'done')
	const daysLeft = certification.expiresAt ? Math.ceil((certification.expiresAt.getTime() - at.getTime()) / DAY_MS) : null
	const when =
		certification.status === 'missing'
			? 'required, not yet earned'
			: certification.status === 'revoked'
				? 'revoked: earn it again'
				: daysLeft !== null && daysLeft < 0
					? `expired on ${formatDate(certification.expiresAt)}`
					: `expires on ${formatDate(certification.expiresAt)}, in ${daysLeft} day${daysLeft === 1 ? '' : 's'}`
	const pressing = certification.urgency === 'overdue' || (daysLeft !== null && daysLeft <= DUE_BANNER_DAYS)
	return { code: certification.code, name: certification.name, urgency: certification.urgency, when, pressing, awaitingPractical, step: step ? { title: step.title, href: step.readingDone && step.quizId ? `/learn/quizzes/${step.quizId}` : step.href, quiz: step.readingDone && step.quizId !== null } : null }
}

type DueLine = ReturnType<typeof dueLine>

/** What is overdue or expiring, most pressing first; shown as a warning when anything is overdue or due within 30 days. */
function DueSection({ due }: { due: DueLine[] }) {
	if (due.length === 0) return null
	const pressing = due.some((c) => c.pressing)
	return (
		<section className={pressing ? 'banner banner-warn stack' : 'card stack'} aria-labelledby="due-heading">
			<h2 id="due-heading">{pressing ? 'Action needed' : 'Coming up for renewal'}</h2>
			<ul className="due-list">
				{due.map((c) => (
					<li key={c.code}>
						<strong>{c.name}</strong> <span className="muted">({c.code})</span>: {c.when}.{' '}
						{c.step ? (
							<Link to={c.step.href}>
								{c.step.quiz ? 'Pass the quiz for' : 'Take'} {c.step.title}
							</Link>
						) : c.awaitingPractical ? (
							'Its training is done; a practical assessment remains (see below).'
						) : (
							'Its training is done.'
						)}
					</li>
				))}
			</ul>
		</section>
	)
}

const moduleStateLabel = { 'not-started': 'Not started', 'in-progress': 'In progress', 'quiz-pending': 'Quiz to pass', done: 'Done' } as const

function NextStepCard({ next, awaitingPractical }: { next: Awaited<ReturnType<typeof loader>>['plan']['next']; awaitingPractical: string[] }) {
	if (next.kind === 'all-set' && awaitingPractical.length > 0) {
		return <p>Your training is done. {awaitingPractical.join(' and ')} now {awaitingPractical.length === 1 ? 'awaits' : 'await'} a practical assessment: an assessor will observe you at work (see below).</p>
	}
	if (next.kind === 'all-set') {
		return (
			<p>
				You are up to date.{' '}
				{next.nextRenewalOpensAt ? `Your next renewal opens on ${formatDate(next.nextRenewalOpensAt)}.` : 'No certification is required of you yet.'}
			</p>
		)
	}
	return next.kind === 'quiz' && next.quizId ? (
		<p>
			Pass the quiz for <strong>{next.title}</strong>. <Link className="button" to={`/learn/quizzes/${next.quizId}`}>Take the quiz</Link>
		</p>
	) : (
		<p>
			Take <strong>{next.title}</strong>. <Link className="button" to={next.href}>Continue</Link>
		</p>
	)
}

export default function MyTrainingPage() {
	const { name, plan, due, practicals, retraining } = useLoaderData<typeof loader>()
	return (
		<div className="stack">
			<h1>My training</h1>
			<p className="muted">Welcome, {name}.</p>
			<DueSection due={due} />
			{plan.notifications.length > 0 ? (
				<section aria-labelledby="notifications-heading" className="stack">
					<h2 id="notifications-heading">Notifications</h2>
					{plan.notifications.map((notification) => (
						<div key={notification.id} className="notice" role="status">
							<strong>{notification.title}</strong>
							<p>{notification.body}</p>
							<Form method="post">
								<input type="hidden" name="notificationId" value={notification.id} />
								<button type="submit" className="secondary">Dismiss</button>
							</Form>
						</div>
					))}
				</section>
			) : null}
			{retraining.length > 0 ? (
				<section aria-labelledby="retraining-heading" className="stack">
					<h2 id="retraining-heading">Retraining</h2>
					<RetrainingList retraining={retraining} audience="rep" />
				</section>
			) : null}
			<section className="card" aria-labelledby="next-heading">
				<h2 id="next-heading">What to do next</h2>
				<NextStepCard next={plan.next} awaitingPractical={practicals.filter((p) => p.awaitingSince).map((p) => p.certificationCode)} />
			</section>
			{practicals.length > 0 ? (
				<section aria-labelledby="practicals-heading" className="stack">
					<h2 id="practicals-heading">Practical assessments</h2>
					<PracticalStandingList standing={practicals} audience="rep" />
				</section>
			) : null}
			<section aria-labelledby="certifications-heading">
				<h2 id="certifications-heading">My certifications</h2>
				<DataTable
					label="My certifications"
					rows={plan.certifications}
					rowKey={(c) => c.code}
					empty="No certification is required of you yet."
					columns={[
						{ header: 'Certification', cell: (c) => <>{c.name} <span className="muted">({c.code}{c.required ? '' : ', not required'})</span></> },
						{ header: 'Status', cell: (c) => <StatusBadge status={c.status} /> },
						{ header: 'Expires', cell: (c) => formatDate(c.expiresAt) },
						{ header: 'Certificate', cell: (c) => (c.awardId ? <Link to={`/learn/certificates/${c.awardId}`}>View</Link> : '—') },
					]}
				/>
			</section>
			<section aria-labelledby="modules-heading">
				<h2 id="modules-heading">Modules</h2>
				{plan.modules.length === 0 ? (
					<p className="notice">No modules to take.</p>
				) : (
					<div className="grid">
						{plan.modules.map((m) => (
							<article key={m.moduleId} className="card stack" data-module={m.moduleId}>
								<h3>
									<Link to={m.href}>{m.title}</Link>
								</h3>
								<p className="muted">
									{moduleStateLabel[m.state]} · about {m.estimatedMinutes} min
								</p>
								<ProgressBar percent={m.percent} label={`${m.title} progress`} />
								<p className="muted">{m.percent}% complete</p>
							</article>
						))}
					</div>
				)}
			</section>
			{plan.otherCourses.length > 0 ? (
				<section aria-labelledby="other-courses-heading">
					<h2 id="other-courses-heading">Other courses</h2>
					<p className="muted">Not required of you now; open to everyone.</p>
					<ul>
						{plan.otherCourses.map((course) => (
							<li key={course.moduleId}>
								<Link to={course.href}>{course.title}</Link>
							</li>
						))}
					</ul>
				</section>
			) : null}
		</div>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
