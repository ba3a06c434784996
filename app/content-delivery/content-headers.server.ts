/**
 * Headers on every content-origin response. Package scripts run here with what authoring tools
 * need (inline and eval'd script), so the policy bounds what they can reach: scripts and
 * connections to this origin only (a script from elsewhere could report results through the
 * runtime; fetch, XHR, beacons and forms could carry data off), framed only by the app and by
 * itself (wrappers nest SCO frames), no plugins. Images, media, fonts, styles and embedded frames
 * may come from https sites, as real courses embed videos and web fonts; none of them can reach
 * the runtime. Nothing here is readable from another origin, no referrer carries a capability URL
 * away, and no cookie is ever set.
 */
export function contentSecurityHeaders({ appOrigin, kind }: { appOrigin: string; kind: 'package' | 'wrapper' | 'data' }) {
	const policy = {
		package: [
			"default-src 'self'",
			"script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",
			"style-src 'self' 'unsafe-inline' https:",
			"img-src 'self' data: blob: https:",
			"media-src 'self' data: blob: https:",
			"font-src 'self' data: https:",
			"connect-src 'self'",
			"worker-src 'self' blob:",
			"frame-src 'self' https:",
			`frame-ancestors 'self' ${appOrigin}`,
			"form-action 'self'",
			"base-uri 'self'",
			"object-src 'none'",
		],
		wrapper: ["default-src 'none'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "connect-src 'self'", "frame-src 'self'", "img-src 'self'", `frame-ancestors ${appOrigin}`, "base-uri 'none'", "form-action 'none'"],
		data: ["default-src 'none'", "frame-ancestors 'none'"],
	}[kind]
	return {
		'Content-Security-Policy': policy.join('; '),
		'Cross-Origin-Resource-Policy': 'same-origin',
		'Referrer-Policy': 'no-referrer',
		'X-Content-Type-Options': 'nosniff',
	}
}
