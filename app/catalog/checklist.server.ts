import { checklistSchema, type CatalogChecklist, type CatalogProblem } from './catalog-schema.ts'
import { parseYaml, sha256 } from './parse-file.server.ts'

/** The line of the item `id` in a checklist file, for problems about that item. */
const lineOfItem = (source: string, id: string) => {
	const index = source.split('\n').findIndex((line) => new RegExp(`^\\s*-?\\s*id:\\s*${id}\\s*$`).test(line))
	return index === -1 ? undefined : index + 1
}

/** A practical assessment's checklist, content/checklists/<id>.yaml: item ids are unique, since assessments cite them. */
export function loadChecklist({ file, source }: { file: string; source: string }, problems: CatalogProblem[]): CatalogChecklist | null {
	const parsed = parseYaml({ file, source, schema: checklistSchema })
	if (!parsed.ok) {
		problems.push(...parsed.problems)
		return null
	}
	const expectedFile = `checklists/${parsed.value.id}.yaml`
	if (file !== expectedFile) problems.push({ file, line: 1, message: `the file of checklist "${parsed.value.id}" must be named ${expectedFile}` })
	const seen = new Set<string>()
	for (const item of parsed.value.items) {
		if (seen.has(item.id)) problems.push({ file, line: lineOfItem(source, item.id), message: `item ${item.id}: duplicate item id` })
		seen.add(item.id)
	}
	return { ...parsed.value, file, contentHash: sha256(source) }
}
