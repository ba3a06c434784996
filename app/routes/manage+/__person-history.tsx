import { DataTable } from '#app/components/data-table.tsx'
import { formatDate, formatDateTime } from '#app/utils/dates.ts'
import { EmploymentHistory, type EmploymentHistoryRow } from './__employment-history.tsx'

export type HistoryData = {
	name: 'history'
	awards: Array<{ id: string; certificationCode: string; issuedAt: string | Date; expiresAt: string | Date; source: string; evidenceNote: string | null; evidenceFile: { sha256: string; fileName: string } | null; changes: Array<{ kind: string; reason: string; at: string | Date; by: string }> }>
	employment: EmploymentHistoryRow[]
	checks: Array<{ id: string; workTypeCode: string; at: string | Date; checkedAt: string | Date; eligible: boolean; client: string; reasons: string[] }>
}

function AwardHistory({ awards }: { awards: HistoryData['awards'] }) {
	return (
		<section aria-labelledby="history-heading">
			<h2 id="history-heading">Certification history</h2>
			{awards.length === 0 ? (
				<p className="muted">No awards yet.</p>
			) : (
				<ul className="stack">
					{awards.map((award) => (
						<li key={award.id}>
							<strong>{award.certificationCode}</strong> awarded {formatDate(award.issuedAt)} ({award.source}), expires {formatDate(award.expiresAt)}
							{award.evidenceNote ? <span className="muted"> · {award.evidenceNote}</span> : null}
							{award.evidenceFile ? (
								<>
									{' · '}
									<a href={`/manage/evidence-files/${award.evidenceFile.sha256}`} download>
										Evidence file: {award.evidenceFile.fileName}
									</a>
								</>
							) : null}
							{award.changes.length > 0 ? (
								<ul>
									{award.changes.map((change) => (
										<li key={`${change.kind}-${String(change.at)}`}>
											{formatDateTime(change.at)}: {change.kind} by {change.by}: {change.reason}
										</li>
									))}
								</ul>
							) : null}
						</li>
					))}
				</ul>
			)}
		</section>
	)
}

/** What was recorded over time: awards and their changes, employment, and what dispatch was told. */
export function PersonHistory({ view }: { view: HistoryData }) {
	return (
		<>
			<AwardHistory awards={view.awards} />
			<EmploymentHistory periods={view.employment} />
			<section aria-labelledby="checks-heading">
				<h2 id="checks-heading">Dispatch eligibility checks</h2>
				<DataTable
					label="Dispatch eligibility checks"
					rows={view.checks}
					rowKey={(c) => c.id}
					empty="Dispatch has not asked about this person yet."
					columns={[
						{ header: 'Asked', cell: (c) => formatDateTime(c.checkedAt) },
						{ header: 'By', cell: (c) => c.client },
						{ header: 'Work type', cell: (c) => c.workTypeCode },
						{ header: 'For', cell: (c) => formatDateTime(c.at) },
						{ header: 'Answer', cell: (c) => (c.eligible ? 'Eligible' : `Not eligible: ${c.reasons.join('; ')}`) },
						{ header: 'Check ID', cell: (c) => <code>{c.id}</code> },
					]}
				/>
			</section>
		</>
	)
}
