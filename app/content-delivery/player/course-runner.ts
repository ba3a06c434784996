import { type IHttpService, type Scorm12API, type Scorm2004API } from 'scorm-again'
import { prerequisitesMet } from '#app/scorm/organization.ts'
import { type ItemProgress, type NavigationRequest, type PlayerView, type SaveState } from '../player-protocol.ts'
import { type CommitAnswer, type LaunchedSco, type PlayerBootstrap } from './bootstrap.ts'

type ScormModule = { Scorm12API: typeof Scorm12API; Scorm2004API: typeof Scorm2004API }

/** Carries SCO commits to the server; commits belong to the launch last started. */
export type CommitPort = IHttpService & { startLaunch(launchId: string): void }

export type RootStanding = { completion: ItemProgress['completion']; success: ItemProgress['success']; scoreScaled: number | null }
/** SCORM 2004: the sequencing engine's state after a navigation, and the root activity's rolled-up status. */
export type SequencingSave = { sequence: number; state: string; root: RootStanding }

/** What the runner needs from its surroundings: the browser wrapper in the product, plain functions in tests. */
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

type RuntimeApi = { isInitialized(): boolean; isTerminated(): boolean; loadFromJSON(json: Record<string, unknown>, element?: string): void; on(event: string, callback: (...args: unknown[]) => void): void }

const SETTINGS = { lmsCommitUrl: '/commit', autocommit: false, logLevel: 5 as const, autoCompleteLessonStatus: true }
const ENDED_REASONS: Record<string, PlayerView['ended']> = { suspend_all: 'suspended', exit_all: 'exited', abandon_all: 'exited' }

const completionOf = (status: string | undefined): ItemProgress['completion'] => (status === 'completed' ? 'completed' : status === 'incomplete' ? 'incomplete' : 'not attempted')
const successOf = (status: string | undefined): ItemProgress['success'] => (status === 'passed' || status === 'failed' ? status : 'unknown')

/**
 * Plays one attempt: launches items, keeps the runtime API the SCOs talk to, and works out which
 * navigation the learner may take. SCORM 1.2 has no sequencing, so the contents order and
 * `adlcp:prerequisites` decide; SCORM 2004 hands every decision to scorm-again's sequencing engine
 * (activity tree, rules, rollup, global objectives), which this runner only feeds and follows.
 */
export class CourseRunner {
	private view: PlayerView
	private launched: LaunchedSco | null = null
	private api12: (Scorm12API & RuntimeApi) | null = null
	private api2004: (Scorm2004API & RuntimeApi) | null = null
	private queue: Promise<void> = Promise.resolve()
	private sequence = 0
	private delivered = false
	private leaving = false
	/** While the runner probes how to resume, the engine's session-end events are its own doing. */
	private beginning = false
	/** SCORM 2004: the requests the engine last said were valid, before hideLMSUI hides any control. */
	private validity = { continue: false, previous: false, choice: new Set<string>() }

	constructor(
		private readonly boot: PlayerBootstrap,
		private readonly ports: RunnerPorts,
	) {
		this.view = {
			phase: 'opening',
			ended: null,
			current: null,
			controls: { previous: false, continue: false, exit: false, suspend: false },
			selectable: [],
			progress: { ...boot.progress },
			save: { kind: 'idle' },
			problem: null,
			standing: null,
		}
	}

	start() {
		return this.enqueue(() => (this.boot.family === '1.2' ? this.start12() : this.start2004()))
	}

	/** A navigation request from the learner, through the player's controls. */
	navigate(request: NavigationRequest, target?: string) {
		return this.enqueue(() => (this.boot.family === '1.2' ? this.navigate12(request, target) : this.navigate2004(request, target)))
	}

	/** The server answered a commit: the item's progress and the attempt's standing. */
	recordAnswer(answer: CommitAnswer) {
		if (answer.item) this.view.progress[answer.item.id] = { completion: answer.item.completion, success: answer.item.success }
		this.view.standing = { completion: answer.completion, success: answer.success, satisfied: answer.satisfied }
		if (this.boot.family === '1.2') this.refreshControls12()
		this.publish()
	}

	recordSave(save: SaveState) {
		this.view.save = save
		this.publish()
	}

	/**
	 * The page is going away: record where the learner is, as the next visit will pick it up. A
	 * SCORM 2004 course left open is suspended, as leaving by the player's own control would, so
	 * the next visit resumes the same activity.
	 */
	leave() {
		if (this.leaving) return
		this.leaving = true
		this.commitOpenSession()
		if (!this.api2004) return
		if (this.view.phase === 'playing' || this.view.phase === 'between') this.api2004.processNavigationRequest('suspendAll')
		this.saveSequencing()
	}

	private enqueue(step: () => Promise<void>) {
		this.queue = this.queue.then(step).catch((error: unknown) => {
			this.view.problem = error instanceof Error ? error.message : 'The course could not continue.'
			this.publish()
		})
		return this.queue
	}

	private publish() {
		this.ports.publish(structuredClone(this.view))
	}

	private async open(launch: LaunchedSco) {
		this.ports.commits.startLaunch(launch.launchId)
		this.launched = launch
		this.view = { ...this.view, phase: 'playing', ended: null, problem: null, current: { id: launch.scoId, title: launch.title } }
		// An asset has no runtime to report progress; the server counted it as viewed when it launched.
		if (launch.kind === 'asset') this.view.progress[launch.scoId] = { completion: 'completed', success: this.view.progress[launch.scoId]?.success ?? 'unknown' }
		await this.ports.show(launch)
	}

	/** Empties the frame; a SCO gets its unload to finish in, and one that does not is committed as it stands. */
	private async close() {
		if (!this.launched) return
		this.launched = null
		await this.ports.show(null)
	}

	// SCORM 1.2 ------------------------------------------------------------------------------

	private selectable12() {
		return this.boot.outline.filter((item) => item.visible && prerequisitesMet(item.prerequisites, new Map(Object.entries(this.view.progress))) !== false)
	}

	private refreshControls12() {
		const selectable = this.selectable12()
		const order = this.boot.outline.map((item) => item.id)
		const at = this.launched ? order.indexOf(this.launched.scoId) : -1
		this.view.selectable = selectable.map((item) => item.id)
		this.view.controls = {
			previous: at > 0 && selectable.some((item) => order.indexOf(item.id) < at),
			continue: selectable.some((item) => order.indexOf(item.id) > at),
			exit: false,
			suspend: false,
		}
	}

	private async start12() {
		const selectable = this.selectable12()
		const target = selectable.find((item) => item.id === this.boot.resumeAt) ?? selectable[0]
		if (!target) return this.endSession('nothing-to-open')
		await this.open12(target.id)
	}

	private async navigate12(request: NavigationRequest, target?: string) {
		const order = this.boot.outline.map((item) => item.id)
		const at = this.launched ? order.indexOf(this.launched.scoId) : -1
		const selectable = this.selectable12()
		const next =
			request === 'continue'
				? selectable.find((item) => order.indexOf(item.id) > at)
				: request === 'previous'
					? selectable.findLast((item) => order.indexOf(item.id) < at)
					: request === 'choice' || request === 'start'
						? selectable.find((item) => item.id === (target ?? this.boot.resumeAt)) ?? (request === 'start' ? selectable[0] : undefined)
						: undefined
		if (!next) throw new Error('That part of the course is not available yet.')
		await this.open12(next.id)
	}

	private async open12(scoId: string) {
		await this.close12()
		const launch = await this.ports.launch(scoId)
		const api = new this.ports.scorm.Scorm12API({ ...SETTINGS, httpService: this.ports.commits }) as Scorm12API & RuntimeApi
		api.loadFromJSON(launch.cmi, '')
		api.on('LMSFinish', () => {
			this.view.phase = 'between'
			this.publish()
		})
		this.api12 = api
		this.ports.installApi('1.2', api)
		await this.open(launch)
		this.refreshControls12()
		this.publish()
	}

	private async close12() {
		await this.close()
		this.commitOpenSession()
	}

	/** A SCO that has not ended its session is committed as it stands, so nothing it set is lost. */
	private commitOpenSession() {
		if (this.api12?.isInitialized() && !this.api12.isTerminated()) this.api12.LMSCommit('')
		if (this.api2004?.isInitialized() && !this.api2004.isTerminated()) this.api2004.Commit('')
	}

	// SCORM 2004 -----------------------------------------------------------------------------

	private async start2004() {
		const api = new this.ports.scorm.Scorm2004API({
			...SETTINGS,
			httpService: this.ports.commits,
			sequencing: {
				...this.boot.sequencing,
				eventListeners: {
					onActivityDelivery: (activity) => this.onDelivery(activity.id),
					onNavigationValidityUpdate: (validity) => {
						const hidden = new Set<string>(validity.hideLmsUi ?? [])
						this.validity = { continue: validity.continue, previous: validity.previous, choice: new Set(Object.entries(validity.choice).flatMap(([id, valid]) => (valid === 'true' ? [id] : []))) }
						this.view.controls = { ...this.view.controls, previous: validity.previous, continue: validity.continue, exit: !hidden.has('exitAll'), suspend: !hidden.has('suspendAll') }
						if (hidden.has('previous')) this.view.controls.previous = false
						if (hidden.has('continue')) this.view.controls.continue = false
						this.view.selectable = Object.entries(validity.choice).flatMap(([id, valid]) => (valid === 'true' && this.boot.outline.some((item) => item.id === id) ? [id] : []))
						this.publish()
					},
					onSequencingSessionEnd: (end) => {
						if (!this.beginning) void this.enqueue(() => this.endSession(ENDED_REASONS[end.reason] ?? (this.rootStanding().completion === 'completed' ? 'completed' : 'exited')))
					},
				},
			},
		}) as Scorm2004API & RuntimeApi
		// Sequencing runs inside Terminate; what it decided is saved once it has run.
		api.on('Terminate', () => setTimeout(() => this.afterTerminate(), 0))
		this.api2004 = api
		this.ports.installApi('2004', api)
		if (this.boot.sequencingState) api.deserializeSequencingState(this.boot.sequencingState)
		this.begin2004()
	}

	/**
	 * Resumes a suspended course, recovers one left mid-activity (a closed tab), or starts afresh.
	 * A course whose root does not flow (SCORM's default) cannot start itself; like other LMSs we
	 * then open what the learner would pick first: the item they had open last, or the first offered.
	 */
	private begin2004() {
		const api = this.api2004!
		this.delivered = false
		this.beginning = true
		try {
			const began =
				api.processNavigationRequest('resumeAll') ||
				(api.processNavigationRequest('suspendAll') && api.processNavigationRequest('resumeAll')) ||
				api.processNavigationRequest('start') ||
				// The last visit ended an activity without suspending (a browser that never said goodbye): go on from it.
				api.processNavigationRequest('continue') ||
				this.chooseFirstOffered()
			if (!began && !this.delivered) void this.enqueue(() => this.endSession(this.rootStanding().completion === 'completed' ? 'completed' : 'nothing-to-open'))
		} finally {
			this.beginning = false
		}
	}

	private chooseFirstOffered() {
		const candidates = new Set([this.boot.resumeAt, ...this.boot.outline.filter((item) => item.visible).map((item) => item.id)])
		for (const id of candidates) if (id && this.api2004!.processNavigationRequest('choice', id)) return true
		return false
	}

	private onDelivery(activityId: string) {
		this.delivered = true
		void this.enqueue(() => this.deliver2004(activityId))
	}

	private async deliver2004(activityId: string) {
		const api = this.api2004!
		await this.close()
		// The engine moved on; whatever the previous SCO left unsaid is committed before its data is cleared.
		this.commitOpenSession()
		api.reset(undefined, { preserveListeners: true })
		const launch = await this.ports.launch(activityId)
		api.loadFromJSON(launch.cmi, '')
		await this.open(launch)
		this.saveSequencing()
		this.publish()
	}

	/** Runs after any delivery the engine made during Terminate, so a SCO that moved on is not shown as finished. */
	private afterTerminate() {
		// A page being left saves its final state once, in leave().
		if (this.leaving) return
		void this.enqueue(async () => {
			if (this.view.phase === 'playing' && this.api2004!.isTerminated()) this.view.phase = 'between'
			this.saveSequencing()
			this.publish()
		})
	}

	private async navigate2004(request: NavigationRequest, target?: string) {
		const api = this.api2004!
		if (request === 'start') {
			if (this.view.phase === 'ended') return this.begin2004()
			throw new Error('The course is already open.')
		}
		const allowed = request === 'choice' ? target !== undefined && this.validity.choice.has(target) : request === 'continue' ? this.validity.continue : request === 'previous' ? this.validity.previous : true
		if (!allowed) throw new Error('That is not possible from here in this course.')
		this.delivered = false
		const running = this.launched !== null && api.isInitialized() && !api.isTerminated()
		if (this.launched) {
			// SCOs end their session on unload; one that does not is ended with the learner's request.
			await this.close()
			if (api.isInitialized() && !api.isTerminated()) {
				api.SetValue('adl.nav.request', request === 'choice' ? `{target=${target}}choice` : request)
				api.Terminate('')
				return
			}
			if (running && this.delivered) return
		}
		if (!api.processNavigationRequest(request, target) && !this.delivered) throw new Error('That is not possible from here in this course.')
	}

	/** The root activity's rolled-up status; a course under way whose root has no completion yet is in progress. */
	private rootStanding(): RootStanding {
		const root = this.api2004?.getActivityTrackingData(this.boot.rootId)
		const completion = completionOf(root?.completionStatus)
		return {
			completion: completion === 'not attempted' && this.launched !== null ? 'incomplete' : completion,
			success: successOf(root?.successStatus),
			scoreScaled: typeof root?.score === 'number' ? root.score : null,
		}
	}

	private saveSequencing() {
		const api = this.api2004
		if (!api) return
		this.ports.saveSequencing({ sequence: ++this.sequence, state: api.serializeSequencingState(), root: this.rootStanding() })
	}

	private async endSession(reason: NonNullable<PlayerView['ended']>) {
		await this.close()
		this.view = { ...this.view, phase: 'ended', ended: reason, current: null, controls: { previous: false, continue: false, exit: false, suspend: false }, selectable: this.boot.family === '2004' ? [] : this.view.selectable }
		this.saveSequencing()
		this.publish()
	}
}
