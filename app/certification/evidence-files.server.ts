import { createHash } from 'node:crypto'
import { visiblePeopleFilter, type SessionUser } from '#app/auth/permissions.server.ts'
import { prisma, type Db, type DbTransaction } from '#app/utils/db.server.ts'
import { EVIDENCE_FILE_MAX_BYTES, EVIDENCE_FILE_TOO_LARGE } from './award-fields.ts'

/**
 * Evidence files for manual awards: PDF, PNG or JPEG, as the bytes say (a declared type is a
 * claim, not a fact), stored once per SHA-256 however many awards cite them.
 */

export const evidenceMediaTypes = ['application/pdf', 'image/png', 'image/jpeg'] as const
export type EvidenceMediaType = (typeof evidenceMediaTypes)[number]

const signatures: Array<{ mediaType: EvidenceMediaType; magic: number[] }> = [
	{ mediaType: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
	{ mediaType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
	{ mediaType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
]

// What browsers and mail clients also call these types; an empty or generic type claims nothing.
const declaredAliases: Record<string, EvidenceMediaType | 'unknown'> = {
	'': 'unknown',
	'application/octet-stream': 'unknown',
	'application/pdf': 'application/pdf',
	'application/x-pdf': 'application/pdf',
	'image/png': 'image/png',
	'image/jpeg': 'image/jpeg',
	'image/jpg': 'image/jpeg',
	'image/pjpeg': 'image/jpeg',
}

/** The evidence type the bytes begin with, or null when they are none of them. */
export function sniffEvidenceType(bytes: Uint8Array): EvidenceMediaType | null {
	return signatures.find(({ magic }) => magic.every((byte, i) => bytes[i] === byte))?.mediaType ?? null
}

export class EvidenceFileError extends Error {
	override name = 'EvidenceFileError'
}

export type CheckedEvidenceFile = { sha256: string; mediaType: EvidenceMediaType; size: number; fileName: string; bytes: Uint8Array<ArrayBuffer> }

/** A display name without paths or control characters, at most 200 characters. */
function cleanFileName(name: string, mediaType: EvidenceMediaType) {
	const cleaned = (name.split(/[/\\]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(-200)
	return cleaned || `evidence.${mediaType === 'application/pdf' ? 'pdf' : mediaType === 'image/png' ? 'png' : 'jpg'}`
}

/** Reads and checks an uploaded file; throws EvidenceFileError with a message for the person uploading. */
export async function checkEvidenceFile(file: File): Promise<CheckedEvidenceFile> {
	if (file.size === 0) throw new EvidenceFileError('The evidence file is empty.')
	if (file.size > EVIDENCE_FILE_MAX_BYTES) throw new EvidenceFileError(EVIDENCE_FILE_TOO_LARGE)
	const bytes = new Uint8Array(await file.arrayBuffer())
	const mediaType = sniffEvidenceType(bytes)
	if (!mediaType) throw new EvidenceFileError('The evidence file is not a PDF, PNG or JPEG (its contents were checked, not only its name or type).')
	const declared = declaredAliases[file.type.toLowerCase()]
	if (declared === undefined || (declared !== 'unknown' && declared !== mediaType)) {
		throw new EvidenceFileError(`The evidence file's contents (${mediaType}) do not match the type it was sent as (${file.type}).`)
	}
	return { sha256: createHash('sha256').update(bytes).digest('hex'), mediaType, size: bytes.byteLength, fileName: cleanFileName(file.name, mediaType), bytes }
}

/** Stores the file unless a file with the same bytes is stored already; returns what the award cites. */
export async function storeEvidenceFile(tx: DbTransaction, { file, uploadedById, at }: { file: CheckedEvidenceFile; uploadedById: string; at: Date }) {
	const stored = await tx.evidenceFile.findUnique({ where: { sha256: file.sha256 }, select: { sha256: true } })
	if (!stored) {
		await tx.evidenceFile.create({
			data: { sha256: file.sha256, mediaType: file.mediaType, size: file.size, fileName: file.fileName, bytes: file.bytes, uploadedById, uploadedAt: at },
		})
	}
	return { sha256: file.sha256, fileName: file.fileName, mediaType: file.mediaType, size: file.size, alreadyStored: stored !== null }
}

/**
 * An evidence file for someone allowed to see it: those who may see the holder of an award
 * citing it (admins, and managers overseeing that person). Null otherwise, and when unknown.
 */
export function findEvidenceFileForViewer({ viewer, sha256 }: { viewer: SessionUser; sha256: string }, db: Db = prisma) {
	return db.evidenceFile.findFirst({
		where: { sha256, awards: { some: { person: visiblePeopleFilter(viewer) } } },
		select: { sha256: true, mediaType: true, size: true, fileName: true, bytes: true },
	})
}
