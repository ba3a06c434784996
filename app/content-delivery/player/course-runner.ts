import { type IHttpService, type Scorm12API, type Scorm2004API } from 'scorm-again'
import { type ItemProgress, type NavigationRequest, type PlayerView, type SaveState } from '../player-protocol.ts'
import { type CommitAnswer, type LaunchedSco, type PlayerBootstrap } from './bootstrap.ts'

type ScormModule = { Scorm12API: typeof Scorm12API; Scorm2004API: typeof Scorm2004API }

/** Carries SCO commits to the server; commits belong to the launch last started. */
export type CommitPort = IHttpService & { startLaunch(launchId: string): void }

export type RootStanding = { completion: ItemProgress['completion']; success: ItemProgress['success']; scoreScaled: number | null }
/** SCORM 2004: the sequencing engine's state after a navigation, and the root activity's rolled-up status. */
export type SequencingSave = { sequence: number; state: string; root: RootStanding }

/** What a runner needs from its surroundings: the browser wrapper in the product, plain functions in tests. */
export type RunnerPorts = {
	scorm: ScormModule
	commits: CommitPort
	launch(scoId: string): Promise<LaunchedSco>
	saveSequencing(save: SequencingSave): void
	/** Shows a launched item in the content frame, or empties it; resolves once the old document is gone. */
	show(launch: LaunchedSco | null): Promise<void>
	/** Exposes the runtime where SCOs look for it (window.API / window.API_1484_11). */
	installApi(family: '1.2' | '2004', api: object): void
	publish(view: PlayerView): void
}

export type RuntimeApi = { isInitialized(): boolean; isTerminated(): boolean; loadFromJSON(json: Record<string, unknown>, element?: string): void; on(event: string, callback: (...args: unknown[]) => void): void }

export const RUNTIME_SETTINGS = { lmsCommitUrl: '/commit', autocommit: false, logLevel: 5 as const, autoCompleteLessonStatus: true }

const noControls = { previous: false, continue: false, exit: false, suspend: false }

/**
 * Plays one attempt: launches items, keeps the runtime API the SCOs talk to, and works out which
 * navigation the learner may take. What that is depends on the SCORM family (scorm12-runner.ts,
 * scorm2004-runner.ts); launching, showing, queueing and reporting are the same for both.
 */
export abstract class CourseRunner {
	protected view: PlayerView
	protected launched: LaunchedSco | null = null
	protected leaving = false
	private queue: Promise<void> = Promise.resolve()

	constructor(
		protected readonly boot: PlayerBootstrap,
		protected readonly ports: RunnerPorts,
	) {
		this.view = { phase: 'opening', ended: null, current: null, controls: noControls, selectable: [], progress: { ...boot.progress }, save: { kind: 'idle' }, problem: null, standing: null }
	}

	start() {
		return this.enqueue(() => this.begin())
	}

	/** A navigation request from the learner, through the player's controls. */
	navigate(request: NavigationRequest, target?: string) {
		return this.enqueue(() => this.follow(request, target))
	}

	/** The server answered a commit: the item's progress and the attempt's standing. */
	recordAnswer(answer: CommitAnswer) {
		if (answer.item) this.view.progress[answer.item.id] = { completion: answer.item.completion, success: answer.item.success }
		this.view.standing = { completion: answer.completion, success: answer.success, satisfied: answer.satisfied }
		this.progressChanged()
		this.publish()
	}

	recordSave(save: SaveState) {
		this.view.save = save
		this.publish()
	}

	/** The page is going away: record where the learner is, as the next visit will pick it up. */
	leave() {
		if (this.leaving) return
		this.leaving = true
		this.commitOpenSession()
		this.recordDeparture()
	}

	protected abstract begin(): Promise<void>
	protected abstract follow(request: NavigationRequest, target?: string): Promise<void>
	protected abstract commitOpenSession(): void
	protected progressChanged() {}
	protected recordDeparture() {}

	protected enqueue(step: () => Promise<void>) {
		this.queue = this.queue.then(step).catch((error: unknown) => {
			this.view.problem = error instanceof Error ? error.message : 'The course could not continue.'
			this.publish()
		})
		return this.queue
	}

	protected publish() {
		this.ports.publish(structuredClone(this.view))
	}

	protected async open(launch: LaunchedSco) {
		this.ports.commits.startLaunch(launch.launchId)
		this.launched = launch
		this.view = { ...this.view, phase: 'playing', ended: null, problem: null, current: { id: launch.scoId, title: launch.title } }
		// An asset has no runtime to report progress; the server counted it as viewed when it launched.
		if (launch.kind === 'asset') this.view.progress[launch.scoId] = { completion: 'completed', success: this.view.progress[launch.scoId]?.success ?? 'unknown' }
		await this.ports.show(launch)
	}

	/** Empties the frame; the SCO in it gets its unload handlers to end its session in. */
	protected async close() {
		if (!this.launched) return
		this.launched = null
		await this.ports.show(null)
	}

	protected async endSession(reason: NonNullable<PlayerView['ended']>) {
		await this.close()
		this.view = { ...this.view, phase: 'ended', ended: reason, current: null, controls: noControls }
		this.publish()
	}
}
