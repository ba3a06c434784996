import { randomUUID } from 'node:crypto'
import { Scorm12API, Scorm2004API, type IHttpService } from 'scorm-again'
import { awardOnProgress } from '#app/certification/awards.server.ts'
import { type LaunchedSco, type PlayerBootstrap } from '#app/content-delivery/player/bootstrap.ts'
import { type CommitPort, type SequencingSave } from '#app/content-delivery/player/course-runner.ts'
import { courseRunnerFor } from '#app/content-delivery/player/play-course.ts'
import { type NavigationRequest, type PlayerView } from '#app/content-delivery/player-protocol.ts'
import { attemptPlaybackState, launchSco } from '#app/scorm/scorm-attempts.server.ts'
import { commitScormState, type ScormCommit } from '#app/scorm/scorm-commit.server.ts'
import { saveSequencingState } from '#app/scorm/scorm-sequencing.server.ts'

type Outgoing = { kind: 'commit'; commit: ScormCommit } | { kind: 'sequencing'; save: SequencingSave }
type Runtime = Record<string, (...args: string[]) => string>

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * The course wrapper without a browser: the same CourseRunner the content origin runs, with
 * scorm-again in Node, its commits and sequencing saves delivered to the real domain functions,
 * and a "frame" that records what it shows. A test plays the SCO's part through `sco`.
 */
export async function playAttempt({ personId, attemptId, contentSessionId = randomUUID(), at = () => new Date() }: { personId: string; attemptId: string; contentSessionId?: string; at?: () => Date }) {
	const boot: PlayerBootstrap = { appOrigin: 'http://app.test', basePath: '/s/test', ...(await attemptPlaybackState({ attemptId, personId })) }
	const outbox: Outgoing[] = []
	const views: PlayerView[] = []
	const delivered: string[] = []
	let shown: LaunchedSco | null = null
	let api: Runtime | null = null
	let unload: (() => void) | null = null
	let launchId = ''
	let sequence = 0
	let launching = 0

	const commits: CommitPort & IHttpService = {
		startLaunch(id) {
			launchId = id
			sequence = 0
		},
		processHttpRequest(_url, params, immediate) {
			const cmi = ((params as { cmi?: unknown }).cmi ?? params) as Record<string, unknown>
			outbox.push({ kind: 'commit', commit: { launchId, sequence: ++sequence, finished: immediate, cmi: structuredClone(cmi) } })
			return { result: true, errorCode: 0 }
		},
		updateSettings() {},
	}

	const runner = courseRunnerFor(boot, {
		scorm: { Scorm12API, Scorm2004API },
		commits,
		async launch(scoId) {
			launching += 1
			try {
				const { launchHref, ...launch } = await launchSco({ personId, attemptId, scoId, at: at(), onCompleted: awardOnProgress })
				return { ...launch, launchUrl: `/f/${launchHref}` }
			} finally {
				launching -= 1
			}
		},
		saveSequencing: (save) => outbox.push({ kind: 'sequencing', save }),
		async show(launch) {
			if (!launch && shown) unload?.()
			shown = launch
			if (launch) delivered.push(launch.scoId)
		},
		installApi: (_family, installed) => (api = installed as unknown as Runtime),
		publish: (view) => views.push(view),
	})

	async function deliverOutbox() {
		while (outbox.length) {
			const next = outbox.shift()!
			const answer =
				next.kind === 'commit'
					? await commitScormState({ personId, attemptId, commit: next.commit, at: at(), onCompleted: awardOnProgress })
					: await saveSequencingState({ personId, attemptId, contentSessionId, save: next.save, at: at(), onCompleted: awardOnProgress })
			runner.recordAnswer(answer)
		}
	}

	/**
	 * Lets the runner finish what it started (launches, however long the database takes) and
	 * queued (deliveries, saves), and delivers everything it sent.
	 */
	async function settle() {
		let quiet = 0
		while (quiet < 3) {
			await pause(15)
			const busy = outbox.length > 0 || launching > 0
			await deliverOutbox()
			quiet = busy ? 0 : quiet + 1
		}
	}

	const family = boot.family
	const call = (names: [string, string], ...args: string[]) => {
		const result = api![family === '1.2' ? names[0] : names[1]]!(...args)
		return result
	}
	const checked = (what: string, result: string) => {
		if (result !== 'true') throw new Error(`${what} refused by the runtime (error ${call(['LMSGetLastError', 'GetLastError'])})`)
	}

	return {
		boot,
		delivered,
		view: () => views.at(-1)!,
		shown: () => shown,
		async start() {
			await runner.start()
			await settle()
		},
		async navigate(request: NavigationRequest, target?: string) {
			await runner.navigate(request, target)
			await settle()
		},
		/** What the SCO in the frame does when the frame is emptied (a conformant SCO terminates). */
		onUnload(handler: (() => void) | null) {
			unload = handler
		},
		leave: async () => {
			runner.leave()
			await settle()
		},
		settle,
		sco: {
			initialize: () => checked('Initialize', call(['LMSInitialize', 'Initialize'], '')),
			get: (element: string) => call(['LMSGetValue', 'GetValue'], element),
			set: (element: string, value: string) => checked(`SetValue(${element})`, call(['LMSSetValue', 'SetValue'], element, value)),
			commit: () => checked('Commit', call(['LMSCommit', 'Commit'], '')),
			terminate: () => checked('Terminate', call(['LMSFinish', 'Terminate'], '')),
		},
	}
}

export type PlayedAttempt = Awaited<ReturnType<typeof playAttempt>>
