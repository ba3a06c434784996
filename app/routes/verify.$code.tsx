import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { verifyCertificate } from '#app/certification/certificates.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { StatusBadge } from '#app/components/status-badge.tsx'
import { formatDate } from '#app/utils/dates.ts'

export const meta: MetaFunction = () => [{ title: 'Verify a certificate · FieldReady' }, { name: 'robots', content: 'noindex' }]

const statusSentence = {
	valid: 'This certification is valid.',
	expiring: 'This certification is valid and due for renewal soon.',
	expired: 'This certification has EXPIRED.',
	suspended: 'This certification is SUSPENDED and not valid while it is.',
	revoked: 'This certification has been REVOKED.',
	missing: 'This certification is not in force.',
} as const

// Public on purpose: a customer at the site gate checks a rep's certificate without an account.
export async function loader({ params }: LoaderFunctionArgs) {
	const result = await verifyCertificate({ code: params.code ?? '', at: new Date() })
	if (!result) throw new Response('No certificate has this verification code. Check the code and try again.', { status: 404 })
	const checkedAt = new Date().toISOString()
	// A leaver's certificate says only that, and since when: no status, expiry or history of theirs.
	if (result.holder.state === 'left') return { kind: 'left' as const, holderName: result.holderName, certificationName: result.certificationName, certificationCode: result.certificationCode, leftAt: result.holder.since!.toISOString(), checkedAt }
	return {
		kind: 'holder' as const,
		holderName: result.holderName,
		certificationName: result.certificationName,
		certificationCode: result.certificationCode,
		status: result.status,
		supersededByLaterAward: result.supersededByLaterAward,
		expiresAt: result.expiresAt.toISOString(),
		checkedAt,
	}
}

export default function VerifyPage() {
	const result = useLoaderData<typeof loader>()
	return (
		<article className="card auth-card stack" aria-labelledby="verify-heading">
			<h1 id="verify-heading">Certificate check</h1>
			{result.kind === 'left' ? (
				<p>
					<span className="badge badge-inactive">Not valid</span> This certificate is NOT VALID: the holder is no longer with the organisation (since {formatDate(result.leftAt)}).
				</p>
			) : (
				<p>
					<StatusBadge status={result.status} /> {statusSentence[result.status]}
				</p>
			)}
			{result.kind === 'holder' && result.supersededByLaterAward ? <p className="notice">The holder has since renewed this certification; a newer certificate is in force.</p> : null}
			<dl>
				<dt>Holder</dt>
				<dd>{result.holderName}</dd>
				<dt>Certification</dt>
				<dd>
					{result.certificationName} ({result.certificationCode})
				</dd>
				{result.kind === 'holder' ? (
					<>
						<dt>Expires</dt>
						<dd>{formatDate(result.expiresAt)}</dd>
					</>
				) : null}
			</dl>
			<p className="muted">Checked {formatDate(result.checkedAt)} (UTC).</p>
		</article>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
