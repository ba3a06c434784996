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
	revoked: 'This certification has been REVOKED.',
	missing: 'This certification is not in force.',
} as const

// Public on purpose: a customer at the site gate checks a rep's certificate without an account.
export async function loader({ params }: LoaderFunctionArgs) {
	const result = await verifyCertificate({ code: params.code ?? '', at: new Date() })
	if (!result) throw new Response('No certificate has this verification code. Check the code and try again.', { status: 404 })
	return {
		holderName: result.holderName,
		certificationName: result.certificationName,
		certificationCode: result.certificationCode,
		status: result.status,
		supersededByLaterAward: result.supersededByLaterAward,
		expiresAt: result.expiresAt.toISOString(),
		checkedAt: new Date().toISOString(),
	}
}

export default function VerifyPage() {
	const result = useLoaderData<typeof loader>()
	return (
		<article className="card auth-card stack" aria-labelledby="verify-heading">
			<h1 id="verify-heading">Certificate check</h1>
			<p>
				<StatusBadge status={result.status} /> {statusSentence[result.status]}
			</p>
			{result.supersededByLaterAward ? <p className="notice">The holder has since renewed this certification; a newer certificate is in force.</p> : null}
			<dl>
				<dt>Holder</dt>
				<dd>{result.holderName}</dd>
				<dt>Certification</dt>
				<dd>
					{result.certificationName} ({result.certificationCode})
				</dd>
				<dt>Expires</dt>
				<dd>{formatDate(result.expiresAt)}</dd>
			</dl>
			<p className="muted">Checked {formatDate(result.checkedAt)} (UTC).</p>
		</article>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
