// Bundles the course wrapper's runtime (scorm-again and the player logic) for the content origin.
// Remix's compiler builds only the app's routes; this page lives on another origin, so it gets its
// own bundle, named by its hash so browsers may cache it for good.
import { rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { projectPath } from './project.ts'

export const CONTENT_PLAYER_DIR = projectPath('build', 'content-player')

export async function buildContentPlayer() {
	rmSync(CONTENT_PLAYER_DIR, { recursive: true, force: true })
	const result = await build({
		entryPoints: { player: projectPath('app', 'content-delivery', 'player', 'wrapper.client.ts') },
		bundle: true,
		format: 'iife',
		platform: 'browser',
		target: 'es2020',
		minify: true,
		legalComments: 'eof',
		entryNames: '[name]-[hash]',
		outdir: CONTENT_PLAYER_DIR,
		tsconfig: projectPath('tsconfig.json'),
		metafile: true,
		logLevel: 'warning',
	})
	const script = Object.keys(result.metafile.outputs).map((output) => path.basename(output)).find((name) => name.endsWith('.js'))
	if (!script) throw new Error('The content player bundle produced no script')
	writeFileSync(path.join(CONTENT_PLAYER_DIR, 'manifest.json'), JSON.stringify({ script }))
	return script
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	console.log(`Content player: build/content-player/${await buildContentPlayer()}`)
}
