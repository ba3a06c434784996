import { useEffect, useState } from 'react'
import { formatDateTime } from '#app/utils/dates.ts'

const localFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' })

/**
 * A moment in the reader's own time zone. The server cannot know it, so the page is rendered in
 * UTC and the browser rewrites it once hydrated; the machine-readable instant stays in `dateTime`.
 */
export function LocalTime({ value }: { value: Date | string }) {
	const iso = new Date(value).toISOString()
	const [text, setText] = useState(() => formatDateTime(iso))
	useEffect(() => setText(localFormat.format(new Date(iso))), [iso])
	return <time dateTime={iso}>{text}</time>
}
