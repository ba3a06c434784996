import { createReadStream, statSync } from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { packageDir } from './package-store.server.ts'

const contentTypes: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.htm': 'text/html; charset=utf-8',
	'.xhtml': 'application/xhtml+xml',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json',
	'.xml': 'application/xml',
	'.xsd': 'application/xml',
	'.txt': 'text/plain; charset=utf-8',
	'.vtt': 'text/vtt',
	'.png': 'image/png',
	'.jpg': 'image/jpeg',
	'.jpeg': 'image/jpeg',
	'.gif': 'image/gif',
	'.svg': 'image/svg+xml',
	'.webp': 'image/webp',
	'.ico': 'image/x-icon',
	'.mp3': 'audio/mpeg',
	'.m4a': 'audio/mp4',
	'.wav': 'audio/wav',
	'.ogg': 'audio/ogg',
	'.mp4': 'video/mp4',
	'.webm': 'video/webm',
	'.woff': 'font/woff',
	'.woff2': 'font/woff2',
	'.ttf': 'font/ttf',
	'.otf': 'font/otf',
	'.pdf': 'application/pdf',
	'.swf': 'application/x-shockwave-flash',
}

/**
 * Package scripts run in FieldReady's origin (a SCO finds the runtime by walking window.parent,
 * which needs the same origin), so this policy bounds what they can reach: only this origin, no
 * plugins, no framing by other sites. Inline and eval'd script stay allowed because authoring
 * tools' output depends on them.
 */
export const PACKAGE_CONTENT_SECURITY_POLICY = [
	"default-src 'self'",
	"script-src 'self' 'unsafe-inline' 'unsafe-eval'",
	"style-src 'self' 'unsafe-inline'",
	"img-src 'self' data: blob:",
	"media-src 'self' data: blob:",
	"font-src 'self' data:",
	"connect-src 'self'",
	"frame-src 'self'",
	"frame-ancestors 'self'",
	"form-action 'self'",
	"base-uri 'self'",
	"object-src 'none'",
].join('; ')

const PACKAGE_ID = /^[0-9a-f]{64}$/

/** The stored file a package URL names, or null: never anything outside the package's folder. */
export function resolvePackageFile(packageId: string, relativePath: string) {
	if (!PACKAGE_ID.test(packageId) || relativePath.includes('\0')) return null
	const root = packageDir(packageId)
	const absolute = path.resolve(root, relativePath)
	if (!absolute.startsWith(root + path.sep)) return null
	try {
		const stat = statSync(absolute)
		if (!stat.isFile()) return null
		return { absolute, size: stat.size, contentType: contentTypes[path.extname(absolute).toLowerCase()] ?? 'application/octet-stream' }
	} catch {
		return null
	}
}

/** A stored package file as a response; content-addressed, so it never changes under its URL. */
export function packageFileResponse(file: NonNullable<ReturnType<typeof resolvePackageFile>>) {
	const body = Readable.toWeb(createReadStream(file.absolute)) as ReadableStream<Uint8Array>
	return new Response(body, {
		headers: {
			'Content-Type': file.contentType,
			'Content-Length': String(file.size),
			'Cache-Control': 'private, max-age=31536000, immutable',
			'Content-Security-Policy': PACKAGE_CONTENT_SECURITY_POLICY,
			'X-Content-Type-Options': 'nosniff',
		},
	})
}
