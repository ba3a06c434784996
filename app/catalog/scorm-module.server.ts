import { createHash } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { zipSync, type Zippable } from 'fflate'
import { inspectScormPackage } from '#app/scorm/manifest.server.ts'
import { ScormPackageError } from '#app/scorm/package-zip.server.ts'
import { filesUnder } from '#app/utils/files-under.server.ts'
import { scormModuleSchema, type CatalogProblem, type CatalogScormModule } from './catalog-schema.ts'
import { parseYaml } from './parse-file.server.ts'

// A fixed timestamp makes the zip of an unchanged folder byte-identical, so its hash (and the
// module's version) changes only when the content does.
const FIXED_MTIME = new Date('2026-01-01T00:00:00Z')

/** A package folder zipped reproducibly; a .zip file read as it is. */
export function packageBytes(location: string): Uint8Array {
	if (statSync(location).isFile()) return readFileSync(location)
	const files: Zippable = {}
	for (const relative of filesUnder(location)) files[relative] = [readFileSync(path.join(location, relative)), { mtime: FIXED_MTIME }]
	return zipSync(files, { level: 6, mtime: FIXED_MTIME })
}

/** Reads a `kind: scorm` module file and validates its package with the same checks as an upload. */
export function loadScormModule({ file, source }: { file: string; source: string }, contentDir: string, problems: CatalogProblem[]): CatalogScormModule | null {
	const parsed = parseYaml({ file, source, schema: scormModuleSchema })
	if (!parsed.ok) {
		problems.push(...parsed.problems)
		return null
	}
	const module = parsed.value
	const lineOf = (key: string) => source.split('\n').findIndex((line) => line.startsWith(`${key}:`)) + 1 || undefined
	const expectedFile = `modules/${module.id}.yaml`
	if (file !== expectedFile) problems.push({ file, line: lineOf('id'), message: `the file of module "${module.id}" must be named ${expectedFile}` })
	const location = path.join(contentDir, module.package)
	if (!existsSync(location)) {
		problems.push({ file, line: lineOf('package'), message: `package ${module.package} does not exist (a folder or .zip under content/)` })
		return null
	}
	const bytes = packageBytes(location)
	try {
		const { manifest } = inspectScormPackage(bytes)
		// Warnings do not stop the catalog (the package plays); whoever runs it should still see them.
		for (const warning of manifest.warnings) console.warn(`${file}: package ${module.package}: ${warning}`)
	} catch (error) {
		if (!(error instanceof ScormPackageError)) throw error
		problems.push(...error.problems.map((problem) => ({ file, line: lineOf('package'), message: `package ${module.package}: ${problem}` })))
		return null
	}
	const contentHash = createHash('sha256').update(source).update(bytes).digest('hex')
	return { ...module, file, contentHash, packageBytes: bytes }
}
