import { type Scorm2004API } from 'scorm-again'
import { type ItemProgress, type NavigationRequest, type PlayerView } from '../player-protocol.ts'
import { CourseRunner, RUNTIME_SETTINGS, type RootStanding, type RuntimeApi } from './course-runner.ts'

type NavigationValidity = { continue: boolean; previous: boolean; choice: Record<string, 'true' | 'false'>; hideLmsUi?: string[] }

const ENDED_REASONS: Record<string, PlayerView['ended']> = { suspend_all: 'suspended', exit_all: 'exited', abandon_all: 'exited' }
const completionOf = (status: string | undefined): ItemProgress['completion'] => (status === 'completed' ? 'completed' : status === 'incomplete' ? 'incomplete' : 'not attempted')
const successOf = (status: string | undefined): ItemProgress['success'] => (status === 'passed' || status === 'failed' ? status : 'unknown')

/**
 * SCORM 2004 hands every decision to scorm-again's sequencing engine (activity tree, rules,
 * rollup, global objectives): one runtime for the whole visit, which this runner feeds with
 * launches and requests, and follows. The engine's state is saved after every navigation.
 */
export class Scorm2004Runner extends CourseRunner {
	private api: (Scorm2004API & RuntimeApi) | null = null
	private sequence = 0
	private delivered = false
	/** While the runner probes how to resume, the engine's session-end events are its own doing. */
	private beginning = false
	/** The requests the engine last said were valid, before hideLMSUI hides any control. */
	private validity = { continue: false, previous: false, choice: new Set<string>() }

	protected async begin() {
		const api = new this.ports.scorm.Scorm2004API({
			...RUNTIME_SETTINGS,
			httpService: this.ports.commits,
			sequencing: {
				...this.boot.sequencing,
				eventListeners: {
					onActivityDelivery: (activity) => this.onDelivery(activity.id),
					onNavigationValidityUpdate: (validity) => this.onValidity(validity),
					onSequencingSessionEnd: (end) => {
						if (!this.beginning) void this.enqueue(() => this.endSession(ENDED_REASONS[end.reason] ?? (this.rootStanding().completion === 'completed' ? 'completed' : 'exited')))
					},
				},
			},
		}) as Scorm2004API & RuntimeApi
		// Sequencing runs inside Terminate; what it decided is saved once it has run.
		api.on('Terminate', () => setTimeout(() => this.afterTerminate(), 0))
		this.api = api
		this.ports.installApi('2004', api)
		if (this.boot.sequencingState && !api.deserializeSequencingState(this.boot.sequencingState)) {
			this.view.problem = 'Your place in this course could not be restored, so it opens from the start; the parts you finished still count.'
		}
		this.resumeOrStart()
	}

	protected async follow(request: NavigationRequest, target?: string) {
		const api = this.api!
		if (request === 'start') {
			if (this.view.phase === 'ended') return this.resumeOrStart()
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

	protected commitOpenSession() {
		if (this.api?.isInitialized() && !this.api.isTerminated()) this.api.Commit('')
	}

	/** A course left open is suspended, as leaving by the player's own control would, so the next visit resumes the same activity. */
	protected override recordDeparture() {
		if (this.view.phase === 'playing' || this.view.phase === 'between') this.api?.processNavigationRequest('suspendAll')
		this.saveSequencing()
	}

	protected override async endSession(reason: NonNullable<PlayerView['ended']>) {
		await super.endSession(reason)
		this.view.selectable = []
		this.saveSequencing()
	}

	/**
	 * Resumes a suspended course, recovers one left mid-activity (a closed tab), or starts afresh.
	 * A course whose root does not flow (SCORM's default) cannot start itself; like other LMSs we
	 * then open what the learner would pick first: the item they had open last, or the first offered.
	 */
	private resumeOrStart() {
		const api = this.api!
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
		for (const id of candidates) if (id && this.api!.processNavigationRequest('choice', id)) return true
		return false
	}

	private onValidity(validity: NavigationValidity) {
		const hidden = new Set<string>(validity.hideLmsUi ?? [])
		const choice = Object.entries(validity.choice).flatMap(([id, valid]) => (valid === 'true' ? [id] : []))
		this.validity = { continue: validity.continue, previous: validity.previous, choice: new Set(choice) }
		this.view.controls = {
			previous: validity.previous && !hidden.has('previous'),
			continue: validity.continue && !hidden.has('continue'),
			exit: !hidden.has('exitAll'),
			suspend: !hidden.has('suspendAll'),
		}
		this.view.selectable = choice.filter((id) => this.boot.outline.some((item) => item.id === id))
		this.publish()
	}

	private onDelivery(activityId: string) {
		this.delivered = true
		void this.enqueue(() => this.deliver(activityId))
	}

	private async deliver(activityId: string) {
		const api = this.api!
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
			if (this.view.phase === 'playing' && this.api!.isTerminated()) this.view.phase = 'between'
			this.saveSequencing()
			this.publish()
		})
	}

	/** The root activity's rolled-up status; a course under way whose root has no completion yet is in progress. */
	private rootStanding(): RootStanding {
		const root = this.api?.getActivityTrackingData(this.boot.rootId)
		const completion = completionOf(root?.completionStatus)
		return {
			completion: completion === 'not attempted' && this.launched !== null ? 'incomplete' : completion,
			success: successOf(root?.successStatus),
			scoreScaled: typeof root?.score === 'number' ? root.score : null,
		}
	}

	private saveSequencing() {
		if (this.api) this.ports.saveSequencing({ sequence: ++this.sequence, state: this.api.serializeSequencingState(), root: this.rootStanding() })
	}
}
