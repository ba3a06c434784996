const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * True when a browser sent a state-changing request from another site. SameSite=Lax cookies
 * already keep the session out of such posts; checking Fetch Metadata and Origin as well means a
 * cross-site form can never act as the signed-in user, even for sign-in itself.
 */
export function isCrossSiteWrite(
	{ method, headers }: { method: string; headers: { get(name: string): string | null } },
	expectedOrigin: string,
) {
	if (SAFE_METHODS.has(method.toUpperCase())) return false
	const fetchSite = headers.get('sec-fetch-site')
	if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') return true
	const origin = headers.get('origin')
	return origin !== null && origin !== expectedOrigin
}
