/**
 * A domain rule refused a request: the message says which rule, in plain words, and `field` names
 * the input it concerns (`performedOn`, `items.<id>`), or null for the request as a whole. Forms
 * show it next to that field; nothing was stored.
 */
export class RuleError extends Error {
	override name = 'RuleError'
	constructor(
		message: string,
		readonly field: string | null = null,
	) {
		super(message)
	}
}
