/** The start of the UTC calendar day `at` falls on. */
export const startOfUtcDay = (at: Date) => new Date(Math.floor(at.getTime() / 86_400_000) * 86_400_000)

/** Dates are shown as UTC calendar dates (YYYY-MM-DD): the same everywhere, as the API reports them. */
export function formatDate(value: Date | string | null | undefined) {
	if (!value) return '—'
	return new Date(value).toISOString().slice(0, 10)
}

export function formatDateTime(value: Date | string | null | undefined) {
	if (!value) return '—'
	return `${new Date(value).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}
