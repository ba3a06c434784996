import { useState, type ReactNode } from 'react'
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { DataTable } from './data-table.tsx'

const stateColors = { valid: '#14632f', expiring: '#b7791f', expired: '#a4161a', suspended: '#6b3fa0', revoked: '#5c1212', missing: '#7a8797' } as const
const states = ['valid', 'expiring', 'expired', 'suspended', 'revoked', 'missing'] as const
const stateLabels: Record<(typeof states)[number], string> = { valid: 'Valid', expiring: 'Expiring', expired: 'Expired', suspended: 'Suspended', revoked: 'Revoked', missing: 'Missing' }

/** Chart text as readable as the page's: 13 px or more, in the page's text colour (recharts' default is 11-12 px grey). */
const TEXT_COLOR = '#14202e'
const tick = { fontSize: 13, fill: TEXT_COLOR }
const axisLabel = { fontSize: 13, fill: TEXT_COLOR, fontWeight: 600 }
/** The legend in the bars' order (recharts sorts it alphabetically by default), its text in the text colour rather than each series' colour. */
const legendProps = { wrapperStyle: { fontSize: 14, paddingTop: 4 }, itemSorter: null, formatter: (value: string) => <span style={{ color: TEXT_COLOR }}>{value}</span> }
const tooltipProps = { contentStyle: { fontSize: 14 }, itemStyle: { fontSize: 14 } }
/** The month charts' height; bar charts by name grow with their number of bars. */
const MONTHS_HEIGHT = 300
const barsHeight = (rows: number) => Math.max(240, 150 + rows * 52)
/** Room for names beside horizontal bars: 40% of the chart (names wrap onto more lines), within 110-220 px. */
const namesWidth = (chartWidth: number) => Math.round(Math.min(220, Math.max(110, chartWidth * 0.4)))

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** '2026-03' as 'Mar 2026': the same on the server and in every browser, whatever their locale. */
export function monthLabel(key: string) {
	const [year, month] = key.split('-')
	const name = monthNames[Number(month) - 1]
	return year && name ? `${name} ${year}` : key
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

/**
 * Every chart comes with the same numbers as a table, for screen readers and print. The chart
 * fills its container's width (measured in the browser; the server renders the title, an empty
 * box of the chart's height and the table), and is hidden from assistive technology, which reads
 * the table instead: nothing in it takes focus (recharts' keyboard layer is off).
 */
function ChartFigure({ title, empty, isEmpty, height, chart, table }: { title: string; empty: string; isEmpty: boolean; height: number; chart: (width: number) => ReactNode; table: ReactNode }) {
	const [width, setWidth] = useState(0)
	return (
		<figure className="card chart">
			<figcaption>
				<h2>{title}</h2>
			</figcaption>
			{isEmpty ? (
				<p className="muted">{empty}</p>
			) : (
				<>
					<div className="chart-canvas" aria-hidden="true">
						<ResponsiveContainer width="100%" height={height} onResize={(w) => setWidth(Math.round(w))}>
							{chart(width)}
						</ResponsiveContainer>
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

/** Reps by worst state, one horizontal bar per region or team, named (long names wrap beside their bar). */
export function ComplianceChart({ bars, groupBy }: { bars: Bars; groupBy: string }) {
	return (
		<ChartFigure
			title={`Compliance by ${groupBy}`}
			empty="No reps in this selection."
			isEmpty={bars.length === 0}
			height={barsHeight(bars.length)}
			chart={(width) => (
				<BarChart data={bars} layout="vertical" accessibilityLayer={false} margin={{ top: 28, right: 16, bottom: 8, left: 0 }}>
					<CartesianGrid strokeDasharray="3 3" horizontal={false} />
					<XAxis type="number" allowDecimals={false} tick={tick} height={44} label={{ value: 'Reps', position: 'insideBottom', offset: 0, ...axisLabel }} />
					<YAxis type="category" dataKey="group" width={namesWidth(width)} interval={0} tick={tick} label={{ value: capitalised(groupBy), position: 'top', offset: 10, ...axisLabel }} />
					<Tooltip {...tooltipProps} />
					<Legend {...legendProps} />
					{states.map((state) => (
						<Bar key={state} dataKey={state} name={stateLabels[state]} stackId="reps" fill={stateColors[state]} isAnimationActive={false} />
					))}
				</BarChart>
			)}
			table={
				<DataTable
					rows={bars}
					rowKey={(b) => b.group}
					label={`Compliance by ${groupBy}`}
					empty="No data."
					columns={[{ header: capitalised(groupBy), cell: (b) => b.group }, ...states.map((state) => ({ header: stateLabels[state], cell: (b: Bars[number]) => b[state] }))]}
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
			height={MONTHS_HEIGHT}
			chart={() => (
				<BarChart data={months} accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
					<CartesianGrid strokeDasharray="3 3" vertical={false} />
					<XAxis dataKey="month" tickFormatter={monthLabel} tick={tick} height={44} label={{ value: 'Month', position: 'insideBottom', offset: 0, ...axisLabel }} />
					<YAxis allowDecimals={false} tick={tick} width={64} label={{ value: 'Certifications', angle: -90, position: 'insideLeft', style: { textAnchor: 'middle' }, ...axisLabel }} />
					<Tooltip labelFormatter={(m) => monthLabel(String(m))} {...tooltipProps} />
					<Bar dataKey="expiring" name="Certifications expiring" fill={stateColors.expiring} isAnimationActive={false} />
				</BarChart>
			)}
			table={<DataTable rows={months} rowKey={(m) => m.month} label="Expiries in the next 12 months" empty="No data." columns={[{ header: 'Month', cell: (m) => monthLabel(m.month) }, { header: 'Certifications expiring', cell: (m) => m.expiring }]} />}
		/>
	)
}

export function TrendChart({ points }: { points: Array<{ month: string; compliantPercent: number; reps: number }> }) {
	return (
		<ChartFigure
			title="Compliance over the past 12 months"
			empty="No reps in this selection."
			isEmpty={points.every((p) => p.reps === 0)}
			height={MONTHS_HEIGHT}
			chart={() => (
				<LineChart data={points} accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
					<CartesianGrid strokeDasharray="3 3" />
					<XAxis dataKey="month" tickFormatter={monthLabel} tick={tick} height={44} label={{ value: 'Month end', position: 'insideBottom', offset: 0, ...axisLabel }} />
					<YAxis domain={[0, 100]} unit="%" tick={tick} width={64} label={{ value: 'Compliant reps', angle: -90, position: 'insideLeft', style: { textAnchor: 'middle' }, ...axisLabel }} />
					<Tooltip labelFormatter={(m) => monthLabel(String(m))} {...tooltipProps} />
					<Line dataKey="compliantPercent" name="% compliant" unit="%" stroke={stateColors.valid} strokeWidth={2} isAnimationActive={false} />
				</LineChart>
			)}
			table={
				<DataTable
					rows={points}
					rowKey={(p) => p.month}
					label="Compliance over the past 12 months"
					empty="No data."
					columns={[{ header: 'Month end', cell: (p) => monthLabel(p.month) }, { header: '% compliant', cell: (p) => `${p.compliantPercent}%` }, { header: 'Reps', cell: (p) => p.reps }]}
				/>
			}
		/>
	)
}

/** Reps eligible for each work type, named (not coded), one pair of horizontal bars per work type. */
export function CapacityChart({ capacity, onDateLabel }: { capacity: Array<{ code: string; name: string; onDate: number; today: number }>; onDateLabel: string }) {
	return (
		<ChartFigure
			title="Staffing capacity by work type"
			empty="No work types."
			isEmpty={capacity.length === 0}
			height={barsHeight(capacity.length)}
			chart={(width) => (
				<BarChart data={capacity} layout="vertical" accessibilityLayer={false} margin={{ top: 28, right: 16, bottom: 8, left: 0 }}>
					<CartesianGrid strokeDasharray="3 3" horizontal={false} />
					<XAxis type="number" allowDecimals={false} tick={tick} height={44} label={{ value: 'Reps eligible', position: 'insideBottom', offset: 0, ...axisLabel }} />
					<YAxis type="category" dataKey="name" width={namesWidth(width)} interval={0} tick={tick} label={{ value: 'Work type', position: 'top', offset: 10, ...axisLabel }} />
					<Tooltip {...tooltipProps} />
					<Legend {...legendProps} />
					<Bar dataKey="onDate" name={`Eligible ${onDateLabel}`} fill="#0b5c3b" isAnimationActive={false} />
					<Bar dataKey="today" name="Eligible today" fill="#7a8797" isAnimationActive={false} />
				</BarChart>
			)}
			table={
				<DataTable
					rows={capacity}
					rowKey={(c) => c.code}
					label="Staffing capacity by work type"
					empty="No data."
					columns={[{ header: 'Work type', cell: (c) => c.name }, { header: `Eligible ${onDateLabel}`, cell: (c) => c.onDate }, { header: 'Eligible today', cell: (c) => c.today }]}
				/>
			}
		/>
	)
}
