import { type CatalogProblem, type ModuleSection } from './catalog-schema.ts'

const RAW_HTML = /<\/?[a-zA-Z][\w-]*(\s[^>]*)?\/?>/

/**
 * Splits a module body into sections at its `## ` headings. Text before the first heading
 * becomes an "Introduction" section. Also reports what the reader will not render.
 */
export function splitSections({ file, body, bodyStartLine }: { file: string; body: string; bodyStartLine: number }) {
	const problems: CatalogProblem[] = []
	const sections: ModuleSection[] = []
	let current: { title: string; lines: string[] } | null = null
	let inFence = false
	body.split('\n').forEach((line, index) => {
		const lineNumber = bodyStartLine + index
		if (/^(```|~~~)/.test(line.trim())) inFence = !inFence
		if (!inFence && /^# /.test(line)) {
			problems.push({ file, line: lineNumber, message: 'use ## headings for sections; the module title comes from the front matter' })
		}
		// Inline code (`ssh <user>@host`) shows tags as text, so it is not raw HTML.
		if (!inFence && RAW_HTML.test(line.replace(/`[^`]*`/g, ''))) {
			problems.push({ file, line: lineNumber, message: 'raw HTML is not allowed in modules (it is not rendered); use markdown' })
		}
		if (!inFence && line.startsWith('## ')) {
			if (current) sections.push(finish(current))
			current = { title: line.slice(3).trim(), lines: [] }
			return
		}
		if (!current) {
			if (line.trim() === '') return
			current = { title: 'Introduction', lines: [] }
		}
		current.lines.push(line)
	})
	if (current) sections.push(finish(current))
	if (sections.length === 0) problems.push({ file, line: bodyStartLine, message: 'the module has no content: add sections starting with ## headings' })
	return { sections, problems }
}

function finish({ title, lines }: { title: string; lines: string[] }): ModuleSection {
	return { title, markdown: lines.join('\n').trim() }
}
