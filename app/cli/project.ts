import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** Absolute paths of the project's folders, whatever the working directory. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const projectPath = (...segments: string[]) => path.join(projectRoot, ...segments)

/** The latest modification time of any file under the given paths (0 when none exist). */
export function newestModification(paths: string[]): number {
	let newest = 0
	for (const entry of paths) {
		let stats
		try {
			stats = statSync(entry)
		} catch {
			continue
		}
		if (stats.isDirectory()) {
			const children = readdirSync(entry).map((child) => path.join(entry, child))
			newest = Math.max(newest, newestModification(children))
		} else {
			newest = Math.max(newest, stats.mtimeMs)
		}
	}
	return newest
}

/** Whether the build is newer than every source it is made from; `npm start` rebuilds otherwise. */
export function buildIsCurrent() {
	const builtAt = Math.min(...[projectPath('build', 'index.js'), projectPath('build', 'content-player', 'manifest.json')].map((output) => newestModification([output])))
	return builtAt > newestModification([projectPath('app'), projectPath('remix.config.js'), projectPath('package.json')])
}
