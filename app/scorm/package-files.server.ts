import { statSync } from 'node:fs'
import path from 'node:path'
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
