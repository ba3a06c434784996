import { useEffect, useRef, useState, type ReactNode } from 'react'

export type Column<Row> = { header: string; cell: (row: Row) => ReactNode }

/**
 * Whether the box scrolls sideways: only then is it a tab stop, so keyboard users can scroll it
 * (the server cannot measure, so it renders one and the browser drops it where not needed).
 */
function useScrollsSideways() {
	const ref = useRef<HTMLDivElement>(null)
	const [scrolls, setScrolls] = useState(true)
	useEffect(() => {
		const box = ref.current
		if (!box) return
		const measure = () => setScrolls(box.scrollWidth > box.clientWidth)
		measure()
		const observer = new ResizeObserver(measure)
		observer.observe(box)
		return () => observer.disconnect()
	}, [])
	return { ref, scrolls }
}

/**
 * The one table: scrollable inside its own box on narrow screens (reachable by keyboard, named by
 * `label`), column headers scoped for screen readers, and a message instead of an empty table.
 */
export function DataTable<Row>({ columns, rows, rowKey, label, empty }: { columns: Array<Column<Row>>; rows: Row[]; rowKey: (row: Row) => string; label?: string; empty: ReactNode }) {
	const { ref, scrolls } = useScrollsSideways()
	if (rows.length === 0) return <p className="notice">{empty}</p>
	return (
		<div className="table-wrap" ref={ref} {...(scrolls ? { tabIndex: 0, ...(label ? { role: 'region', 'aria-label': `Table: ${label}` } : {}) } : {})}>
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
