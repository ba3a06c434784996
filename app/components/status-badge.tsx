import { type CertificationStatus } from '#app/certification/status.ts'

const labels: Record<CertificationStatus, string> = {
	valid: 'Valid',
	expiring: 'Expiring',
	expired: 'Expired',
	suspended: 'Suspended',
	revoked: 'Revoked',
	missing: 'Missing',
}

export function StatusBadge({ status }: { status: CertificationStatus }) {
	return <span className={`badge badge-${status}`}>{labels[status]}</span>
}

export function ProgressBar({ percent, label }: { percent: number; label: string }) {
	return (
		<div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
			<span style={{ width: `${percent}%` }} />
		</div>
	)
}
