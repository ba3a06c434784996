import { type Scorm12API } from 'scorm-again'
import { prerequisitesMet } from '#app/scorm/organization.ts'
import { type NavigationRequest } from '../player-protocol.ts'
import { CourseRunner, RUNTIME_SETTINGS, type RuntimeApi } from './course-runner.ts'

/**
 * SCORM 1.2 has no sequencing: the contents order and `adlcp:prerequisites` decide what the
 * learner may open, and each SCO gets a runtime of its own.
 */
export class Scorm12Runner extends CourseRunner {
	private api: (Scorm12API & RuntimeApi) | null = null

	protected async begin() {
		const selectable = this.selectable()
		const target = selectable.find((item) => item.id === this.boot.resumeAt) ?? selectable[0]
		if (!target) return this.endSession('nothing-to-open')
		await this.openItem(target.id)
	}

	protected async follow(request: NavigationRequest, target?: string) {
		const order = this.boot.outline.map((item) => item.id)
		const at = this.launched ? order.indexOf(this.launched.scoId) : -1
		const selectable = this.selectable()
		const next =
			request === 'continue'
				? selectable.find((item) => order.indexOf(item.id) > at)
				: request === 'previous'
					? selectable.findLast((item) => order.indexOf(item.id) < at)
					: request === 'choice' || request === 'start'
						? (selectable.find((item) => item.id === (target ?? this.boot.resumeAt)) ?? (request === 'start' ? selectable[0] : undefined))
						: undefined
		if (!next) throw new Error('That part of the course is not available yet.')
		await this.openItem(next.id)
	}

	/** A SCO that has not finished is committed as it stands when it is left, so nothing it set is lost. */
	protected commitOpenSession() {
		if (this.api?.isInitialized() && !this.api.isTerminated()) this.api.LMSCommit('')
	}

	protected override progressChanged() {
		const selectable = this.selectable()
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

	private selectable() {
		return this.boot.outline.filter((item) => item.visible && prerequisitesMet(item.prerequisites, new Map(Object.entries(this.view.progress))) !== false)
	}

	private async openItem(scoId: string) {
		await this.close()
		this.commitOpenSession()
		const launch = await this.ports.launch(scoId)
		const api = new this.ports.scorm.Scorm12API({ ...RUNTIME_SETTINGS, httpService: this.ports.commits }) as Scorm12API & RuntimeApi
		api.loadFromJSON(launch.cmi, '')
		api.on('LMSFinish', () => {
			this.view.phase = 'between'
			this.publish()
		})
		this.api = api
		this.ports.installApi('1.2', api)
		await this.open(launch)
		this.progressChanged()
		this.publish()
	}
}
