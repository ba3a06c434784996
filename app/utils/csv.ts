/**
 * One CSV cell, quoted when it must be. A cell a spreadsheet would run as a formula (leading
 * =, +, -, @, tab or carriage return) gets a leading apostrophe, so an exported name or reason
 * cannot execute.
 */
export function csvCell(value: string) {
	const formula = /^[=+\-@\t\r]/.test(value)
	if (!formula && !/[",\n\r]/.test(value)) return value
	return `"${(formula ? `'${value}` : value).replace(/"/g, '""')}"`
}

/** A CSV document (CRLF line ends, as RFC 4180 and spreadsheets expect) from a header and rows. */
export function csvDocument(header: readonly string[], rows: ReadonlyArray<readonly string[]>) {
	return `${[header, ...rows].map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`
}
