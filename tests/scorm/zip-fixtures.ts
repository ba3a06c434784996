import { deflateSync, gzipSync, strToU8 } from 'fflate'

/**
 * One entry for `writeZip`. The `declared*`, `crc`, `local*` and flag fields let a test write the
 * archives fflate's zipSync will not: lying sizes, encrypted flags, duplicate or mismatched names.
 */
export type FixtureEntry = {
	name: string | Uint8Array
	content?: string | Uint8Array
	method?: number
	flags?: number
	externalAttributes?: number
	declaredSize?: number
	declaredCompressedSize?: number
	crc?: number
	localName?: string
	localFlags?: number
}

const UNIX_HOST = 3 << 8

const bytesOf = (value: string | Uint8Array) => (typeof value === 'string' ? strToU8(value) : value)

/** The CRC-32 that gzip stores in its trailer: an independent check on the reader's own CRC code. */
export function crc32(data: Uint8Array) {
	const gzip = gzipSync(data, { level: 0 })
	return new DataView(gzip.buffer, gzip.byteOffset, gzip.byteLength).getUint32(gzip.length - 8, true)
}

class ByteWriter {
	private chunks: Uint8Array[] = []
	length = 0
	bytes(value: Uint8Array) {
		this.chunks.push(value)
		this.length += value.length
	}
	u16(value: number) {
		const chunk = new Uint8Array(2)
		new DataView(chunk.buffer).setUint16(0, value, true)
		this.bytes(chunk)
	}
	u32(value: number) {
		const chunk = new Uint8Array(4)
		new DataView(chunk.buffer).setUint32(0, value >>> 0, true)
		this.bytes(chunk)
	}
	u64(value: number) {
		this.u32(value % 2 ** 32)
		this.u32(Math.floor(value / 2 ** 32))
	}
	result() {
		const out = new Uint8Array(this.length)
		let at = 0
		for (const chunk of this.chunks) {
			out.set(chunk, at)
			at += chunk.length
		}
		return out
	}
}

type Written = { entry: FixtureEntry; name: Uint8Array; offset: number; crc: number; size: number; compressedSize: number }

function writeLocalEntry(out: ByteWriter, entry: FixtureEntry): Written {
	const name = bytesOf(entry.name)
	const content = bytesOf(entry.content ?? '')
	const method = entry.method ?? 8
	const data = method === 8 ? deflateSync(content) : content
	const written = {
		entry,
		name,
		offset: out.length,
		crc: entry.crc ?? crc32(content),
		size: entry.declaredSize ?? content.length,
		compressedSize: entry.declaredCompressedSize ?? data.length,
	}
	const localName = entry.localName === undefined ? name : strToU8(entry.localName)
	out.u32(0x04034b50)
	out.u16(20)
	out.u16(entry.localFlags ?? entry.flags ?? 0)
	out.u16(method)
	out.u32(0)
	out.u32(written.crc)
	out.u32(Math.min(written.compressedSize, 0xffffffff))
	out.u32(Math.min(written.size, 0xffffffff))
	out.u16(localName.length)
	out.u16(0)
	out.bytes(localName)
	out.bytes(data)
	return written
}

function writeCentralEntry(out: ByteWriter, { entry, name, offset, crc, size, compressedSize }: Written, zip64: boolean) {
	out.u32(0x02014b50)
	out.u16(UNIX_HOST | 20)
	out.u16(zip64 ? 45 : 20)
	out.u16(entry.flags ?? 0)
	out.u16(entry.method ?? 8)
	out.u32(0)
	out.u32(crc)
	out.u32(zip64 ? 0xffffffff : compressedSize)
	out.u32(zip64 ? 0xffffffff : size)
	out.u16(name.length)
	out.u16(zip64 ? 28 : 0)
	out.u16(0)
	out.u16(0)
	out.u16(0)
	out.u32(entry.externalAttributes ?? 0o100644 * 2 ** 16)
	out.u32(zip64 ? 0xffffffff : offset)
	out.bytes(name)
	if (zip64) {
		out.u16(0x0001)
		out.u16(24)
		out.u64(size)
		out.u64(compressedSize)
		out.u64(offset)
	}
}

function writeZip64End(out: ByteWriter, entryCount: number, directoryOffset: number, directorySize: number) {
	const recordOffset = out.length
	out.u32(0x06064b50)
	out.u64(44)
	out.u16(45)
	out.u16(45)
	out.u32(0)
	out.u32(0)
	out.u64(entryCount)
	out.u64(entryCount)
	out.u64(directorySize)
	out.u64(directoryOffset)
	out.u32(0x07064b50)
	out.u32(0)
	out.u64(recordOffset)
	out.u32(1)
}

/** A minimal zip writer; with `zip64`, every size and offset goes through the zip64 records. */
export function writeZip(entries: FixtureEntry[], { zip64 = false } = {}) {
	const out = new ByteWriter()
	const written = entries.map((entry) => writeLocalEntry(out, entry))
	const directoryOffset = out.length
	for (const item of written) writeCentralEntry(out, item, zip64)
	const directorySize = out.length - directoryOffset
	if (zip64) writeZip64End(out, entries.length, directoryOffset, directorySize)
	out.u32(0x06054b50)
	out.u16(0)
	out.u16(0)
	out.u16(zip64 ? 0xffff : entries.length)
	out.u16(zip64 ? 0xffff : entries.length)
	out.u32(zip64 ? 0xffffffff : directorySize)
	out.u32(zip64 ? 0xffffffff : directoryOffset)
	out.u16(0)
	return out.result()
}

/** Overwrites a little-endian 32-bit field of the end-of-central-directory record. */
export function patchEndRecord(zip: Uint8Array, fieldOffset: number, value: number) {
	const copy = zip.slice()
	const view = new DataView(copy.buffer)
	for (let at = copy.length - 22; at >= 0; at--) {
		if (view.getUint32(at, true) === 0x06054b50) {
			view.setUint32(at + fieldOffset, value, true)
			return copy
		}
	}
	throw new Error('no end-of-central-directory record to patch')
}
