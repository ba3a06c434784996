/**
 * Headers on every content-origin response. Package scripts run here with whatever the policy
 * allows authoring tools (inline and eval'd script), so the policy bounds where they can reach:
 * this origin only, framed only by the app and by itself (wrappers nest SCO frames), no plugins.
 * Nothing here is readable from another origin, no referrer carries a capability URL away, and
 * no cookie is ever set.
 */
export function contentSecurityHeaders({ appOrigin, kind }: { appOrigin: string; kind: 'package' | 'wrapper' | 'data' }) {
	const policy = {
		package: [
			"default-src 'self'",
			"script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",
			"style-src 'self' 'unsafe-inline'",
			"img-src 'self' data: blob:",
			"media-src 'self' data: blob:",
			"font-src 'self' data:",
			"connect-src 'self'",
			"worker-src 'self' blob:",
			"frame-src 'self'",
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
