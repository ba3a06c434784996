import { useRevalidator } from '@remix-run/react'
import { useCallback, useEffect, useRef, useState } from 'react'
import { PLAYER_CHANNEL, viewMessageSchema, type ItemProgress, type NavigateMessage, type NavigationRequest, type PlayerView, type SaveState } from '#app/content-delivery/player-protocol.ts'

export type PlayerTocEntry = {
	identifier: string
	title: string
	launchable: boolean
	progress: ItemProgress | null
	children: PlayerTocEntry[]
}

const flatten = (entries: PlayerTocEntry[]): PlayerTocEntry[] => entries.flatMap((entry) => [entry, ...flatten(entry.children)])

function progressLabel(progress: ItemProgress | null | undefined) {
	if (!progress || progress.completion === 'not attempted') return 'not started'
	if (progress.success === 'passed') return 'passed'
	if (progress.success === 'failed') return 'failed'
	return progress.completion === 'completed' ? 'completed' : 'in progress'
}

type TocProps = { entries: PlayerTocEntry[]; view: PlayerView | null; onOpen: (id: string) => void }

function TocList({ entries, view, onOpen }: TocProps) {
	return (
		<ul className="toc">
			{entries.map((entry) => {
				const selectable = view?.selectable.includes(entry.identifier) ?? false
				const progress = view?.progress[entry.identifier] ?? entry.progress
				return (
					<li key={entry.identifier}>
						{entry.launchable ? (
							<button type="button" className="link-button" aria-current={entry.identifier === view?.current?.id ? 'step' : undefined} disabled={!selectable} onClick={() => onOpen(entry.identifier)}>
								{entry.title}
							</button>
						) : (
							<span>{entry.title}</span>
						)}{' '}
						{entry.launchable ? <span className="muted">({view && !selectable && entry.identifier !== view.current?.id ? `${progressLabel(progress)}, not available from here` : progressLabel(progress)})</span> : null}
						{entry.children.length ? <TocList entries={entry.children} view={view} onOpen={onOpen} /> : null}
					</li>
				)
			})}
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

const endedMessages: Record<NonNullable<PlayerView['ended']>, string> = {
	completed: 'You have reached the end of this course.',
	suspended: 'You left the course; your place is saved.',
	exited: 'You left the course.',
	'nothing-to-open': 'There is nothing more to open in this course right now.',
}

/** The navigation the rules allow right now; each control keeps its place, so nothing shifts under the pointer. */
function Controls({ view, navigate }: { view: PlayerView; navigate: (request: NavigationRequest) => void }) {
	const { controls } = view
	const running = view.phase === 'playing' || view.phase === 'between'
	const offered: Array<{ key: string; label: string; request: NavigationRequest; primary?: boolean; show: boolean }> = [
		{ key: 'previous', label: 'Previous', request: 'previous', show: running && controls.previous },
		{ key: 'continue', label: 'Continue', request: 'continue', primary: true, show: running && controls.continue },
		{ key: 'suspend', label: 'Save and leave', request: 'suspendAll', show: running && controls.suspend },
		{ key: 'exit', label: 'Exit course', request: 'exitAll', show: running && controls.exit },
		{ key: 'start', label: view.ended === 'suspended' ? 'Resume the course' : 'Open the course again', request: 'start', primary: true, show: view.phase === 'ended' && view.ended !== 'completed' },
	]
	return (
		<div className="player-controls" role="group" aria-label="Course navigation">
			{offered.map((control) =>
				control.show ? (
					<button key={control.key} type="button" className={control.primary ? undefined : 'secondary'} onClick={() => navigate(control.request)}>
						{control.label}
					</button>
				) : null,
			)}
		</div>
	)
}

type ContentFrame = { url: string; origin: string }

/** Asks the app for a content session and the content-origin URL to frame. */
function useContentFrame(attemptId: string) {
	const [content, setContent] = useState<ContentFrame | null>(null)
	const [problem, setProblem] = useState<string | null>(null)
	useEffect(() => {
		let cancelled = false
		void (async () => {
			try {
				const response = await fetch(`/scorm-attempts/${attemptId}/play`, { method: 'POST' })
				const body = (await response.json()) as { url?: string; contentOrigin?: string; error?: string }
				if (cancelled) return
				if (!response.ok || !body.url || !body.contentOrigin) return setProblem(body.error ?? 'The course could not be opened. Reload the page to try again.')
				setContent({ url: body.url, origin: body.contentOrigin })
			} catch {
				if (!cancelled) setProblem('The course could not be opened: the connection to FieldReady failed. Reload the page to try again.')
			}
		})()
		return () => {
			cancelled = true
		}
	}, [attemptId])
	return { content, problem }
}

/**
 * Plays an attempt in a frame from the content origin, where the SCORM runtime lives; this page
 * shows the contents and navigation the runtime reports and sends the learner's requests back.
 * What the frame reports is display data only: package scripts share its origin.
 */
export function ScormPlayer({ attemptId, toc, title }: { attemptId: string; toc: PlayerTocEntry[]; title: string }) {
	const { content, problem } = useContentFrame(attemptId)
	const [view, setView] = useState<PlayerView | null>(null)
	const frame = useRef<HTMLIFrameElement>(null)
	const revalidator = useRevalidator()
	// When the course's standing moves (started, completed, passed, finished a part), the page reloads the server's record, which decides what its status panel says.
	const standing = view?.standing ? `${view.standing.completion}|${view.standing.success}|${view.standing.satisfied}|${view.phase}` : null

	useEffect(() => {
		if (!content) return
		const listen = (event: MessageEvent) => {
			if (event.origin !== content.origin || event.source !== frame.current?.contentWindow) return
			const message = viewMessageSchema.safeParse(event.data)
			if (message.success) setView(message.data.view)
		}
		window.addEventListener('message', listen)
		return () => window.removeEventListener('message', listen)
	}, [content])

	useEffect(() => {
		if (standing) revalidator.revalidate()
		// eslint-disable-next-line react-hooks/exhaustive-deps -- only a change of standing matters
	}, [standing])

	const navigate = useCallback(
		(request: NavigationRequest, target?: string) => {
			if (!content) return
			const message: NavigateMessage = { channel: PLAYER_CHANNEL, type: 'navigate', request, ...(target ? { target } : {}) }
			frame.current?.contentWindow?.postMessage(message, content.origin)
		},
		[content],
	)

	const multiple = flatten(toc).filter((entry) => entry.launchable).length > 1
	return (
		<div className={multiple ? 'player player-with-toc' : 'player'}>
			{multiple ? (
				<nav aria-label="Course contents" className="card">
					<h2>Contents</h2>
					<TocList entries={toc} view={view} onOpen={(id) => navigate('choice', id)} />
				</nav>
			) : null}
			<div className="stack">
				{view ? (
					<div className="player-bar">
						<Controls view={view} navigate={navigate} />
						<SaveStatus state={view.save} />
					</div>
				) : null}
				{problem ? (
					<p className="form-error" role="alert">
						{problem}
					</p>
				) : view?.problem ? (
					// Said by the course frame, which package scripts share: shown as the course's words, never as FieldReady's.
					<p className="form-error" role="alert">
						The course reports: {view.problem}
					</p>
				) : null}
				<p className="muted" role="status">
					{view?.phase === 'between' ? `You have finished this part.${view.controls.continue ? ' Continue when you are ready.' : ''}` : view?.phase === 'ended' && view.ended ? endedMessages[view.ended] : ''}
				</p>
				{content ? (
					<iframe
						ref={frame}
						className="content-frame"
						title={view?.current?.title ?? title}
						src={content.url}
						// Course scripts may not navigate this page, only their own frames.
						sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-modals allow-downloads"
						allow="fullscreen; autoplay"
					/>
				) : !problem ? (
					<p aria-live="polite">Opening the course…</p>
				) : null}
			</div>
		</div>
	)
}
