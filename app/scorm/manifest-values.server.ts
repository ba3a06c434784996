/**
 * Readers for the manifest's typed values. Each one reports a malformed value as a problem that
 * names its owner and the element ("item "intro": imsss:controlMode flow "yes" is not true or
 * false") and carries on with the default, so one pass finds every problem in the package.
 */
export type Report = { where: string; problems: string[] }

const decimal = /^[+-]?(\d+\.?\d*|\.\d+)$/

export function readDecimal<F extends number | null>(raw: string | undefined, { min, max, fallback, what }: { min: number; max: number; fallback: F; what: string }, report: Report): number | F {
	if (raw === undefined) return fallback
	const value = Number(raw.trim())
	if (decimal.test(raw.trim()) && value >= min && value <= max) return value
	report.problems.push(`${report.where}: ${what} ${JSON.stringify(raw)} is not a number from ${min} to ${max}`)
	return fallback
}

// xs:boolean allows 1 and 0 as well as true and false; authoring tools also write True.
export function readBoolean(raw: string | undefined, fallback: boolean, what: string, report: Report): boolean {
	if (raw === undefined) return fallback
	const value = raw.trim().toLowerCase()
	if (value === 'true' || value === '1') return true
	if (value === 'false' || value === '0') return false
	report.problems.push(`${report.where}: ${what} ${JSON.stringify(raw)} is not true or false`)
	return fallback
}

const attribute = (xml: object | undefined, name: string) => (xml as Partial<Record<string, string>> | undefined)?.[`@${name}`]

/** The boolean attributes `flags` names, each with its default when the element leaves it out. */
export function readFlags<D extends Record<string, boolean>>(xml: object | undefined, flags: D, element: string, report: Report) {
	return Object.fromEntries(Object.entries(flags).map(([name, fallback]) => [name, readBoolean(attribute(xml, name), fallback, `${element} ${name}`, report)])) as { [K in keyof D]: boolean }
}

/** One of the schema's tokens, matched without regard to case and spaces. */
export function readToken<T extends string>(raw: string | undefined, allowed: readonly T[], fallback: T, what: string, report: Report): T {
	if (raw === undefined) return fallback
	const normalise = (value: string) => value.replace(/\s+/g, '').toLowerCase()
	const found = allowed.find((token) => normalise(token) === normalise(raw))
	if (found !== undefined) return found
	report.problems.push(`${report.where}: ${what} ${JSON.stringify(raw)} is not one of ${allowed.join(', ')}`)
	return fallback
}

export function readCount<F extends number | null>(raw: string | undefined, fallback: F, what: string, report: Report): number | F {
	if (raw === undefined) return fallback
	if (/^\+?\d+$/.test(raw.trim())) return Number(raw.trim())
	report.problems.push(`${report.where}: ${what} ${JSON.stringify(raw)} is not a whole number of 0 or more`)
	return fallback
}

const xsDuration = /^-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/

export function readDuration(raw: string | undefined, what: string, report: Report): string | null {
	if (raw === undefined) return null
	if (xsDuration.test(raw.trim())) return raw.trim()
	report.problems.push(`${report.where}: ${what} ${JSON.stringify(raw)} is not a duration such as PT1H30M`)
	return null
}

/** A required attribute's value, or null after reporting its absence. */
export function requireAttribute(raw: string | undefined, { element, attribute }: { element: string; attribute: string }, report: Report): string | null {
	if (raw?.trim()) return raw.trim()
	report.problems.push(`${report.where}: ${element} has no ${attribute} attribute`)
	return null
}
