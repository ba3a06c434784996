import { type LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '#app/auth/permissions.server.ts'
import { findEvidenceFileForViewer } from '#app/certification/evidence-files.server.ts'

/** `filename` for old clients (ASCII, no quotes), `filename*` with the name as uploaded (RFC 6266). */
function attachment(fileName: string) {
	const ascii = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, '_')
	const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`
}

/** A manual award's evidence file, for those who may see the award's holder; a download, never shown inline. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const viewer = await requirePermission(request, 'view-readiness')
	const sha256 = params.sha256 ?? ''
	const file = /^[0-9a-f]{64}$/.test(sha256) ? await findEvidenceFileForViewer({ viewer, sha256 }) : null
	// Outside the viewer's units looks exactly like not existing, as on the person page.
	if (!file) throw new Response('No such evidence file for the people you manage.', { status: 404 })
	return new Response(file.bytes, {
		headers: {
			'Content-Type': file.mediaType,
			'Content-Length': String(file.size),
			'Content-Disposition': attachment(file.fileName),
			'X-Content-Type-Options': 'nosniff',
			'Cache-Control': 'private, no-store',
		},
	})
}
