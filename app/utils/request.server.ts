/** The client's address as the HTTP server saw it (set by the server; never from user input). */
export function clientIp(request: Request) {
	return request.headers.get('x-fieldready-client-ip')
}

/** Only same-site relative paths are accepted as a place to return to after signing in. */
export function safeRedirectPath(value: unknown, fallback: string) {
	// Browsers drop tabs and newlines from URLs, so "/\t/evil.example" would become "//evil.example": refuse any control character or space outright.
	if (typeof value !== 'string' || value.length > 2000 || !value.startsWith('/') || value.startsWith('//') || /[\u0000-\u0020\u007f-\u009f\\]/.test(value)) return fallback
	const base = 'http://same-origin.invalid'
	const url = new URL(value, base)
	return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : fallback
}
