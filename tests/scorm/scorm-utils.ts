import { cpSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { Scorm12API, Scorm2004API, type IHttpService } from 'scorm-again'
import { awardOnProgress } from '#app/certification/awards.server.ts'
import { launchSco } from '#app/scorm/scorm-attempts.server.ts'
import { commitScormState, type ScormCommit } from '#app/scorm/scorm-commit.server.ts'
import { type CompletionRule } from '#app/scorm/tracking.ts'
import { prisma } from '#app/utils/db.server.ts'
import { copyOfFixtureCatalog } from '#tests/catalog-utils.ts'
import { testsRoot } from '#tests/setup/paths.ts'

export type ScormFixtureName =
	| 'minimal-12'
	| 'multi-sco-12'
	| 'sequenced-2004'
	| 'assets-only-12'
	| 'forced-sequential-2004-3rd'
	| 'repeated-objectives-2004-4th'
	| 'dangling-default-org-2004'
	| 'hostile-12'
	| 'mastery-score-12'
	| 'lesson-and-check-2004'
export const scormFixture = (name: ScormFixtureName) => path.join(testsRoot, 'fixtures', 'scorm', name)
export const shippedPackage = (name: 'removable-media-check' | 'incident-reporting-on-site') => path.join(testsRoot, '..', 'content', 'packages', name)

/** `minimumMinutes` defaults to 0 (no minimum), so tests about anything else may finish a course at once. */
export type ScormModuleSpec = { id: string; packageFrom: string; completion: CompletionRule; minimumMinutes?: number }

export function scormModuleYaml({ id, completion, minimumMinutes = 0 }: Pick<ScormModuleSpec, 'id' | 'completion' | 'minimumMinutes'>) {
	return [
		`id: ${id}`,
		'kind: scorm',
		`title: Course ${id}`,
		`summary: The ${id} course, packaged as SCORM.`,
		'estimatedMinutes: 10',
		'objectives:',
		'  - Finish the course',
		'covers: [SP.03]',
		'version: 1',
		`package: packages/${id}`,
		`completion: ${completion}`,
		`minimumMinutes: ${minimumMinutes}`,
		'',
	].join('\n')
}

/** Adds content/modules/<id>.yaml and its own copy of the package folder at content/packages/<id>. */
export function addScormModule(contentDir: string, module: ScormModuleSpec) {
	cpSync(module.packageFrom, path.join(contentDir, 'packages', module.id), { recursive: true })
	writeFileSync(path.join(contentDir, 'modules', `${module.id}.yaml`), scormModuleYaml(module))
}

/** The fixture catalog (CERT-A needs alpha and beta) plus SCORM modules. */
export function catalogWithScorm(modules: ScormModuleSpec[], certifications: Array<{ code: string; modules: string[] }> = []) {
	const copy = copyOfFixtureCatalog()
	for (const module of modules) addScormModule(copy.dir, module)
	for (const { code, modules: required } of certifications) {
		const yaml = [`code: ${code}`, `name: Certificate ${code}`, 'description: Earned with SCORM courses.', 'validityMonths: 12', 'recertificationWindowDays: 30', 'requiredModules:', ...required.map((id) => `  - ${id}`), '']
		writeFileSync(path.join(copy.dir, 'certifications', `${code.toLowerCase()}.yaml`), yaml.join('\n'))
	}
	return copy
}

export async function currentVersionOf(moduleId: string) {
	const module = await prisma.learningModule.findUniqueOrThrow({ where: { id: moduleId }, select: { kind: true, source: true, currentVersionId: true } })
	const version = await prisma.moduleVersion.findUniqueOrThrow({ where: { id: module.currentVersionId! }, select: { id: true, title: true, scormPackageId: true, completionRule: true, sections: true } })
	return { kind: module.kind, source: module.source, ...version, scormPackageId: version.scormPackageId! }
}

type Runtime = {
	initialize(): string
	get(element: string): string
	set(element: string, value: string): string
	commit(): string
	finish(): string
	lastError(): string
}

function runtimeFor(family: '1.2' | '2004', settings: ConstructorParameters<typeof Scorm12API>[0]): { api: Scorm12API | Scorm2004API; runtime: Runtime } {
	if (family === '1.2') {
		const api = new Scorm12API(settings)
		return {
			api,
			runtime: {
				initialize: () => api.LMSInitialize(''),
				get: (element) => api.LMSGetValue(element),
				set: (element, value) => api.LMSSetValue(element, value),
				commit: () => api.LMSCommit(''),
				finish: () => api.LMSFinish(''),
				lastError: () => String(api.LMSGetLastError()),
			},
		}
	}
	const api = new Scorm2004API(settings)
	return {
		api,
		runtime: {
			initialize: () => api.Initialize(''),
			get: (element) => api.GetValue(element),
			set: (element, value) => api.SetValue(element, value),
			commit: () => api.Commit(''),
			finish: () => api.Terminate(''),
			lastError: () => String(api.GetLastError()),
		},
	}
}

/**
 * One SCO session the way the course wrapper runs it: scorm-again loaded with the launch's state and
 * the same commit body the wrapper sends. Commits are captured in order, for the test to deliver
 * (or deliver late, twice, or not at all) with `send`. There is no sequencing engine here, so a
 * SCORM 2004 package's standing never moves: play 2004 courses through `playAttempt`
 * (tests/content-delivery/player-harness.ts) when the test is about completing one.
 */
export async function openSco({ personId, attemptId, scoId, at }: { personId: string; attemptId: string; scoId: string; at: Date }) {
	const launch = await launchSco({ personId, attemptId, scoId, at, onCompleted: awardOnProgress })
	const commits: ScormCommit[] = []
	const httpService: IHttpService = {
		processHttpRequest(_url, params, immediate) {
			const cmi = ((params as { cmi?: unknown }).cmi ?? params) as Record<string, unknown>
			commits.push({ launchId: launch.launchId, sequence: commits.length + 1, finished: immediate, cmi: structuredClone(cmi) })
			return { result: true, errorCode: 0 }
		},
		updateSettings() {},
	}
	// The settings the course runner uses (app/content-delivery/player/course-runner.ts), with the commit captured instead of posted.
	const { api, runtime } = runtimeFor(launch.family, { lmsCommitUrl: '/commit', httpService, autocommit: false, logLevel: 5, autoCompleteLessonStatus: true })
	api.loadFromJSON(launch.cmi, '')
	const checked = (what: string, result: string) => {
		if (result !== 'true') throw new Error(`${what} refused by the runtime (error ${runtime.lastError()})`)
		return result
	}
	return {
		launch,
		commits,
		initialize: () => checked('Initialize', runtime.initialize()),
		get: (element: string) => runtime.get(element),
		set: (element: string, value: string) => checked(`SetValue(${element})`, runtime.set(element, value)),
		/** Commits, returning the captured commit body. */
		commit: () => (checked('Commit', runtime.commit()), commits.at(-1)!),
		/** Finish (1.2) or Terminate (2004), returning the captured final commit body. */
		finish: () => (checked('Finish', runtime.finish()), commits.at(-1)!),
		send: (commit: ScormCommit = commits.at(-1)!, when: Date = at) => commitScormState({ personId, attemptId, commit, at: when, onCompleted: awardOnProgress }),
	}
}

export type ScoSession = Awaited<ReturnType<typeof openSco>>
