import { type ManifestItem, type ScormManifest } from './manifest.server.ts'
import { type Completion, type Success } from './tracking.ts'

export type TocEntry = {
	identifier: string
	title: string
	/** Set when the entry launches a SCO. */
	launchable: boolean
	children: TocEntry[]
}

/** The table of contents a learner sees: hidden items (isvisible="false") and everything under them left out. */
export function tableOfContents(manifest: ScormManifest): TocEntry[] {
	const launchable = new Set(manifest.scos.map((sco) => sco.item.identifier))
	const toEntries = (items: ManifestItem[]): TocEntry[] =>
		items.filter((item) => item.isVisible).map((item) => ({ identifier: item.identifier, title: item.title, launchable: launchable.has(item.identifier), children: toEntries(item.children) }))
	return toEntries(manifest.organization.items)
}

/** The SCOs a learner can reach, in tree order: these decide whether the package is complete. */
export function visibleScos(manifest: ScormManifest) {
	const visible = new Set<string>()
	const collect = (entries: TocEntry[]) => entries.forEach((entry) => (entry.launchable && visible.add(entry.identifier), collect(entry.children)))
	collect(tableOfContents(manifest))
	return manifest.scos.filter((sco) => visible.has(sco.item.identifier))
}

export type ItemProgress = { completion: Completion; success: Success }

const isDone = (progress: ItemProgress | undefined) => progress?.completion === 'completed' || progress?.success === 'passed'

/**
 * Evaluates a SCORM 1.2 `adlcp:prerequisites` expression of item identifiers joined by & (and),
 * | (or), ~ (not) and parentheses. Returns null for syntax it does not understand (such as the
 * n*{...} set form), so an unreadable rule never locks a learner out.
 */
export function prerequisitesMet(expression: string | null, progress: Map<string, ItemProgress>): boolean | null {
	if (!expression?.trim()) return true
	const tokens = expression.match(/[()&|~]|[^\s()&|~]+/g) ?? []
	let position = 0
	const peek = () => tokens[position]
	function factor(): boolean {
		const token = tokens[position++]
		if (token === '~') return !factor()
		if (token === '(') {
			const value = disjunction()
			if (tokens[position++] !== ')') throw new SyntaxError('unclosed parenthesis')
			return value
		}
		if (token === undefined || /[)&|{},*]/.test(token)) throw new SyntaxError(`unexpected ${token ?? 'end'}`)
		return isDone(progress.get(token))
	}
	function conjunction(): boolean {
		let value = factor()
		while (peek() === '&') {
			position++
			value = factor() && value
		}
		return value
	}
	function disjunction(): boolean {
		let value = conjunction()
		while (peek() === '|') {
			position++
			value = conjunction() || value
		}
		return value
	}
	try {
		const value = disjunction()
		return position === tokens.length ? value : null
	} catch {
		return null
	}
}
