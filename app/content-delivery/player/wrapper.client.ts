// The course wrapper on the content origin: the SCORM runtime lives here, where SCOs find it by
// walking window.parent, and it answers to the player page on the app origin and to nobody else.
import { Scorm12API, Scorm2004API } from 'scorm-again'
import { navigateMessageSchema, PLAYER_CHANNEL, type PlayerView, type SaveState, type ViewMessage } from '../player-protocol.ts'
import { type CommitAnswer, type LaunchedSco, type PlayerBootstrap } from './bootstrap.ts'
import { CommitChannel } from './commit-channel.client.ts'
import { type CourseRunner } from './course-runner.ts'
import { courseRunnerFor } from './play-course.ts'
import { SequencingSender } from './sequencing-sender.client.ts'

const HEARTBEAT_MS = 5 * 60_000

const boot = JSON.parse(document.getElementById('fieldready-player-bootstrap')!.textContent!) as PlayerBootstrap
const frame = document.getElementById('sco-frame') as HTMLIFrameElement
const status = document.getElementById('player-status')!
const endpoint = (name: string) => `${boot.basePath}/${name}`

function tellPlayer(view: PlayerView) {
	status.textContent = view.problem ?? (view.phase === 'opening' ? 'Opening the course…' : view.phase === 'playing' ? '' : view.phase === 'between' ? 'This part is finished. Use the course controls to go on.' : 'You have left the course.')
	const message: ViewMessage = { channel: PLAYER_CHANNEL, type: 'view', view }
	window.parent.postMessage(message, boot.appOrigin)
}

async function launch(scoId: string): Promise<LaunchedSco> {
	const response = await fetch(endpoint('launch'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ scoId }) })
	const body = (await response.json()) as LaunchedSco & { detail?: string }
	if (!response.ok) throw new Error(body.detail ?? 'That part of the course could not be opened.')
	return body
}

/** Loads a launched item, or empties the frame and waits until the old document (and its unload handlers) are gone. */
function show(launched: LaunchedSco | null) {
	if (launched) {
		frame.title = launched.title
		frame.hidden = false
		frame.src = launched.launchUrl
		return Promise.resolve()
	}
	if (!frame.getAttribute('src') || frame.getAttribute('src') === 'about:blank') return Promise.resolve()
	return new Promise<void>((resolve) => {
		const done = () => {
			frame.hidden = true
			resolve()
		}
		frame.addEventListener('load', done, { once: true })
		setTimeout(done, 5_000)
		frame.src = 'about:blank'
	})
}

const reportTo = { save: (state: SaveState) => runner.recordSave(state), answer: (answer: CommitAnswer) => runner.recordAnswer(answer) }
const commits = new CommitChannel(endpoint('commit'), reportTo)
const sequencing = new SequencingSender(endpoint('sequencing'), reportTo)

const runner: CourseRunner = courseRunnerFor(boot, {
	scorm: { Scorm12API, Scorm2004API },
	commits,
	launch,
	saveSequencing: (save) => sequencing.send(save),
	show,
	installApi(family, api) {
		const host = window as unknown as Record<string, unknown>
		host[family === '1.2' ? 'API' : 'API_1484_11'] = api
	},
	publish: tellPlayer,
})

window.addEventListener('message', (event) => {
	if (event.origin !== boot.appOrigin || event.source !== window.parent) return
	const message = navigateMessageSchema.safeParse(event.data)
	if (message.success) void runner.navigate(message.data.request, message.data.target)
})

window.addEventListener('pagehide', () => {
	commits.leave()
	sequencing.leave()
	runner.leave()
})

setInterval(() => void fetch(endpoint('heartbeat'), { method: 'POST' }).catch(() => undefined), HEARTBEAT_MS)

void runner.start()
