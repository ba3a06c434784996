import { Link } from '@remix-run/react'
import { formatDate } from '#app/utils/dates.ts'
import { asSentence } from '#app/utils/sentence.ts'

export type OpenRetraining = {
	id: string
	certificationCode: string
	certificationName: string
	moduleTitle: string
	version: number | null
	changeNote: string | null
	dueSince: string
	deadline: string
	overdue: boolean
	/** Where the rep takes the new version; absent for managers. */
	href?: string
}

/** Retraining owed after material changes: what changed, by when, and (for the rep) where to do it. */
export function RetrainingList({ retraining, audience }: { retraining: OpenRetraining[]; audience: 'rep' | 'manager' }) {
	if (retraining.length === 0) return <p className="notice">{audience === 'rep' ? 'No retraining is due.' : 'No retraining due.'}</p>
	return (
		<ul className="stack">
			{retraining.map((r) => (
				<li key={r.id} className="card">
					<span className={`badge ${r.overdue ? 'badge-expired' : 'badge-expiring'}`}>{r.overdue ? 'Retraining overdue' : 'Retraining due'}</span>{' '}
					<strong>{r.certificationName}</strong>: &ldquo;{r.moduleTitle}&rdquo;{r.version ? ` (version ${r.version})` : ''} changed on {formatDate(r.dueSince)}
					{r.changeNote ? `: ${asSentence(r.changeNote)}` : '.'}{' '}
					{r.overdue
						? `The deadline was ${formatDate(r.deadline)}: ${r.certificationName} does not count for dispatch until the retraining is done.`
						: `Due by ${formatDate(r.deadline)}; after that ${r.certificationName} does not count for dispatch until it is done.`}
					{r.href ? (
						<>
							{' '}
							<Link to={r.href}>Take the new version</Link>
						</>
					) : null}
				</li>
			))}
		</ul>
	)
}
