import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { sqliteFilePath } from '#app/utils/database-url.ts'
import { prisma, type Db, type DbTransaction } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { inspectScormPackage, type ScormManifest } from './manifest.server.ts'

export type StoredPackage = { id: string; title: string; scormVersion: string; manifest: ScormManifest; created: boolean }

/**
 * Where unpacked packages live: SCORM_STORAGE_DIR, else beside the database file, so a backup of
 * the data folder holds both.
 */
export function scormStorageDir() {
	const env = getEnv()
	return path.resolve(env.SCORM_STORAGE_DIR ?? path.join(path.dirname(sqliteFilePath(env.DATABASE_URL)), 'scorm-packages'))
}

export const packageDir = (packageId: string) => path.join(scormStorageDir(), packageId)

/** Unpacks into a scratch folder first, so a crash never leaves a half-written package under its final name. */
function unpack(packageId: string, files: Map<string, Uint8Array>) {
	const finalDir = packageDir(packageId)
	if (existsSync(finalDir)) return false
	const scratch = path.join(scormStorageDir(), `.incoming-${randomBytes(8).toString('hex')}`)
	try {
		for (const [name, bytes] of files) {
			if (name.endsWith('/')) continue
			const target = path.resolve(scratch, name)
			// The zip reader already refuses climbing names; this is the last line of defence.
			if (!target.startsWith(scratch + path.sep)) throw new Error(`refusing to write ${name} outside the package folder`)
			mkdirSync(path.dirname(target), { recursive: true })
			writeFileSync(target, bytes)
		}
		mkdirSync(scratch, { recursive: true })
		renameSync(scratch, finalDir)
		return true
	} catch (error) {
		rmSync(scratch, { recursive: true, force: true })
		// Another process stored the same package first: same hash, same files.
		if (existsSync(finalDir)) return false
		throw error
	}
}

const packageTitle = (manifest: ScormManifest) => manifest.organization.title || manifest.scos[0]?.item.title || manifest.identifier || 'Untitled package'

/**
 * The one importer for uploads and catalog packages: validates the zip (throwing a
 * ScormPackageError that names every problem), then stores it once per content hash. A rejected
 * package writes nothing.
 */
export async function storeScormPackage({ bytes, at }: { bytes: Uint8Array; at: Date }, db: Db | DbTransaction = prisma): Promise<StoredPackage> {
	const env = getEnv()
	const { manifest, files } = inspectScormPackage(bytes, { maxTotalBytes: env.SCORM_MAX_UNPACKED_BYTES })
	const id = createHash('sha256').update(bytes).digest('hex')
	const existing = await db.scormPackage.findUnique({ where: { id }, select: { id: true } })
	const wroteFiles = unpack(id, files)
	if (existing) return { id, title: packageTitle(manifest), scormVersion: manifest.version, manifest, created: false }
	try {
		await db.scormPackage.create({
			data: {
				id,
				scormVersion: manifest.version,
				title: packageTitle(manifest),
				manifest: JSON.stringify(manifest),
				fileCount: [...files.keys()].filter((name) => !name.endsWith('/')).length,
				totalBytes: [...files.values()].reduce((sum, file) => sum + file.byteLength, 0),
				importedAt: at,
			},
		})
	} catch (error) {
		if (wroteFiles) rmSync(packageDir(id), { recursive: true, force: true })
		throw error
	}
	return { id, title: packageTitle(manifest), scormVersion: manifest.version, manifest, created: true }
}

export async function readStoredManifest(packageId: string, db: Db | DbTransaction = prisma): Promise<ScormManifest> {
	const stored = await db.scormPackage.findUniqueOrThrow({ where: { id: packageId }, select: { manifest: true } })
	return JSON.parse(stored.manifest) as ScormManifest
}
