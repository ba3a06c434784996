import { Inflate } from 'fflate'

/** A package we refuse to import; `problems` lists every reason found, each naming its entry. */
export class ScormPackageError extends Error {
	override name = 'ScormPackageError'
	constructor(readonly problems: string[]) {
		super(problems.length === 1 ? problems[0] : `The package has ${problems.length} problems:\n${problems.map((p) => `- ${p}`).join('\n')}`)
	}
}

export type ZipLimits = {
	maxEntries: number
	maxTotalBytes: number
	maxCompressionRatio: number
	/** Entries (and archives) unpacking to no more than this are small enough that any ratio is harmless. */
	ratioCheckAboveBytes: number
}

export const defaultZipLimits: ZipLimits = {
	maxEntries: 10_000,
	maxTotalBytes: 1024 ** 3,
	maxCompressionRatio: 100,
	ratioCheckAboveBytes: 1024 ** 2,
}

type ZipEntry = {
	name: string
	rawName: Uint8Array
	validName: boolean
	isDirectory: boolean
	flags: number
	method: number
	crc: number
	compressedSize: number
	size: number
	externalAttributes: number
	localHeaderOffset: number
}

type CentralDirectory = { entryCount: number; offset: number; size: number; end: number }

const END_OF_CENTRAL_DIRECTORY = 0x06054b50
const ZIP64_END_OF_CENTRAL_DIRECTORY = 0x06064b50
const ZIP64_LOCATOR = 0x07064b50
const CENTRAL_HEADER = 0x02014b50
const LOCAL_HEADER = 0x04034b50
const ZIP64_EXTRA = 0x0001
const ENCRYPTED = 0x0001 | 0x0040
const AES_METHOD = 99
const STORED = 0
const DEFLATED = 8
const MAX_U32 = 0xffffffff
// Feeding deflate input in small slices bounds what one push can produce (at most ~1032 x the slice)
// before the size checks in the data handler get to run.
const INFLATE_SLICE_BYTES = 16 * 1024

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const latin1 = new TextDecoder('latin1')
const count = (n: number) => n.toLocaleString('en')
const quote = (name: string) => JSON.stringify(name)

/** Bounds-checked little-endian reads: any read past the end means a truncated or corrupt archive. */
function byteReader(bytes: Uint8Array) {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
	const need = (offset: number, length: number, what: string) => {
		if (offset < 0 || offset + length > bytes.length) {
			throw new ScormPackageError([`the archive is truncated or corrupt: ${what} (bytes ${count(offset)} to ${count(offset + length)}) lies beyond its end (${count(bytes.length)} bytes)`])
		}
	}
	return {
		need,
		u16: (offset: number) => view.getUint16(offset, true),
		u32: (offset: number) => view.getUint32(offset, true),
		u64: (offset: number) => view.getUint32(offset, true) + view.getUint32(offset + 4, true) * 2 ** 32,
		slice: (offset: number, length: number) => bytes.subarray(offset, offset + length),
	}
}

type ByteReader = ReturnType<typeof byteReader>

function findEndRecord(bytes: Uint8Array, read: ByteReader) {
	const lowest = Math.max(0, bytes.length - 22 - 0xffff)
	for (let at = bytes.length - 22; at >= lowest; at--) {
		// A signature inside the archive comment is not the record unless the comment length fits.
		if (read.u32(at) === END_OF_CENTRAL_DIRECTORY && at + 22 + read.u16(at + 20) <= bytes.length) return at
	}
	const startsLikeZip = bytes.length >= 4 && read.u32(0) === LOCAL_HEADER
	throw new ScormPackageError([
		startsLikeZip
			? 'the archive is truncated: it starts like a zip file but has no end-of-central-directory record'
			: 'the file is not a zip archive (no end-of-central-directory record found)',
	])
}

function readZip64EndRecord(read: ByteReader, endRecord: number): CentralDirectory {
	read.need(endRecord - 20, 20, 'the zip64 end-of-central-directory locator')
	if (read.u32(endRecord - 20) !== ZIP64_LOCATOR) throw new ScormPackageError(['the archive is corrupt: its end record points to a zip64 record that is missing'])
	const at = read.u64(endRecord - 12)
	read.need(at, 56, 'the zip64 end-of-central-directory record')
	if (read.u32(at) !== ZIP64_END_OF_CENTRAL_DIRECTORY) throw new ScormPackageError(['the archive is corrupt: its zip64 end-of-central-directory record is missing'])
	return { entryCount: read.u64(at + 32), size: read.u64(at + 40), offset: read.u64(at + 48), end: at }
}

function locateCentralDirectory(bytes: Uint8Array, read: ByteReader): CentralDirectory {
	const at = findEndRecord(bytes, read)
	if (read.u16(at + 4) !== 0 || read.u16(at + 6) !== 0) throw new ScormPackageError(['the archive is split across several files (multi-disk zip), which is not supported'])
	const entryCount = read.u16(at + 10)
	const size = read.u32(at + 12)
	const offset = read.u32(at + 16)
	const directory = entryCount === 0xffff || size === MAX_U32 || offset === MAX_U32 ? readZip64EndRecord(read, at) : { entryCount, size, offset, end: at }
	if (directory.offset + directory.size > directory.end) {
		throw new ScormPackageError([`the archive is truncated or corrupt: its central directory (${count(directory.size)} bytes at offset ${count(directory.offset)}) overlaps its end record`])
	}
	return directory
}

/** Sizes and the offset that did not fit in 32 bits live, in this order, in the zip64 extra field. */
function applyZip64Extra(read: ByteReader, entry: ZipEntry, extraStart: number, extraLength: number) {
	const wanted = (['size', 'compressedSize', 'localHeaderOffset'] as const).filter((field) => entry[field] === MAX_U32)
	if (wanted.length === 0) return
	for (let at = extraStart; at + 4 <= extraStart + extraLength; at += 4 + read.u16(at + 2)) {
		if (read.u16(at) !== ZIP64_EXTRA) continue
		if (read.u16(at + 2) < wanted.length * 8 || at + 4 + wanted.length * 8 > extraStart + extraLength) break
		wanted.forEach((field, index) => (entry[field] = read.u64(at + 4 + index * 8)))
		return
	}
	throw new ScormPackageError([`the archive is corrupt: entry ${quote(entry.name)} declares zip64 sizes but has no zip64 extra field for them`])
}

function readCentralEntry(read: ByteReader, at: number, index: number): { entry: ZipEntry; next: number } {
	read.need(at, 46, `central directory entry ${index + 1}`)
	if (read.u32(at) !== CENTRAL_HEADER) throw new ScormPackageError([`the archive is corrupt: central directory entry ${index + 1} has no valid header`])
	const nameLength = read.u16(at + 28)
	const extraLength = read.u16(at + 30)
	const commentLength = read.u16(at + 32)
	read.need(at + 46, nameLength + extraLength + commentLength, `the name of central directory entry ${index + 1}`)
	const rawName = read.slice(at + 46, nameLength)
	const name = decodeName(rawName)
	const entry: ZipEntry = {
		name: name ?? latin1.decode(rawName),
		rawName,
		validName: name !== null,
		isDirectory: (name ?? '').endsWith('/'),
		flags: read.u16(at + 8),
		method: read.u16(at + 10),
		crc: read.u32(at + 16),
		compressedSize: read.u32(at + 20),
		size: read.u32(at + 24),
		externalAttributes: read.u32(at + 38),
		localHeaderOffset: read.u32(at + 42),
	}
	applyZip64Extra(read, entry, at + 46 + nameLength, extraLength)
	return { entry, next: at + 46 + nameLength + extraLength + commentLength }
}

// Names not flagged as UTF-8 are nominally code page 437, but every current tool writes UTF-8;
// a name that is not valid UTF-8 could never match a manifest href, so it is rejected instead.
function decodeName(raw: Uint8Array) {
	try {
		return utf8.decode(raw)
	} catch {
		return null
	}
}

function readCentralDirectory(read: ByteReader, directory: CentralDirectory): ZipEntry[] {
	const entries: ZipEntry[] = []
	let at = directory.offset
	for (let index = 0; index < directory.entryCount; index++) {
		const { entry, next } = readCentralEntry(read, at, index)
		if (next > directory.offset + directory.size) throw new ScormPackageError([`the archive is corrupt: central directory entry ${index + 1} (${quote(entry.name)}) runs past the end of the central directory`])
		entries.push(entry)
		at = next
	}
	// Tools that walk the directory by size would see entries that a count-based reader never checks.
	if (at !== directory.offset + directory.size) throw new ScormPackageError([`the archive is corrupt: its central directory holds more than the ${count(directory.entryCount)} entries its end record declares`])
	return entries
}

function nameProblem(entry: ZipEntry): string | null {
	const { name } = entry
	if (!entry.validName) return `entry ${quote(name)} has a name that is not valid UTF-8`
	if (name === '') return 'an entry has an empty name'
	if (name.includes('\0')) return `entry ${quote(name)} has a NUL character in its name`
	if (/^([/\\]|[A-Za-z]:)/.test(name)) return `entry ${quote(name)} has an absolute path`
	if (name.includes('\\')) return `entry ${quote(name)} has a backslash in its name (zip paths use "/")`
	const segments = (entry.isDirectory ? name.slice(0, -1) : name).split('/')
	if (segments.includes('..')) return `entry ${quote(name)} has a ".." path segment`
	// "a/./b" and "a//b" are other spellings of "a/b", which would slip past the duplicate check.
	if (segments.some((segment) => segment === '.' || segment === '')) return `entry ${quote(name)} has an empty or "." path segment`
	return null
}

function kindProblem(entry: ZipEntry): string | null {
	const { name, flags, method, externalAttributes } = entry
	if (flags & ENCRYPTED || method === AES_METHOD) return `entry ${quote(name)} is encrypted`
	// The high 16 bits of the external attributes are the Unix mode (written by Unix and macOS tools).
	// Windows reparse points (DOS attribute 0x400) are not checked: Explorer stores that bit for
	// OneDrive placeholders, and no Windows extractor turns it back into a link.
	const fileType = (externalAttributes >>> 16) & 0o170000
	if (fileType === 0o120000) return `entry ${quote(name)} is a symbolic link`
	if (fileType !== 0 && fileType !== 0o100000 && fileType !== 0o040000) return `entry ${quote(name)} is a special file (Unix file type 0o${fileType.toString(8)}), not a regular file`
	if (!entry.isDirectory && method !== STORED && method !== DEFLATED) return `entry ${quote(name)} uses compression method ${method}; only stored (0) and deflate (8) are supported`
	return null
}

function collisionProblems(entries: ZipEntry[]) {
	const problems: string[] = []
	const seen = new Map<string, number>()
	for (const { name } of entries) seen.set(name, (seen.get(name) ?? 0) + 1)
	for (const [name, times] of seen) if (times > 1) problems.push(`entry ${quote(name)} appears ${times} times in the archive`)
	for (const { name, isDirectory } of entries) {
		if (isDirectory) continue
		const folders = name.split('/').slice(0, -1)
		const clash = folders.map((_, depth) => folders.slice(0, depth + 1).join('/')).find((folder) => seen.has(folder))
		if (clash !== undefined) problems.push(`entry ${quote(clash)} is a file, but entry ${quote(name)} uses it as a folder`)
	}
	return problems
}

function ratioOf(size: number, compressedSize: number) {
	return size / Math.max(compressedSize, 1)
}

function sizeProblems(files: ZipEntry[], limits: ZipLimits) {
	const problems: string[] = []
	for (const { name, size, compressedSize } of files) {
		const ratio = ratioOf(size, compressedSize)
		if (size > limits.ratioCheckAboveBytes && ratio > limits.maxCompressionRatio) {
			problems.push(`entry ${quote(name)} expands ${Math.round(ratio)}:1 (${count(compressedSize)} to ${count(size)} bytes), more than the ${limits.maxCompressionRatio}:1 allowed`)
		}
	}
	const total = files.reduce((sum, file) => sum + file.size, 0)
	const largest = files.reduce<ZipEntry | undefined>((big, file) => (big && big.size >= file.size ? big : file), undefined)
	const largestText = largest ? ` (largest entry: ${quote(largest.name)}, ${count(largest.size)} bytes)` : ''
	if (total > limits.maxTotalBytes) problems.push(`the package unpacks to ${count(total)} bytes, more than the limit of ${count(limits.maxTotalBytes)}${largestText}`)
	const compressedTotal = files.reduce((sum, file) => sum + file.compressedSize, 0)
	const archiveRatio = ratioOf(total, compressedTotal)
	if (total > limits.ratioCheckAboveBytes && archiveRatio > limits.maxCompressionRatio) {
		problems.push(`the archive as a whole expands ${Math.round(archiveRatio)}:1 (${count(compressedTotal)} to ${count(total)} bytes), more than the ${limits.maxCompressionRatio}:1 allowed${largestText}`)
	}
	return problems
}

function sameBytes(a: Uint8Array, b: Uint8Array) {
	return a.length === b.length && a.every((byte, index) => byte === b[index])
}

type Located = { entry: ZipEntry; dataStart: number; dataEnd: number }

/** Finds each entry's data through its local header, which must agree with the central directory. */
function locateEntryData(read: ByteReader, entries: ZipEntry[], directory: CentralDirectory) {
	const problems: string[] = []
	const located: Located[] = []
	for (const entry of entries) {
		const at = entry.localHeaderOffset
		read.need(at, 30, `the local header of entry ${quote(entry.name)}`)
		if (read.u32(at) !== LOCAL_HEADER) {
			problems.push(`entry ${quote(entry.name)} has no local header at offset ${count(at)} (archive truncated or corrupt)`)
			continue
		}
		const nameLength = read.u16(at + 26)
		const dataStart = at + 30 + nameLength + read.u16(at + 28)
		read.need(at + 30, nameLength, `the local name of entry ${quote(entry.name)}`)
		const localName = read.slice(at + 30, nameLength)
		// Tools that read local headers and tools that read the central directory must see the same archive.
		if (!sameBytes(localName, entry.rawName)) problems.push(`entry ${quote(entry.name)} is named ${quote(decodeName(localName) ?? latin1.decode(localName))} in its local header`)
		else if (read.u16(at + 6) & ENCRYPTED) problems.push(`entry ${quote(entry.name)} is encrypted (according to its local header)`)
		else if (dataStart + entry.compressedSize > directory.offset) problems.push(`entry ${quote(entry.name)} has data running past the start of the central directory (archive truncated or corrupt)`)
		else located.push({ entry, dataStart, dataEnd: dataStart + entry.compressedSize })
	}
	return { located, problems: [...problems, ...overlapProblems(located)] }
}

// Entries sharing compressed bytes are the "overlapping files" zip bomb; honest archives never do it.
function overlapProblems(located: Located[]) {
	const byOffset = [...located].sort((a, b) => a.entry.localHeaderOffset - b.entry.localHeaderOffset)
	return byOffset.slice(1).flatMap((current, index) => {
		const previous = byOffset[index]!
		return current.entry.localHeaderOffset < previous.dataEnd ? [`entries ${quote(previous.entry.name)} and ${quote(current.entry.name)} overlap in the archive`] : []
	})
}

const crcTable = Uint32Array.from({ length: 256 }, (_, n) => {
	let c = n
	for (let bit = 0; bit < 8; bit++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
	return c >>> 0
})

function crc32(data: Uint8Array) {
	let crc = MAX_U32
	for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8)
	return (crc ^ MAX_U32) >>> 0
}

/**
 * Inflates into a buffer of the declared size and stops as soon as the data outgrows it: the declared
 * sizes were checked against the limits, so capping every entry at its declared size caps the total.
 */
function inflateEntry(compressed: Uint8Array, entry: ZipEntry) {
	const tooBig = () => new ScormPackageError([`entry ${quote(entry.name)} unpacks to more than its declared ${count(entry.size)} bytes`])
	if (entry.method === STORED) {
		if (compressed.length > entry.size) throw tooBig()
		return compressed.slice()
	}
	const out = new Uint8Array(entry.size)
	let written = 0
	const inflater = new Inflate((chunk) => {
		if (written + chunk.length > out.length) throw tooBig()
		out.set(chunk, written)
		written += chunk.length
	})
	try {
		for (let at = 0; at < compressed.length || at === 0; at += INFLATE_SLICE_BYTES) {
			inflater.push(compressed.subarray(at, at + INFLATE_SLICE_BYTES), at + INFLATE_SLICE_BYTES >= compressed.length)
		}
	} catch (error) {
		if (error instanceof ScormPackageError) throw error
		throw new ScormPackageError([`entry ${quote(entry.name)} is corrupt: ${error instanceof Error ? error.message : String(error)}`])
	}
	return out.subarray(0, written)
}

function extractEntry(bytes: Uint8Array, { entry, dataStart, dataEnd }: Located) {
	const data = inflateEntry(bytes.subarray(dataStart, dataEnd), entry)
	if (data.length !== entry.size) throw new ScormPackageError([`entry ${quote(entry.name)} unpacks to ${count(data.length)} bytes, not its declared ${count(entry.size)}`])
	if (crc32(data) !== entry.crc) throw new ScormPackageError([`entry ${quote(entry.name)} is corrupt: its content does not match its CRC-32`])
	return data
}

function throwIfAny(problems: string[]) {
	if (problems.length > 0) throw new ScormPackageError(problems)
}

/**
 * Reads a SCORM package zip into memory, refusing anything unsafe or suspicious: every size, name
 * and flag is checked from the central directory before a byte is inflated, and inflating stops
 * as soon as an entry outgrows what it declared. Folder entries are skipped.
 */
export function readPackageZip(bytes: Uint8Array, limits: Partial<ZipLimits> = {}): { files: Map<string, Uint8Array> } {
	const limit = { ...defaultZipLimits, ...limits }
	const read = byteReader(bytes)
	const directory = locateCentralDirectory(bytes, read)
	if (directory.entryCount > limit.maxEntries) throw new ScormPackageError([`the archive has ${count(directory.entryCount)} entries, more than the limit of ${count(limit.maxEntries)}`])
	const entries = readCentralDirectory(read, directory)
	const files = entries.filter((entry) => !entry.isDirectory)
	throwIfAny([
		...entries.flatMap((entry) => nameProblem(entry) ?? kindProblem(entry) ?? []),
		...collisionProblems(entries),
		...sizeProblems(files, limit),
	])
	const { located, problems } = locateEntryData(read, files, directory)
	throwIfAny(problems)
	return { files: new Map(located.map((item) => [item.entry.name, extractEntry(bytes, item)])) }
}
