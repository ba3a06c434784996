import { createHash } from 'node:crypto'
import { LineCounter, parseDocument, type Document } from 'yaml'
import { type z } from 'zod'
import { type CatalogProblem } from './catalog-schema.ts'

export const sha256 = (content: string) => createHash('sha256').update(content).digest('hex')

type Parsed<T> = { ok: true; value: T } | { ok: false; problems: CatalogProblem[] }

/** The 1-based line of the YAML node at `path`, or of its nearest ancestor that exists. */
function lineOf(doc: Document, lines: LineCounter, path: PropertyKey[], lineOffset: number) {
	for (let depth = path.length; depth >= 0; depth--) {
		const node = doc.getIn(path.slice(0, depth) as Array<string | number>, true) as { range?: [number, number, number] } | undefined
		if (node?.range) return lines.linePos(node.range[0]).line + lineOffset
	}
	return undefined
}

function describePath(path: PropertyKey[]) {
	return path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('').replace(/^\./, '')
}

/**
 * Parses YAML text and validates it, reporting every problem with its line. `lineOffset` places
 * front matter inside its markdown file.
 */
export function parseYaml<S extends z.ZodType>({ file, source, schema, lineOffset = 0 }: { file: string; source: string; schema: S; lineOffset?: number }): Parsed<z.infer<S>> {
	const lines = new LineCounter()
	const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false })
	if (doc.errors.length > 0) {
		return {
			ok: false,
			problems: doc.errors.map((error) => ({
				file,
				line: lines.linePos(error.pos[0]).line + lineOffset,
				message: `YAML syntax error: ${error.message.split('\n')[0]}`,
			})),
		}
	}
	const result = schema.safeParse(doc.toJS())
	if (result.success) return { ok: true, value: result.data }
	return {
		ok: false,
		problems: result.error.issues.map((issue) => ({
			file,
			line: lineOf(doc, lines, issue.path, lineOffset),
			message: issue.path.length ? `${describePath(issue.path)}: ${issue.message}` : issue.message,
		})),
	}
}

export type MarkdownParts = { frontMatter: string; body: string; bodyStartLine: number }

/** Splits `---` front matter from the markdown body. */
export function splitFrontMatter(source: string): MarkdownParts | null {
	const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source)
	if (!match) return null
	const frontMatter = match[1]!
	return { frontMatter, body: source.slice(match[0].length), bodyStartLine: match[0].split('\n').length }
}
