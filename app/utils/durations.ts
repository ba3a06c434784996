/** "1 h 05 min", "12 min", "45 s": time spent, for people. */
export function formatTimeSpent(seconds: number) {
	const whole = Math.round(seconds)
	if (whole < 60) return `${whole} s`
	const minutes = Math.floor(whole / 60)
	if (minutes < 60) return `${minutes} min`
	return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`
}
