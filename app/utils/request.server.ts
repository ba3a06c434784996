/** The client's address as the HTTP server saw it (set by the server; never from user input). */
export function clientIp(request: Request) {
	return request.headers.get('x-fieldready-client-ip')
}

/** Only same-site relative paths are accepted as a place to return to after signing in. */
export function safeRedirectPath(value: unknown, fallback: string) {
	if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) {
		return fallback
	}
	return value
}
