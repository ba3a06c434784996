import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'

/** The project root, found from here whether this module runs from app/ or from the server build. */
function projectRoot() {
	let dir = path.dirname(fileURLToPath(import.meta.url))
	while (!existsSync(path.join(dir, 'package.json'))) {
		const parent = path.dirname(dir)
		if (parent === dir) throw new Error(`No package.json above ${fileURLToPath(import.meta.url)}`)
		dir = parent
	}
	return dir
}

/** Runs the exported function `run` of a TypeScript module of this project (path from the root) on a worker thread, with `data`. */
export function startThread<Data>(modulePath: string, run: string, data: Data) {
	const root = projectRoot()
	const module = pathToFileURL(path.join(root, modulePath)).href
	return new Worker(pathToFileURL(path.join(root, 'app', 'utils', 'typescript-thread.mjs')), { workerData: { module, run, data } })
}
