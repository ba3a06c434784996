import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { inject } from 'vitest'

export const testsRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

declare module 'vitest' {
	export interface ProvidedContext {
		runDir: string
	}
}

/** This run's scratch folder (one per `vitest run`, so concurrent runs never share files). */
export const tmpDir = inject('runDir')
export const templateDbPath = path.join(tmpDir, 'template.db')
