import { type ReactNode } from 'react'

export type Column<Row> = { header: string; cell: (row: Row) => ReactNode }

/**
 * The one table: scrollable on narrow screens, column headers scoped for screen readers, and a
 * message instead of an empty table.
 */
export function DataTable<Row>({ columns, rows, rowKey, label, empty }: { columns: Array<Column<Row>>; rows: Row[]; rowKey: (row: Row) => string; label?: string; empty: ReactNode }) {
	if (rows.length === 0) return <p className="notice">{empty}</p>
	return (
		<div className="table-wrap">
			<table aria-label={label}>
				<thead>
					<tr>
						{columns.map((column) => (
							<th key={column.header} scope="col">
								{column.header}
							</th>
						))}
					</tr>
				</thead>
				<tbody>
					{rows.map((row) => (
						<tr key={rowKey(row)}>
							{columns.map((column) => (
								<td key={column.header}>{column.cell(row)}</td>
							))}
						</tr>
					))}
				</tbody>
			</table>
		</div>
	)
}
