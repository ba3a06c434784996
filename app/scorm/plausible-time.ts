/**
 * A SCORM result is only as good as the time behind it: a course finished faster than anyone could
 * read it proves nothing. Each SCORM module has a minimum plausible time; without one given, it is
 * half the estimated time. 0 turns the check off (for reference material, where time means nothing).
 */
export const minimumMinutesField = { min: 0, max: 240 } as const

export function minimumMinutesFor({ minimumMinutes, estimatedMinutes }: { minimumMinutes?: number | null; estimatedMinutes: number }) {
	return minimumMinutes ?? Math.ceil(estimatedMinutes / 2)
}

/** Minutes from an attempt's start to its completion on the server's clock, to a tenth (what the audit row records). */
export const minutesTaken = ({ startedAt, finishedAt }: { startedAt: Date; finishedAt: Date }) => Math.round((finishedAt.getTime() - startedAt.getTime()) / 6_000) / 10

/** The same in whole minutes, for people: "about N minutes", never 0. */
export const wholeMinutesTaken = (span: { startedAt: Date; finishedAt: Date }) => Math.max(1, Math.round(minutesTaken(span)))

/** Measured on the server's clock, from the attempt's start to the moment its completion arrived. */
export function finishedTooFast({ startedAt, at, minimumMinutes }: { startedAt: Date; at: Date; minimumMinutes: number }) {
	return at.getTime() - startedAt.getTime() < minimumMinutes * 60_000
}
