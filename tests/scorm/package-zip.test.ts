import { strToU8, zipSync, type Zippable } from 'fflate'
import { describe, expect, test } from 'vitest'
import { readPackageZip, ScormPackageError, type ZipLimits } from '#app/scorm/package-zip.server.ts'
import { patchEndRecord, writeZip, type FixtureEntry } from './zip-fixtures.ts'

const MiB = 1024 * 1024
const text = (bytes: Uint8Array | undefined) => (bytes ? new TextDecoder().decode(bytes) : undefined)

/** The problems a rejected archive reports; fails the test when the archive is accepted or throws anything else. */
function problemsOf(bytes: Uint8Array, limits?: Partial<ZipLimits>) {
	try {
		readPackageZip(bytes, limits)
	} catch (error) {
		if (error instanceof ScormPackageError) return error.problems
		throw error
	}
	throw new Error('expected the archive to be rejected')
}

const zipOf = (files: Zippable) => zipSync(files)

/** Bytes deflate cannot shrink (a fixed-seed xorshift), to keep an archive's overall ratio honest. */
function noise(length: number) {
	let state = 0x9e3779b9
	return Uint8Array.from({ length }, () => {
		state ^= state << 13
		state ^= state >>> 17
		state ^= state << 5
		return state & 0xff
	})
}

describe('an acceptable archive', () => {
	test('gives every file with its content, deflated or stored, and skips folder entries', () => {
		const zip = zipOf({
			'imsmanifest.xml': strToU8('<manifest/>'),
			shared: { 'style.css': [strToU8('body { margin: 0 }'), { level: 0 }], 'empty.txt': new Uint8Array(0) },
			'sco 1': { 'index.html': strToU8('<h1>Lockout & tagout</h1>'.repeat(50)) },
		})
		const { files } = readPackageZip(zip)
		expect([...files.keys()].sort()).toEqual(['imsmanifest.xml', 'sco 1/index.html', 'shared/empty.txt', 'shared/style.css'])
		expect(text(files.get('shared/style.css'))).toBe('body { margin: 0 }')
		expect(text(files.get('sco 1/index.html'))).toBe('<h1>Lockout & tagout</h1>'.repeat(50))
		expect(files.get('shared/empty.txt')).toEqual(new Uint8Array(0))
	})

	test('reads the hand-written fixtures too, zip64 records included, so their rejections below are for the flaw alone', () => {
		const entries: FixtureEntry[] = [
			{ name: 'a.html', content: 'alpha'.repeat(100) },
			{ name: 'b/ü.txt', content: 'stored', method: 0, flags: 0x800 },
		]
		for (const zip of [writeZip(entries), writeZip(entries, { zip64: true })]) {
			const { files } = readPackageZip(zip)
			expect(text(files.get('a.html'))).toBe('alpha'.repeat(100))
			expect(text(files.get('b/ü.txt'))).toBe('stored')
		}
	})

	test('allows a large entry when its ratio is under the limit, and any ratio for a small one', () => {
		const small = new Uint8Array(MiB / 2)
		expect(readPackageZip(zipOf({ 'zeros.bin': small })).files.get('zeros.bin')).toHaveLength(MiB / 2)
		const large = zipOf({ 'zeros.bin': new Uint8Array(2 * MiB) })
		expect(readPackageZip(large, { maxCompressionRatio: 5000 }).files.get('zeros.bin')).toHaveLength(2 * MiB)
	})
})

describe('unsafe entry names', () => {
	test.each([
		['../evil.html', 'entry "../evil.html" has a ".." path segment'],
		['content/../../evil.html', 'entry "content/../../evil.html" has a ".." path segment'],
		['/etc/passwd', 'entry "/etc/passwd" has an absolute path'],
		['C:\\Windows\\evil.dll', 'entry "C:\\\\Windows\\\\evil.dll" has an absolute path'],
		['C:/evil.html', 'entry "C:/evil.html" has an absolute path'],
		['\\\\server\\share\\evil.html', 'entry "\\\\\\\\server\\\\share\\\\evil.html" has an absolute path'],
		['content\\evil.html', 'entry "content\\\\evil.html" has a backslash in its name (zip paths use "/")'],
		['content/evil\0.html', 'entry "content/evil\\u0000.html" has a NUL character in its name'],
		['content//index.html', 'entry "content//index.html" has an empty or "." path segment'],
		['./index.html', 'entry "./index.html" has an empty or "." path segment'],
	])('rejects %j', (name, message) => {
		expect(problemsOf(zipOf({ 'index.html': strToU8('ok'), [name]: strToU8('x') }))).toEqual([message])
	})

	test('rejects a name that is not UTF-8', () => {
		expect(problemsOf(writeZip([{ name: new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x6a, 0x73]), content: 'x' }]))).toEqual(['entry "café.js" has a name that is not valid UTF-8'])
	})

	test('rejects a name used twice, and a file that another entry uses as a folder', () => {
		expect(problemsOf(writeZip([{ name: 'index.html', content: 'one' }, { name: 'other.html' }, { name: 'index.html', content: 'two' }]))).toEqual([
			'entry "index.html" appears 2 times in the archive',
		])
		expect(problemsOf(zipOf({ content: strToU8('a file'), 'content/index.html': strToU8('x') }))).toEqual(['entry "content" is a file, but entry "content/index.html" uses it as a folder'])
	})

	test('rejects an entry whose local header gives another name than the central directory', () => {
		expect(problemsOf(writeZip([{ name: 'index.html', localName: '../index.html', content: 'x' }]))).toEqual(['entry "index.html" is named "../index.html" in its local header'])
	})
})

describe('entries that are not plain files', () => {
	test('rejects a symbolic link, found through the Unix mode in the external attributes', () => {
		const zip = zipOf({ 'index.html': strToU8('ok'), 'shared/passwd': [strToU8('/etc/passwd'), { os: 3, attrs: 0o120777 * 2 ** 16 }] })
		expect(problemsOf(zip)).toEqual(['entry "shared/passwd" is a symbolic link'])
	})

	test('rejects other special files', () => {
		expect(problemsOf(writeZip([{ name: 'pipe', externalAttributes: 0o010644 * 2 ** 16 }]))).toEqual(['entry "pipe" is a special file (Unix file type 0o10000), not a regular file'])
	})

	test('rejects encrypted entries, whether the central directory, the local header or the AES method says so', () => {
		expect(problemsOf(writeZip([{ name: 'a.html', content: 'x' }, { name: 'secret.html', content: 'x', flags: 0x1 }]))).toEqual(['entry "secret.html" is encrypted'])
		expect(problemsOf(writeZip([{ name: 'secret.html', content: 'x', method: 99 }]))).toEqual(['entry "secret.html" is encrypted'])
		expect(problemsOf(writeZip([{ name: 'secret.html', content: 'x', flags: 0, localFlags: 0x1 }]))).toEqual(['entry "secret.html" is encrypted (according to its local header)'])
	})

	test('rejects a compression method other than stored or deflate', () => {
		expect(problemsOf(writeZip([{ name: 'movie.mp4', content: 'x', method: 14 }]))).toEqual(['entry "movie.mp4" uses compression method 14; only stored (0) and deflate (8) are supported'])
	})

	test('reports every problem at once', () => {
		const problems = problemsOf(writeZip([{ name: '../a.html' }, { name: 'b.html', flags: 0x1 }, { name: 'c.html' }, { name: 'c.html' }]))
		expect(problems).toEqual(['entry "../a.html" has a ".." path segment', 'entry "b.html" is encrypted', 'entry "c.html" appears 2 times in the archive'])
	})
})

describe('size limits', () => {
	test('rejects more than 10,000 entries by default, and more than a configured number', () => {
		const many = Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`f/${i}.txt`, new Uint8Array(0)]))
		expect(problemsOf(zipOf(many))).toEqual(['the archive has 10,001 entries, more than the limit of 10,000'])
		expect(problemsOf(zipOf({ 'a.txt': strToU8('a'), 'b.txt': strToU8('b'), 'c.txt': strToU8('c') }), { maxEntries: 2 })).toEqual(['the archive has 3 entries, more than the limit of 2'])
	})

	test('rejects declared sizes over 1 GiB before inflating anything', () => {
		const zip = writeZip([{ name: 'a.html', content: 'small' }, { name: 'video.mp4', content: 'tiny', method: 0, declaredSize: 1024 ** 3 + 1, declaredCompressedSize: 4 }])
		// The ratio check fires too; what matters is that no inflating happened to find out.
		expect(problemsOf(zip)).toContain('the package unpacks to 1,073,741,830 bytes, more than the limit of 1,073,741,824 (largest entry: "video.mp4", 1,073,741,825 bytes)')
	})

	test('applies a configured total limit to honest sizes', () => {
		const zip = zipOf({ 'a.html': new Uint8Array(600).fill(65), 'b.html': new Uint8Array(600).fill(66) })
		expect(problemsOf(zip, { maxTotalBytes: 1000 })).toEqual(['the package unpacks to 1,200 bytes, more than the limit of 1,000 (largest entry: "a.html", 600 bytes)'])
		expect(readPackageZip(zip, { maxTotalBytes: 1200 }).files.size).toBe(2)
	})

	test('stops inflating an entry that outgrows its declared size', () => {
		const lying = { name: 'bomb.bin', content: new Uint8Array(8 * MiB), declaredSize: 10 }
		expect(problemsOf(writeZip([lying]), { maxTotalBytes: MiB })).toEqual(['entry "bomb.bin" unpacks to more than its declared 10 bytes'])
		expect(problemsOf(writeZip([{ ...lying, method: 0 }]))).toEqual(['entry "bomb.bin" unpacks to more than its declared 10 bytes'])
	})

	test('rejects an entry that unpacks to less than it declared', () => {
		expect(problemsOf(writeZip([{ name: 'short.html', content: 'abc', declaredSize: 5 }]))).toEqual(['entry "short.html" unpacks to 3 bytes, not its declared 5'])
	})

	test('rejects an entry over 1 MiB that expands more than 100:1', () => {
		// The video keeps the archive as a whole under 100:1, so only the entry's own ratio is at fault.
		const zip = zipOf({ 'video.mp4': noise(100 * 1024), 'zeros.bin': new Uint8Array(2 * MiB) })
		const [problem, ...others] = problemsOf(zip)
		expect(others).toEqual([])
		expect(problem).toMatch(/^entry "zeros\.bin" expands \d+:1 \([\d,]+ to 2,097,152 bytes\), more than the 100:1 allowed$/)
	})

	test('applies a configured ratio and size threshold', () => {
		const zip = zipOf({ 'page.html': strToU8('<p>Agree the patch window with the plant.</p>'.repeat(100)) })
		expect(readPackageZip(zip).files.size).toBe(1)
		const problems = problemsOf(zip, { maxCompressionRatio: 10, ratioCheckAboveBytes: 1000 })
		expect(problems).toHaveLength(2)
		expect(problems[0]).toMatch(/^entry "page\.html" expands \d+:1 \([\d,]+ to 4,500 bytes\), more than the 10:1 allowed$/)
		expect(problems[1]).toMatch(/^the archive as a whole expands \d+:1 /)
	})

	test('rejects an archive of small entries that together expand more than 100:1', () => {
		const zip = zipOf({ 'a.bin': new Uint8Array(600 * 1024), 'b.bin': new Uint8Array(700 * 1024), 'c.bin': new Uint8Array(600 * 1024) })
		const problems = problemsOf(zip)
		expect(problems).toHaveLength(1)
		expect(problems[0]).toMatch(/^the archive as a whole expands \d+:1 \([\d,]+ to 1,945,600 bytes\), more than the 100:1 allowed \(largest entry: "b\.bin", 716,800 bytes\)$/)
	})
})

describe('archives that are not zips, or broken ones', () => {
	test('rejects a file that is not a zip', () => {
		const notZip = ['the file is not a zip archive (no end-of-central-directory record found)']
		expect(problemsOf(strToU8('<html>this is a web page, not a package</html>'))).toEqual(notZip)
		expect(problemsOf(new Uint8Array(0))).toEqual(notZip)
	})

	test('rejects a truncated zip', () => {
		const zip = zipOf({ 'index.html': strToU8('<p>Isolate the controller before patching.</p>') })
		expect(problemsOf(zip.subarray(0, zip.length - 30))).toEqual(['the archive is truncated: it starts like a zip file but has no end-of-central-directory record'])
		expect(problemsOf(patchEndRecord(zip, 16, zip.length + 100))[0]).toMatch(/^the archive is truncated or corrupt: its central directory .* overlaps its end record$/)
	})

	test('rejects a central directory that is not where the end record says, and a multi-disk archive', () => {
		const zip = zipOf({ 'index.html': strToU8('<p>Log every change.</p>') })
		expect(problemsOf(patchEndRecord(zip, 16, 0))).toEqual(['the archive is corrupt: central directory entry 1 has no valid header'])
		expect(problemsOf(patchEndRecord(zip, 4, 1))).toEqual(['the archive is split across several files (multi-disk zip), which is not supported'])
	})

	test('rejects a central directory with more entries than its end record declares', () => {
		const zip = writeZip([{ name: 'index.html', content: 'x' }, { name: 'hidden.html', content: 'y' }])
		// Both 16-bit entry counts of the end record, written as one 32-bit field.
		expect(problemsOf(patchEndRecord(zip, 8, 1 + 2 ** 16))).toEqual(['the archive is corrupt: its central directory holds more than the 1 entries its end record declares'])
	})

	test('rejects an entry whose data does not match its CRC-32', () => {
		expect(problemsOf(writeZip([{ name: 'index.html', content: 'patched', crc: 0x12345678 }]))).toEqual(['entry "index.html" is corrupt: its content does not match its CRC-32'])
	})

	test('rejects an entry whose deflate stream is cut short', () => {
		const content = Array.from({ length: 2000 }, (_, i) => `line ${i}`).join('\n')
		const [problem] = problemsOf(writeZip([{ name: 'index.html', content, declaredCompressedSize: 100 }, { name: 'next.html', content: 'x' }]))
		expect(problem).toMatch(/^entry "index\.html" is corrupt: /)
	})

	test('rejects entries whose compressed data overlap (the overlapping-files zip bomb)', () => {
		const zip = writeZip([{ name: 'a.html', content: 'alpha', declaredCompressedSize: 40 }, { name: 'b.html', content: 'beta' }, { name: 'c.html', content: 'gamma' }])
		expect(problemsOf(zip)).toEqual(['entries "a.html" and "b.html" overlap in the archive'])
	})

	test('rejects an entry whose data runs into the central directory', () => {
		const zip = writeZip([{ name: 'a.html', content: 'alpha', declaredCompressedSize: 500 }])
		expect(problemsOf(zip)).toEqual(['entry "a.html" has data running past the start of the central directory (archive truncated or corrupt)'])
	})
})
