/** Where an item launches: the resource's href under its xml:base folders, with the item's parameters. */

type Href = { path: string; query: string; fragment: string }

function splitHref(href: string): Href {
	const [beforeFragment = '', ...fragment] = href.split('#')
	const [path = '', ...query] = beforeFragment.split('?')
	return { path, query: query.join('?'), fragment: fragment.join('#') }
}

/**
 * Applies the item's `parameters` as the SCORM CAM says: leading '?' and '&' are dropped, a
 * '#fragment' is used only when the href has none, and the rest joins the href's query.
 */
function applyParameters(href: Href, parameters: string | null): Href {
	if (!parameters) return href
	const extra = parameters.replace(/^[?&]+/, '')
	const hashAt = extra.indexOf('#')
	const extraQuery = hashAt === -1 ? extra : extra.slice(0, hashAt)
	const extraFragment = hashAt === -1 ? '' : extra.slice(hashAt + 1)
	return { path: href.path, query: [href.query, extraQuery].filter(Boolean).join('&'), fragment: href.fragment || extraFragment }
}

const formatHref = ({ path, query, fragment }: Href) => `${path}${query ? `?${query}` : ''}${fragment ? `#${fragment}` : ''}`

/** Folds "." and ".." into a path relative to the package root; null when it climbs out of the package. */
function normalisePath(path: string) {
	const segments: string[] = []
	for (const segment of path.split('/')) {
		if (segment === '..') {
			if (segments.pop() === undefined) return null
		} else if (segment !== '.' && segment !== '') segments.push(segment)
	}
	return segments.join('/') + (path.endsWith('/') ? '/' : '')
}

/** `launchHref` is relative to the package root; `file` is the zip entry it opens. */
export type LaunchTarget = { launchHref: string; file: string } | { problem: string; external: boolean }

const isExternal = (part: string) => /^[a-z][a-z\d+.-]*:/i.test(part) || part.startsWith('//')

// xml:base in SCORM names a folder (the CAM's examples all end in "/"); a base written without the
// slash is still taken as a folder rather than silently replaced by the href, as URL rules would.
export function resolveLaunch(bases: Array<string | null>, resourceHref: string, parameters: string | null): LaunchTarget {
	const parts = [...bases, resourceHref].filter((part): part is string => Boolean(part))
	const joined = parts.map((part, index) => (index < parts.length - 1 && !part.endsWith('/') ? `${part}/` : part)).join('')
	if (parts.some(isExternal)) return { problem: `launches the external URL ${JSON.stringify(joined)}`, external: true }
	const href = splitHref(joined)
	const path = parts.some((part) => part.startsWith('/')) ? null : normalisePath(href.path)
	if (path === null || path === '') return { problem: `has the launch path ${JSON.stringify(href.path)}, which is not inside the package`, external: false }
	try {
		return { launchHref: formatHref(applyParameters({ ...href, path }, parameters)), file: decodeURIComponent(path) }
	} catch {
		return { problem: `has the launch path ${JSON.stringify(href.path)}, which is not valid URL encoding`, external: false }
	}
}

export function missingFileProblem(file: string, files: Set<string>) {
	const sameButCase = [...files].find((name) => name.toLowerCase() === file.toLowerCase())
	return `which is not in the package${sameButCase ? ` (the package has ${JSON.stringify(sameButCase)}; names are case-sensitive)` : ''}`
}
