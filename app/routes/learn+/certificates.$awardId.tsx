import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { canOversee, requireUser } from '#app/auth/permissions.server.ts'
import { certificateById } from '#app/certification/certificates.server.ts'
import { DataTable } from '#app/components/data-table.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { RequirementList } from '#app/components/requirement-list.tsx'
import { StatusBadge } from '#app/components/status-badge.tsx'
import { formatDate, formatDateTime } from '#app/utils/dates.ts'
import { getEnv } from '#app/utils/env.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.certificate.certificationName ?? 'Certificate'} · FieldReady` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const certificate = await certificateById({ awardId: params.awardId ?? '', at: new Date() })
	// The holder, or a manager overseeing them; anyone else learns nothing, not even that it exists.
	const mayView = certificate && (certificate.personId === user.id || (user.roles.some((r) => r !== 'rep') && canOversee(user, certificate.person.orgUnit.path)))
	if (!certificate || !mayView) throw new Response('No such certificate.', { status: 404 })
	// The configured public origin, never the request's Host, which a client chooses.
	const verifyUrl = new URL(`/verify/${certificate.verificationCode}`, getEnv().APP_ORIGIN).toString()
	return {
		certificate: {
			certificationName: certificate.certificationName,
			certificationCode: certificate.certificationCode,
			holderName: certificate.person.name,
			employeeId: certificate.person.employeeId,
			status: certificate.status,
			withdrawnSince: certificate.withdrawnSince?.toISOString() ?? null,
			holder: { state: certificate.holder.state, since: certificate.holder.since?.toISOString() ?? null },
			issuedAt: certificate.issuedAt.toISOString(),
			expiresAt: certificate.expiresAt.toISOString(),
			windowOpensAt: certificate.windowOpensAt?.toISOString() ?? null,
			source: certificate.source,
			evidenceNote: certificate.evidenceNote,
			verificationCode: certificate.verificationCode,
			supersededByLaterAward: certificate.supersededByLaterAward,
			changes: certificate.changes.map((c) => ({ ...c, at: c.at.toISOString() })),
			practical: certificate.practical,
			training: certificate.training,
		},
		verifyUrl,
	}
}

type Training = Awaited<ReturnType<typeof loader>>['certificate']['training']

/** What a SCORM course reported about itself (the package's own words, not FieldReady's grading). */
const describeScorm = (scorm: NonNullable<Training['modules'][number]['scorm']>) =>
	`Course reported ${scorm.completionStatus}, ${scorm.successStatus}${scorm.scorePercent === null ? '' : `, score ${scorm.scorePercent}%`}, after ${scorm.minutes} min`

/** What the award rests on and which requirements of IEC 62443-2-4 that training covers. */
function TrainingRecord({ training }: { training: Training }) {
	return (
		<section className="stack" aria-labelledby="training-record-heading">
			<h2 id="training-record-heading">Training record</h2>
			<p className="muted">
				{training.basis === 'completed'
					? 'The module versions completed for this award, with the quiz passed for each.'
					: 'Imported or recorded by hand: the modules this certification requires today (no completion is recorded here).'}
			</p>
			<DataTable
				rows={training.modules}
				rowKey={(m) => m.moduleId}
				label="Training this award rests on"
				empty="No module is recorded for this award."
				columns={[
					{ header: 'Module', cell: (m) => `${m.title} (version ${m.version})` },
					{ header: 'Completed', cell: (m) => formatDate(m.completedAt) },
					{ header: 'Result', cell: (m) => (m.quiz ? `Quiz passed${m.quiz.scorePercent === null ? '' : ` with ${m.quiz.scorePercent}%`} on ${formatDate(m.quiz.submittedAt)}${m.quiz.version ? ` (bank version ${m.quiz.version})` : ''}` : m.scorm ? describeScorm(m.scorm) : '—') },
				]}
			/>
			<h3>IEC 62443-2-4 requirements covered</h3>
			{training.covers.length === 0 ? (
				<p className="muted">No coverage is recorded for these module versions.</p>
			) : (
				<>
					<p className="muted">Mapped against {training.editions.join(' and ') || 'an unrecorded edition'}. Titles are FieldReady's short descriptions, not the standard's wording.</p>
					<RequirementList requirements={training.covers} />
				</>
			)}
		</section>
	)
}

export default function CertificatePage() {
	const { certificate, verifyUrl } = useLoaderData<typeof loader>()
	return (
		<div className="stack">
			<p>
				<Link to="/learn">← My training</Link>
			</p>
			<article className="card stack" aria-labelledby="certificate-heading">
				<p className="muted">Certificate of competence · IEC 62443-2-4 secure service</p>
				<h1 id="certificate-heading">{certificate.certificationName}</h1>
				<p>
					Awarded to <strong>{certificate.holderName}</strong> ({certificate.employeeId})
				</p>
				<dl>
					<dt>Status</dt>
					<dd>
						{certificate.holder.state === 'left' ? (
							<>
								<span className="badge badge-inactive">Not valid</span> The holder has not been with the organisation since {formatDate(certificate.holder.since)}.
							</>
						) : (
							<>
								<StatusBadge status={certificate.status} />
								{certificate.status === 'suspended' ? ` since ${formatDate(certificate.withdrawnSince)}: not valid until the suspension is lifted.` : null}
								{certificate.status === 'revoked' ? ` on ${formatDate(certificate.withdrawnSince)}.` : null}
								{certificate.supersededByLaterAward ? ' (renewed: a later award now applies)' : null}
							</>
						)}
					</dd>
					<dt>Issued</dt>
					<dd>{formatDate(certificate.issuedAt)}</dd>
					<dt>Expires</dt>
					<dd>{formatDate(certificate.expiresAt)}</dd>
					<dt>Renewal opens</dt>
					<dd>{formatDate(certificate.windowOpensAt)}</dd>
					<dt>Verification code</dt>
					<dd>
						<code>{certificate.verificationCode}</code> · anyone can check it at <a href={verifyUrl}>{verifyUrl}</a>
					</dd>
					{certificate.practical ? (
						<>
							<dt>Practical assessment</dt>
							<dd>
								{certificate.practical.kind === 'observed'
									? `Observed competent on ${formatDate(certificate.practical.performedOn)} by ${certificate.practical.assessorName} (${certificate.practical.setting === 'exercise' ? 'exercise' : 'work order'} ${certificate.practical.reference}; ${certificate.practical.checklist}).`
									: `Awarded before this certification required an observed practical assessment (required since ${formatDate(certificate.practical.requiredSince)}). The certificate stays valid until it expires; its renewal needs a practical assessment.`}
							</dd>
						</>
					) : null}
					{certificate.evidenceNote ? (
						<>
							<dt>Evidence</dt>
							<dd>{certificate.evidenceNote}</dd>
						</>
					) : null}
				</dl>
				{certificate.changes.length > 0 ? (
					<>
						<h2>History</h2>
						<ul>
							{certificate.changes.map((change) => (
								<li key={change.at + change.kind}>
									{formatDateTime(change.at)}: {change.kind} by {change.by} ({change.reason})
								</li>
							))}
						</ul>
					</>
				) : null}
				<TrainingRecord training={certificate.training} />
			</article>
		</div>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
