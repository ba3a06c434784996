import Database from 'better-sqlite3'
import { type Frame, type Page } from 'playwright-core'
import { expect, inject } from 'vitest'
import { type ScormManifest } from '#app/scorm/manifest.server.ts'
import { visibleScos } from '#app/scorm/organization.ts'

/** Reads what the server recorded, straight from the app's database (read-only). */
function query<T>(sql: string, ...params: unknown[]): T | undefined {
	const db = new Database(inject('databaseFile'), { readonly: true })
	try {
		return db.prepare(sql).get(...params) as T | undefined
	} finally {
		db.close()
	}
}

export type StoredSco = { cmi: Record<string, unknown>; appliedLaunch: number; appliedSequence: number; terminated: boolean; launchCount: number }

export function storedScoState({ employeeId, moduleId, scoId }: { employeeId: string; moduleId: string; scoId: string }): StoredSco | null {
	const row = query<{ cmi: string; appliedLaunch: number; appliedSequence: number; terminated: number; launchCount: number }>(
		`SELECT s.cmi, s.appliedLaunch, s.appliedSequence, s.terminated, s.launchCount FROM ScormScoState s
		 JOIN ScormAttempt a ON a.id = s.attemptId JOIN Person p ON p.id = a.personId
		 WHERE p.employeeId = ? AND a.moduleId = ? AND s.scoId = ? ORDER BY a.startedAt DESC LIMIT 1`,
		employeeId,
		moduleId,
		scoId,
	)
	return row ? { ...row, cmi: JSON.parse(row.cmi) as Record<string, unknown>, terminated: row.terminated === 1 } : null
}

export function moduleCompletedBy({ employeeId, moduleId }: { employeeId: string; moduleId: string }) {
	const row = query<{ n: number }>(`SELECT COUNT(*) AS n FROM ModuleCompletion c JOIN Person p ON p.id = c.personId WHERE p.employeeId = ? AND c.moduleId = ? AND c.source = 'scorm'`, employeeId, moduleId)
	return (row?.n ?? 0) > 0
}

/** The SCOs a learner can open in the module's current package, in contents order. */
export function scosOfModule(moduleId: string) {
	const row = query<{ manifest: string }>(`SELECT p.manifest FROM LearningModule m JOIN ModuleVersion v ON v.id = m.currentVersionId JOIN ScormPackage p ON p.id = v.scormPackageId WHERE m.id = ?`, moduleId)
	if (!row) throw new Error(`module ${moduleId} has no SCORM package`)
	const manifest = JSON.parse(row.manifest) as ScormManifest
	return { family: manifest.version === '1.2' ? ('1.2' as const) : ('2004' as const), scos: visibleScos(manifest).map((sco) => ({ id: sco.item.identifier, title: sco.item.title, kind: sco.resource.scormType })) }
}

/** The item the rep's newest learning attempt opened last, and how many launches the attempt has had. */
export function latestLaunch({ employeeId, moduleId }: { employeeId: string; moduleId: string }) {
	const row = query<{ scoId: string; total: number }>(
		`SELECT (SELECT l.scoId FROM ScormLaunch l WHERE l.attemptId = a.id ORDER BY l.startedAt DESC, l.rowid DESC LIMIT 1) AS scoId,
		        (SELECT COUNT(*) FROM ScormLaunch l WHERE l.attemptId = a.id) AS total
		 FROM ScormAttempt a JOIN Person p ON p.id = a.personId
		 WHERE p.employeeId = ? AND a.moduleId = ? AND a.purpose = 'learning' ORDER BY a.startedAt DESC LIMIT 1`,
		employeeId,
		moduleId,
	)
	return row?.scoId ? row : null
}

/** The course wrapper: the page on the content origin that holds the runtime. */
export async function wrapperFrame(page: Page): Promise<Frame> {
	const handle = await page.locator('iframe.content-frame').elementHandle({ timeout: 20_000 })
	const frame = await handle!.contentFrame()
	expect(new URL(frame!.url()).origin, 'the course plays from the content origin').toBe(inject('contentOrigin'))
	return frame!
}

/** The SCO's own frame, once the SCO has opened its runtime session (the wrapper may be replaced meanwhile, so it is looked up each time). */
export async function initializedScoFrame(page: Page): Promise<Frame> {
	const initialized = async () =>
		(await wrapperFrame(page))
			.evaluate(() => {
				const host = window as unknown as { API?: { isInitialized(): boolean }; API_1484_11?: { isInitialized(): boolean } }
				return (host.API ?? host.API_1484_11)?.isInitialized() ?? false
			})
			.catch(() => false)
	await expect.poll(initialized, { timeout: 20_000 }).toBe(true)
	const frame = await (await (await wrapperFrame(page)).locator('#sco-frame').elementHandle())!.contentFrame()
	return frame!
}

/**
 * Calls the runtime the way a SCO's code does: from inside the SCO's frame, finding the API by
 * walking up window.parent.
 */
export function callRuntime(frame: Frame, family: '1.2' | '2004', method: 'GetValue' | 'SetValue' | 'Commit' | 'Finish', ...args: string[]) {
	return frame.evaluate(
		({ family, method, args }) => {
			const name = family === '1.2' ? 'API' : 'API_1484_11'
			let current: Window = window
			while (!(name in current) && current.parent !== current) current = current.parent
			const api = (current as unknown as Record<string, Record<string, (...a: string[]) => string>>)[name]!
			const names = { GetValue: ['LMSGetValue', 'GetValue'], SetValue: ['LMSSetValue', 'SetValue'], Commit: ['LMSCommit', 'Commit'], Finish: ['LMSFinish', 'Terminate'] }
			const fn = names[method][family === '1.2' ? 0 : 1]!
			return String(api[fn]!.apply(api, args.length ? args : ['']))
		},
		{ family, method, args },
	)
}

export const cmiPaths = (family: '1.2' | '2004') =>
	family === '1.2'
		? { entry: 'cmi.core.entry', location: 'cmi.core.lesson_location', suspendData: 'cmi.suspend_data', stored: { location: ['core', 'lesson_location'], suspendData: ['suspend_data'] } }
		: { entry: 'cmi.entry', location: 'cmi.location', suspendData: 'cmi.suspend_data', stored: { location: ['location'], suspendData: ['suspend_data'] } }

export function storedValue(cmi: Record<string, unknown>, path: string[]) {
	let node: unknown = cmi
	for (const key of path) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined
	return typeof node === 'string' ? node : ''
}

/**
 * Notes, in the content origin's sessionStorage for this tab (it survives leaving the page), every
 * element the SCO sets from now on: a SCO may legitimately change its state while it is being unloaded.
 */
export async function noteScoWrites(page: Page, family: '1.2' | '2004') {
	return (await wrapperFrame(page)).evaluate((family) => {
		const api = (window as unknown as Record<string, Record<string, (...a: string[]) => string>>)[family === '1.2' ? 'API' : 'API_1484_11']!
		const name = family === '1.2' ? 'LMSSetValue' : 'SetValue'
		const original = api[name]!.bind(api)
		api[name] = (element: string, value: string) => {
			sessionStorage.setItem(`sco-wrote:${element}`, value)
			return original(element, value)
		}
		sessionStorage.clear()
	}, family)
}

export const scoWroteDuringUnload = async (page: Page, element: string) => (await wrapperFrame(page)).evaluate((element) => sessionStorage.getItem(`sco-wrote:${element}`), element)
