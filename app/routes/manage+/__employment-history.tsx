import { DataTable } from '#app/components/data-table.tsx'
import { formatDate } from '#app/utils/dates.ts'

export type EmploymentHistoryRow = {
	id: string
	startedAt: string | Date
	endedAt: string | Date | null
	startReason: string
	startedBy: string
	endReason: string | null
	endedBy: string | null
}

/** Every period the person was employed, oldest first, with who recorded each start and end and why. */
export function EmploymentHistory({ periods }: { periods: EmploymentHistoryRow[] }) {
	return (
		<section aria-labelledby="employment-heading">
			<h2 id="employment-heading">Employment history</h2>
			<DataTable
				rows={periods}
				rowKey={(p) => p.id}
				label="Employment periods"
				empty="No employment is recorded for this person."
				columns={[
					{ header: 'From', cell: (p) => formatDate(p.startedAt) },
					{ header: 'Started', cell: (p) => `${p.startReason} (recorded by ${p.startedBy})` },
					{ header: 'Until', cell: (p) => (p.endedAt ? formatDate(p.endedAt) : 'Employed now') },
					{ header: 'Ended', cell: (p) => (p.endedAt ? `${p.endReason ?? '—'} (recorded by ${p.endedBy ?? 'unknown'})` : '—') },
				]}
			/>
		</section>
	)
}
