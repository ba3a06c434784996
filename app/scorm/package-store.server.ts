import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { databaseKind, sqliteFilePath } from '#app/utils/database-url.ts'
import { prisma, type Db, type DbTransaction } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { filesUnder } from '#app/utils/files-under.server.ts'
import { inspectScormPackage, parseManifestBytes, type LaunchableSco, type ManifestItem, type ScormManifest, type ScormOrganization } from './manifest.server.ts'
import { MANIFEST } from './manifest-xml.server.ts'
import { ScormPackageError } from './package-zip.server.ts'

/** `warnings`: what the package gets wrong that the import read around (the manifest's own). */
export type StoredPackage = { id: string; title: string; scormVersion: string; manifest: ScormManifest; warnings: string[]; created: boolean }

/**
 * The shape of the manifest JSON stored with a package. Rows stored before format 2 (no
 * sequencing, warnings or completion thresholds) are read again from their imsmanifest.xml.
 */
const MANIFEST_FORMAT = 2

const storedManifestJson = (manifest: ScormManifest) => JSON.stringify({ format: MANIFEST_FORMAT, ...manifest })

/**
 * Where unpacked packages live: SCORM_STORAGE_DIR, else beside the SQLite database file, so a
 * backup of the data folder holds both (on PostgreSQL, in development: data/scorm-packages).
 */
export function scormStorageDir() {
	const env = getEnv()
	const beside = databaseKind(env.DATABASE_URL) === 'sqlite' ? path.dirname(sqliteFilePath(env.DATABASE_URL)) : 'data'
	return path.resolve(env.SCORM_STORAGE_DIR ?? path.join(beside, 'scorm-packages'))
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
	const stored = { id, title: packageTitle(manifest), scormVersion: manifest.version, manifest, warnings: manifest.warnings }
	if (existing) return { ...stored, created: false }
	try {
		await db.scormPackage.create({
			data: {
				id,
				scormVersion: manifest.version,
				title: packageTitle(manifest),
				manifest: storedManifestJson(manifest),
				fileCount: [...files.keys()].filter((name) => !name.endsWith('/')).length,
				totalBytes: [...files.values()].reduce((sum, file) => sum + file.byteLength, 0),
				importedAt: at,
			},
		})
	} catch (error) {
		if (wroteFiles) rmSync(packageDir(id), { recursive: true, force: true })
		throw error
	}
	return { ...stored, created: true }
}

/** The package's imsmanifest.xml read again, against the files unpacked beside it. */
function rereadManifest(packageId: string) {
	const folder = packageDir(packageId)
	return parseManifestBytes(readFileSync(path.join(folder, MANIFEST)), new Set(filesUnder(folder)))
}

type OldItem = Omit<ManifestItem, 'completionThreshold' | 'children'> & { hasSequencing?: boolean; children: OldItem[] }
type OldManifest = Omit<ScormManifest, 'organization' | 'scos' | 'sequencing' | 'warnings'> & {
	organization: Omit<ScormOrganization, 'items'> & { items: OldItem[] }
	scos: Array<Omit<LaunchableSco, 'item'> & { item: OldItem }>
}

const upgradeItem = ({ hasSequencing: _dropped, children, ...item }: OldItem): ManifestItem => ({ ...item, completionThreshold: null, children: children.map(upgradeItem) })

/**
 * An old row whose package can no longer be read (its folder is gone, or the reader now refuses
 * its manifest) keeps playing as it did before: without sequencing, and saying why.
 */
function upgradeWithoutRereading(old: OldManifest, reason: string): ScormManifest {
	return {
		...old,
		organization: { ...old.organization, items: old.organization.items.map(upgradeItem) },
		scos: old.scos.map((sco) => ({ ...sco, item: upgradeItem(sco.item) })),
		sequencing: null,
		warnings: [`${MANIFEST} could not be read again (${reason}), so this package plays without SCORM 2004 sequencing`],
	}
}

function upgradeStoredManifest(packageId: string, old: OldManifest) {
	try {
		return { manifest: rereadManifest(packageId), reread: true }
	} catch (error) {
		const missing = error instanceof Error && 'code' in error && error.code === 'ENOENT'
		if (!(error instanceof ScormPackageError) && !missing) throw error
		const reason = error instanceof ScormPackageError ? error.problems.join('; ') : `the package folder has no ${MANIFEST}`
		return { manifest: upgradeWithoutRereading(old, reason), reread: false }
	}
}

/** The manifest stored with a package, in today's shape whenever it was stored. */
export async function readStoredManifest(packageId: string, db: Db | DbTransaction = prisma): Promise<ScormManifest> {
	const stored = await db.scormPackage.findUniqueOrThrow({ where: { id: packageId }, select: { manifest: true } })
	const { format, ...manifest } = JSON.parse(stored.manifest) as (ScormManifest | OldManifest) & { format?: number }
	if (format === MANIFEST_FORMAT) return manifest as ScormManifest
	const upgraded = upgradeStoredManifest(packageId, manifest as OldManifest)
	// Stored once, so the manifest is read again only the first time.
	if (upgraded.reread) await db.scormPackage.update({ where: { id: packageId }, data: { manifest: storedManifestJson(upgraded.manifest) } })
	return upgraded.manifest
}
