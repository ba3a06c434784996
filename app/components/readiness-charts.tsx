import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts'
import { DataTable } from './data-table.tsx'

const WIDTH = 640
const HEIGHT = 260
const stateColors = { valid: '#14632f', expiring: '#b7791f', expired: '#a4161a', suspended: '#6b3fa0', revoked: '#5c1212', missing: '#7a8797' } as const
const states = ['valid', 'expiring', 'expired', 'suspended', 'revoked', 'missing'] as const

/** Every chart comes with the same numbers as a table, for screen readers and print. */
function ChartFigure({ title, empty, isEmpty, chart, table }: { title: string; empty: string; isEmpty: boolean; chart: React.ReactNode; table: React.ReactNode }) {
	return (
		<figure className="card chart">
			<figcaption>
				<h3>{title}</h3>
			</figcaption>
			{isEmpty ? (
				<p className="muted">{empty}</p>
			) : (
				<>
					<div className="chart-canvas" aria-hidden="true">
						{chart}
					</div>
					<details>
						<summary>Show as a table</summary>
						{table}
					</details>
				</>
			)}
		</figure>
	)
}

type Bars = Array<{ group: string } & Record<(typeof states)[number], number>>

export function ComplianceChart({ bars, groupBy }: { bars: Bars; groupBy: string }) {
	return (
		<ChartFigure
			title={`Compliance by ${groupBy}`}
			empty="No reps in this selection."
			isEmpty={bars.length === 0}
			chart={
				<BarChart width={WIDTH} height={HEIGHT} data={bars}>
					<CartesianGrid strokeDasharray="3 3" />
					<XAxis dataKey="group" tick={{ fontSize: 11 }} />
					<YAxis allowDecimals={false} />
					<Tooltip />
					<Legend />
					{states.map((state) => (
						<Bar key={state} dataKey={state} stackId="reps" fill={stateColors[state]} isAnimationActive={false} />
					))}
				</BarChart>
			}
			table={
				<DataTable
					rows={bars}
					rowKey={(b) => b.group}
					empty="No data."
					columns={[{ header: groupBy, cell: (b) => b.group }, ...states.map((state) => ({ header: state, cell: (b: Bars[number]) => b[state] }))]}
				/>
			}
		/>
	)
}

export function ExpiriesChart({ months }: { months: Array<{ month: string; expiring: number }> }) {
	return (
		<ChartFigure
			title="Expiries in the next 12 months"
			empty="No certification expires in the next 12 months."
			isEmpty={months.every((m) => m.expiring === 0)}
			chart={
				<BarChart width={WIDTH} height={HEIGHT} data={months}>
					<CartesianGrid strokeDasharray="3 3" />
					<XAxis dataKey="month" tick={{ fontSize: 11 }} />
					<YAxis allowDecimals={false} />
					<Tooltip />
					<Bar dataKey="expiring" name="certifications expiring" fill={stateColors.expiring} isAnimationActive={false} />
				</BarChart>
			}
			table={<DataTable rows={months} rowKey={(m) => m.month} empty="No data." columns={[{ header: 'Month', cell: (m) => m.month }, { header: 'Certifications expiring', cell: (m) => m.expiring }]} />}
		/>
	)
}

export function TrendChart({ points }: { points: Array<{ month: string; compliantPercent: number; reps: number }> }) {
	return (
		<ChartFigure
			title="Compliance over the past 12 months"
			empty="No reps in this selection."
			isEmpty={points.every((p) => p.reps === 0)}
			chart={
				<LineChart width={WIDTH} height={HEIGHT} data={points}>
					<CartesianGrid strokeDasharray="3 3" />
					<XAxis dataKey="month" tick={{ fontSize: 11 }} />
					<YAxis domain={[0, 100]} unit="%" />
					<Tooltip />
					<Line dataKey="compliantPercent" name="% compliant" stroke={stateColors.valid} strokeWidth={2} isAnimationActive={false} />
				</LineChart>
			}
			table={
				<DataTable
					rows={points}
					rowKey={(p) => p.month}
					empty="No data."
					columns={[{ header: 'Month end', cell: (p) => p.month }, { header: '% compliant', cell: (p) => `${p.compliantPercent}%` }, { header: 'Reps', cell: (p) => p.reps }]}
				/>
			}
		/>
	)
}

export function CapacityChart({ capacity, onDateLabel }: { capacity: Array<{ code: string; name: string; onDate: number; today: number }>; onDateLabel: string }) {
	return (
		<ChartFigure
			title="Staffing capacity by work type"
			empty="No work types."
			isEmpty={capacity.length === 0}
			chart={
				<BarChart width={WIDTH} height={HEIGHT} data={capacity}>
					<CartesianGrid strokeDasharray="3 3" />
					<XAxis dataKey="code" tick={{ fontSize: 10 }} />
					<YAxis allowDecimals={false} />
					<Tooltip />
					<Legend />
					<Bar dataKey="onDate" name={`eligible ${onDateLabel}`} fill="#0b5c3b" isAnimationActive={false} />
					<Bar dataKey="today" name="eligible today" fill="#7a8797" isAnimationActive={false} />
				</BarChart>
			}
			table={
				<DataTable
					rows={capacity}
					rowKey={(c) => c.code}
					empty="No data."
					columns={[{ header: 'Work type', cell: (c) => c.name }, { header: `Eligible ${onDateLabel}`, cell: (c) => c.onDate }, { header: 'Eligible today', cell: (c) => c.today }]}
				/>
			}
		/>
	)
}
