/**
 * Employment as periods: a person is employed from `startedAt` until `endedAt` (exclusive; null
 * while the period is open). Pure functions of the periods and an instant, shared by the server
 * (eligibility, manual awards) and the person page.
 */

export type EmploymentSpan = { startedAt: Date; endedAt: Date | null }

const DAY_MS = 86_400_000

const covers = (period: EmploymentSpan, t: number) => period.startedAt.getTime() <= t && (period.endedAt === null || t < period.endedAt.getTime())

/** The period covering instant `at`, or null when the person was not employed then. */
export function employmentAt<Period extends EmploymentSpan>(periods: readonly Period[], at: Date): Period | null {
	const t = at.getTime()
	return periods.find((period) => covers(period, t)) ?? null
}

/** Whether the person was employed at instant `at`. */
export function employedAt(periods: readonly EmploymentSpan[], at: Date) {
	return employmentAt(periods, at) !== null
}

/**
 * Whether the person was employed at some moment of the UTC calendar day starting at `day` (a
 * date such as a course's completion date, which names a day rather than an instant).
 */
export function employedOnDay(periods: readonly EmploymentSpan[], day: Date) {
	const start = day.getTime()
	const end = start + DAY_MS
	return periods.some((period) => period.startedAt.getTime() < end && (period.endedAt === null || period.endedAt.getTime() > start))
}

/** The latest period, open or not: the one whose end `Person.leftAt` mirrors. */
export function latestEmployment<Period extends EmploymentSpan>(periods: readonly Period[]): Period | null {
	return [...periods].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime()).at(-1) ?? null
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10)

/** The periods in words, oldest first: "2020-01-01 to 2026-03-01, since 2026-06-01". */
export function describeEmployment(periods: readonly EmploymentSpan[]) {
	if (periods.length === 0) return 'no employment recorded'
	const ordered = [...periods].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())
	return ordered.map((p) => (p.endedAt ? `${isoDay(p.startedAt)} to ${isoDay(p.endedAt)}` : `since ${isoDay(p.startedAt)}`)).join(', ')
}
