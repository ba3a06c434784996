import { useRevalidator } from '@remix-run/react'
import { useCallback, useEffect, useRef, useState } from 'react'
import { flushSync } from 'react-dom'
import { openScormSession, type LaunchedSco, type SaveState, type ScormSession } from '#app/scorm/scorm-session.client.ts'

export type PlayerTocEntry = {
	identifier: string
	title: string
	launchable: boolean
	locked: boolean
	progress: { completion: string; success: string } | null
	children: PlayerTocEntry[]
}

const flatten = (entries: PlayerTocEntry[]): PlayerTocEntry[] => entries.flatMap((entry) => [entry, ...flatten(entry.children)])

function progressLabel(progress: PlayerTocEntry['progress']) {
	if (!progress || progress.completion === 'not attempted') return 'not started'
	if (progress.success === 'passed') return 'passed'
	if (progress.success === 'failed') return 'failed'
	return progress.completion === 'completed' ? 'completed' : 'in progress'
}

function TocList({ entries, current, onOpen }: { entries: PlayerTocEntry[]; current: string | null; onOpen: (id: string) => void }) {
	return (
		<ul className="toc">
			{entries.map((entry) => (
				<li key={entry.identifier}>
					{entry.launchable ? (
						<button type="button" className="link-button" aria-current={entry.identifier === current ? 'step' : undefined} disabled={entry.locked} onClick={() => onOpen(entry.identifier)}>
							{entry.title}
						</button>
					) : (
						<span>{entry.title}</span>
					)}{' '}
					{entry.launchable ? <span className="muted">({entry.locked ? 'locked until earlier parts are done' : progressLabel(entry.progress)})</span> : null}
					{entry.children.length ? <TocList entries={entry.children} current={current} onOpen={onOpen} /> : null}
				</li>
			))}
		</ul>
	)
}

function SaveStatus({ state }: { state: SaveState }) {
	if (state.kind === 'failed' || state.kind === 'retrying') {
		return (
			<p className="form-error" role="alert">
				{state.message}
			</p>
		)
	}
	return (
		<p className="muted" aria-live="polite">
			{state.kind === 'saved' ? 'All progress saved.' : 'Progress is saved as you go.'}
		</p>
	)
}

/** Hosts the runtime API and the SCO's frame; one SCO at a time, chosen from the contents. */
export function ScormPlayer({ attemptId, firstSco, toc }: { attemptId: string; firstSco: string; toc: PlayerTocEntry[] }) {
	const [launched, setLaunched] = useState<LaunchedSco | null>(null)
	const [save, setSave] = useState<SaveState>({ kind: 'idle' })
	const [problem, setProblem] = useState<string | null>(null)
	const [finished, setFinished] = useState(false)
	const session = useRef<ScormSession | null>(null)
	const revalidator = useRevalidator()
	const launchable = flatten(toc).filter((entry) => entry.launchable)

	const open = useCallback(
		async (scoId: string) => {
			// Unloading the current SCO first lets it finish against its own session.
			flushSync(() => setLaunched(null))
			session.current?.leave()
			session.current = null
			setProblem(null)
			setFinished(false)
			const response = await fetch(`/learn/scorm-attempts/${attemptId}/launch`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ scoId }) })
			const body = (await response.json()) as LaunchedSco | { error: string }
			if (!response.ok || 'error' in body) return setProblem('error' in body ? body.error : 'The course could not be opened.')
			session.current = await openScormSession({
				launch: body,
				commitUrl: `/learn/scorm-attempts/${attemptId}/commit`,
				onSave: setSave,
				onFinished: () => {
					setFinished(true)
					revalidator.revalidate()
				},
			})
			setLaunched(body)
		},
		[attemptId, revalidator],
	)

	const opened = useRef(false)
	useEffect(() => {
		if (!opened.current) void open(firstSco)
		opened.current = true
		const leave = () => session.current?.leave()
		window.addEventListener('pagehide', leave)
		return () => window.removeEventListener('pagehide', leave)
	}, [open, firstSco])
	useEffect(() => () => session.current?.leave(), [])

	const currentIndex = launchable.findIndex((entry) => entry.identifier === launched?.scoId)
	const next = launchable.slice(currentIndex + 1).find((entry) => !entry.locked)
	return (
		<div className={launchable.length > 1 ? 'player player-with-toc' : 'player'}>
			{launchable.length > 1 ? (
				<nav aria-label="Course contents" className="card">
					<h2>Contents</h2>
					<TocList entries={toc} current={launched?.scoId ?? null} onOpen={(id) => void open(id)} />
				</nav>
			) : null}
			<div className="stack">
				<SaveStatus state={save} />
				{problem ? (
					<p className="form-error" role="alert">
						{problem}
					</p>
				) : null}
				{finished ? (
					<div className="notice" role="status">
						<p>You have finished this part.{next ? '' : ' Your result is shown above.'}</p>
						{next ? (
							<button type="button" onClick={() => void open(next.identifier)}>
								Continue to {next.title}
							</button>
						) : null}
					</div>
				) : null}
				{launched ? <iframe key={launched.launchId} className="sco-frame" title={launched.title} src={launched.launchUrl} /> : !problem && !finished ? <p aria-live="polite">Opening the course…</p> : null}
			</div>
		</div>
	)
}
