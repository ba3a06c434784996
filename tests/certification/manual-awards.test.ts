import { createHash } from 'node:crypto'
import { strFromU8, unzipSync } from 'fflate'
import { beforeAll, describe, expect, test } from 'vitest'
import { getOptionalUser } from '#app/auth/permissions.server.ts'
import { EVIDENCE_FILE_MAX_BYTES } from '#app/certification/award-fields.ts'
import { AwardRuleError, issueManualAward } from '#app/certification/awards.server.ts'
import { deactivatePerson, reactivatePerson } from '#app/people/people.server.ts'
import { buildEvidencePack } from '#app/readiness/evidence-pack.server.ts'
import { loader as evidenceFileLoader } from '#app/routes/manage+/evidence-files.$sha256.tsx'
import { action as personAction } from '#app/routes/manage+/people.$employeeId.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { syncCatalog } from '#tests/catalog-utils.ts'
import { createTestOrg, createTestPerson, settle, signedInRequest, testEvidenceFile } from '#tests/factories.ts'

const base = 'http://localhost'
const iso = (value: string) => new Date(value)
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const bytesOf = async (file: File) => new Uint8Array(await file.arrayBuffer())

type Person = Awaited<ReturnType<typeof createTestPerson>>
let admin: Person
let emeaManager: Person
let naManager: Person

beforeAll(async () => {
	await createTestOrg()
	await syncCatalog()
	admin = await createTestPerson({ roles: ['admin'], orgUnitCode: 'BL' })
	emeaManager = await createTestPerson({ roles: ['manager'], orgUnitCode: 'BL-EMEA', managedUnitCodes: ['BL-EMEA'] })
	naManager = await createTestPerson({ roles: ['manager'], orgUnitCode: 'BL-NA', managedUnitCodes: ['BL-NA'] })
})

const note = 'Classroom course by the OEM, certificate 123'
const award = (rep: { employeeId: string }, { completedOn = '2026-06-20', evidenceFile = testEvidenceFile(), by = admin, at = iso('2026-07-01T12:00:00Z') }: { completedOn?: string; evidenceFile?: File; by?: { id: string }; at?: Date } = {}) =>
	issueManualAward({ input: { employeeId: rep.employeeId, certificationCode: 'CERT-A', evidenceNote: note, completedOn, evidenceFile }, actor: { type: 'person', id: by.id }, at })

/** What a refused award must not leave behind. */
const stored = async () => ({ awards: await prisma.certificationAward.count(), files: await prisma.evidenceFile.count(), audit: await prisma.auditEvent.count({ where: { action: 'certification.awarded_manually' } }) })

async function refusal(run: () => Promise<unknown>) {
	const before = await stored()
	const error = await run().then(
		() => null,
		(thrown: unknown) => thrown,
	)
	expect(await stored()).toEqual(before)
	return error
}

describe('manual awards are refused, with a message for the field and nothing stored', () => {
	test('a completion date before employment, between two periods or in the future', async () => {
		const rep = await createTestPerson({ employedSince: iso('2025-03-10T14:00:00Z') })
		expect(await refusal(() => award(rep, { completedOn: '2025-03-09' }))).toMatchObject({ field: 'completedOn', message: `2025-03-09 is outside ${rep.employeeId}'s employment (since 2025-03-10): training counts only if completed while employed.` })
		await deactivatePerson({ personId: rep.id, leftAt: iso('2025-09-01T00:00:00Z'), reason: 'Left', actor: { type: 'system', id: 'test' }, at: iso('2025-09-01T00:00:00Z') })
		await reactivatePerson({ personId: rep.id, startedAt: iso('2026-01-05T00:00:00Z'), reason: 'Rehired', actor: { type: 'system', id: 'test' }, at: iso('2026-01-05T00:00:00Z') })
		expect(await refusal(() => award(rep, { completedOn: '2025-11-15' }))).toMatchObject({ field: 'completedOn', message: expect.stringContaining('(2025-03-10 to 2025-09-01, since 2026-01-05)') })
		expect(await refusal(() => award(rep, { completedOn: '2025-09-01' }))).toBeInstanceOf(AwardRuleError) // left at the day's first instant
		expect(await refusal(() => award(rep, { completedOn: '2026-07-02' }))).toMatchObject({ field: 'completedOn', message: 'The completion date cannot be in the future.' })
		// The day they joined, the last day of the first period and a day of the second all count (each recorded the next day, while still valid).
		for (const completedOn of ['2025-03-10', '2025-08-31', '2026-01-05']) await award(rep, { completedOn, at: new Date(iso(completedOn).getTime() + 86_400_000) })
	})

	test('no file, a file that is not a PDF, PNG or JPEG, one whose bytes contradict its type, one over 10 MB', async () => {
		const rep = await createTestPerson()
		const noFile = await refusal(() => award(rep, { evidenceFile: null as unknown as File }))
		expect(noFile).toMatchObject({ issues: [expect.objectContaining({ path: ['evidenceFile'], message: 'Attach the evidence: a PDF, PNG or JPEG file of at most 10 MB.' })] })
		expect(await refusal(() => award(rep, { evidenceFile: testEvidenceFile({ kind: 'text' }) }))).toMatchObject({ field: 'evidenceFile', message: expect.stringMatching(/not a PDF, PNG or JPEG/) })
		expect(await refusal(() => award(rep, { evidenceFile: testEvidenceFile({ kind: 'text', name: 'photo.png', type: 'image/png' }) }))).toMatchObject({ field: 'evidenceFile' })
		expect(await refusal(() => award(rep, { evidenceFile: testEvidenceFile({ kind: 'png', type: 'application/pdf' }) }))).toMatchObject({ field: 'evidenceFile', message: expect.stringMatching(/contents \(image\/png\) do not match the type it was sent as \(application\/pdf\)/) })
		expect(await refusal(() => award(rep, { evidenceFile: testEvidenceFile({ kind: 'pdf', type: 'text/html' }) }))).toMatchObject({ field: 'evidenceFile' })
		const huge = new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]), new Uint8Array(EVIDENCE_FILE_MAX_BYTES)], 'scan.pdf', { type: 'application/pdf' })
		expect(await refusal(() => award(rep, { evidenceFile: huge }))).toMatchObject({ issues: [expect.objectContaining({ path: ['evidenceFile'], message: 'The evidence file is larger than 10 MB.' })] })
	})

	test('an admin awarding themself', async () => {
		const otherAdmin = await createTestPerson({ roles: ['admin'], orgUnitCode: 'BL' })
		expect(await refusal(() => award(otherAdmin, { by: otherAdmin }))).toMatchObject({ field: null, message: 'You cannot award a certification to yourself: another administrator must record it.' })
	})
})

describe('accepted awards cite their evidence file, stored once', () => {
	test('the file is stored by its SHA-256 and named in the award and its audit event; the same file again is reused', async () => {
		const rep = await createTestPerson()
		const other = await createTestPerson()
		const file = testEvidenceFile({ kind: 'jpeg', name: 'attendance sheet.jpg' })
		const hash = sha256(await bytesOf(file))
		const first = await award(rep, { evidenceFile: file })
		const second = await award(other, { evidenceFile: testEvidenceFile({ kind: 'jpeg', name: 'copy.jpg' }) })
		expect(await prisma.evidenceFile.findMany({ where: { sha256: hash } })).toEqual([
			{ sha256: hash, mediaType: 'image/jpeg', size: file.size, fileName: 'attendance sheet.jpg', bytes: await bytesOf(file), uploadedById: admin.id, uploadedAt: iso('2026-07-01T12:00:00Z') },
		])
		for (const { id } of [first, second]) expect(await prisma.certificationAward.findUniqueOrThrow({ where: { id }, select: { evidenceFileSha256: true } })).toEqual({ evidenceFileSha256: hash })
		const details = async (awardId: string) => JSON.parse((await prisma.auditEvent.findFirstOrThrow({ where: { action: 'certification.awarded_manually', subjectId: awardId } })).details) as { evidenceFile: { sha256: string; alreadyStored: boolean } }
		expect((await details(first.id)).evidenceFile).toEqual({ sha256: hash, fileName: 'attendance sheet.jpg', mediaType: 'image/jpeg', size: file.size, alreadyStored: false })
		expect((await details(second.id)).evidenceFile).toMatchObject({ sha256: hash, fileName: 'copy.jpg', alreadyStored: true })
		expect(JSON.parse((await prisma.certificationAward.findUniqueOrThrow({ where: { id: first.id } })).evidence)).toEqual({ completedOn: '2026-06-20T00:00:00.000Z', evidenceFile: { sha256: hash, fileName: 'attendance sheet.jpg', mediaType: 'image/jpeg', size: file.size } })
	})

	test('the evidence pack lists the file’s hash and name, not its bytes', async () => {
		const rep = await createTestPerson()
		const file = testEvidenceFile({ kind: 'png', name: 'pack-certificate.png' })
		const issued = await award(rep, { evidenceFile: file })
		const viewer = (await getOptionalUser(await signedInRequest(admin.id, `${base}/`)))!
		const pack = (await buildEvidencePack({ viewer, scope: { employeeId: rep.employeeId }, at: new Date() }))!
		const files = unzipSync(pack.bytes)
		const awards = JSON.parse(strFromU8(files['awards.json']!)) as Array<{ awardId: string; evidenceFile: unknown }>
		expect(awards.find((a) => a.awardId === issued.id)?.evidenceFile).toEqual({ sha256: sha256(await bytesOf(file)), fileName: 'pack-certificate.png', mediaType: 'image/png', size: file.size })
		expect(Object.keys(files).filter((name) => name.endsWith('.png'))).toEqual([])
	})
})

describe('through the person page (multipart)', () => {
	const today = () => new Date().toISOString().slice(0, 10)
	const form = (fields: Record<string, string | File>) => {
		const body = new FormData()
		for (const [name, value] of Object.entries(fields)) body.append(name, value)
		return body
	}
	const post = async (viewerId: string, employeeId: string, body: FormData) =>
		settle(async () => personAction({ request: await signedInRequest(viewerId, `${base}/manage/people/${employeeId}`, { method: 'POST', body }), params: { employeeId }, context: {} }))
	type Answer = { data: { admin: { result: { error?: Record<string, string[]> }; done: string | null } }; init: { status: number } | null }

	test('an admin uploads the evidence with the award; refusals come back next to the field', async () => {
		const rep = await createTestPerson()
		const fields = { intent: 'manual-award', certificationCode: 'CERT-A', completedOn: today(), evidenceNote: note }
		const noFile = (await post(admin.id, rep.employeeId, form(fields))) as Answer
		expect(noFile.init?.status).toBe(400)
		expect(noFile.data.admin.result.error).toEqual({ evidenceFile: ['Attach the evidence: a PDF, PNG or JPEG file of at most 10 MB.'] })
		const notPdf = (await post(admin.id, rep.employeeId, form({ ...fields, evidenceFile: testEvidenceFile({ kind: 'text' }) }))) as Answer
		expect(notPdf.data.admin.result.error?.evidenceFile?.[0]).toMatch(/not a PDF, PNG or JPEG/)
		const tooLarge = (await post(admin.id, rep.employeeId, form({ ...fields, evidenceFile: new File([new Uint8Array(EVIDENCE_FILE_MAX_BYTES + 1)], 'big.pdf', { type: 'application/pdf' }) }))) as Answer
		expect(tooLarge.data.admin.result.error).toEqual({ evidenceFile: ['The evidence file is larger than 10 MB.'] })
		const beforeEmployment = (await post(admin.id, rep.employeeId, form({ ...fields, completedOn: '2019-12-31', evidenceFile: testEvidenceFile() }))) as Answer
		expect(beforeEmployment.data.admin.result.error?.completedOn?.[0]).toMatch(/^2019-12-31 is outside/)
		expect(await prisma.certificationAward.count({ where: { personId: rep.id } })).toBe(0)

		const evidence = testEvidenceFile({ kind: 'png', name: 'route-certificate.png' })
		const done = (await post(admin.id, rep.employeeId, form({ ...fields, evidenceFile: evidence }))) as Answer
		expect(done.data.admin.done).toMatch(/CERT-A awarded/)
		expect(await prisma.certificationAward.findFirstOrThrow({ where: { personId: rep.id }, select: { source: true, evidenceFileSha256: true } })).toEqual({ source: 'manual', evidenceFileSha256: sha256(await bytesOf(evidence)) })
	})

	test('only an admin may upload', async () => {
		const rep = await createTestPerson()
		const body = form({ intent: 'manual-award', certificationCode: 'CERT-A', completedOn: today(), evidenceNote: note, evidenceFile: testEvidenceFile() })
		expect(((await post(emeaManager.id, rep.employeeId, body)) as Response).status).toBe(403)
		expect(await prisma.certificationAward.count({ where: { personId: rep.id } })).toBe(0)
	})
})

describe('downloading an evidence file', () => {
	let hash: string
	let rep: Person
	// Bytes of its own, so that the name it is stored under is this one.
	const file = new File(['%PDF-1.7\n% the download test\n%%EOF\n'], 'Zertifikat "Müller".pdf', { type: 'application/pdf' })

	beforeAll(async () => {
		rep = await createTestPerson({ orgUnitCode: 'BL-EMEA-T1' })
		await award(rep, { evidenceFile: file })
		hash = sha256(await bytesOf(file))
	})
	const download = async (viewerId: string | null, sha = hash) => {
		const url = `${base}/manage/evidence-files/${sha}`
		const request = viewerId ? await signedInRequest(viewerId, url) : new Request(url)
		return (await settle(() => evidenceFileLoader({ request, params: { sha256: sha }, context: {} }))) as Response
	}

	test('a manager overseeing the holder gets the bytes as an attachment that is never sniffed or cached', async () => {
		const response = await download(emeaManager.id)
		expect(response.status).toBe(200)
		expect(new Uint8Array(await response.arrayBuffer())).toEqual(await bytesOf(file))
		expect(Object.fromEntries(['Content-Type', 'Content-Disposition', 'X-Content-Type-Options', 'Cache-Control'].map((name) => [name, response.headers.get(name)]))).toEqual({
			'Content-Type': 'application/pdf',
			'Content-Disposition': `attachment; filename="Zertifikat _M_ller_.pdf"; filename*=UTF-8''Zertifikat%20%22M%C3%BCller%22.pdf`,
			'X-Content-Type-Options': 'nosniff',
			'Cache-Control': 'private, no-store',
		})
		expect((await download(admin.id)).status).toBe(200)
	})

	test('a manager of another region gets 404, as for an unknown file; a rep 403; a visitor is sent to sign in', async () => {
		expect((await download(naManager.id)).status).toBe(404)
		expect((await download(emeaManager.id, 'a'.repeat(64))).status).toBe(404)
		expect((await download(emeaManager.id, 'not-a-hash')).status).toBe(404)
		expect((await download(rep.id)).status).toBe(403)
		const anonymous = await download(null)
		expect(anonymous.status).toBe(302)
		expect(anonymous.headers.get('Location')).toBe(`/login?redirectTo=${encodeURIComponent(`/manage/evidence-files/${hash}`)}`)
	})
})

describe('a manual award never stacks', () => {
	const awardsOf = (personId: string) => prisma.certificationAward.findMany({ where: { personId }, orderBy: { issuedAt: 'asc' }, select: { id: true, issuedAt: true, expiresAt: true } })

	test('the same award submitted five times at once is one award, recorded and audited once', async () => {
		const rep = await createTestPerson()
		const results = await Promise.all(Array.from({ length: 5 }, () => award(rep, { evidenceFile: testEvidenceFile({ kind: 'png' }) })))
		const awards = await awardsOf(rep.id)
		expect(awards).toEqual([{ id: expect.any(String), issuedAt: iso('2026-07-01T12:00:00Z'), expiresAt: iso('2027-06-20T00:00:00Z') }])
		expect(new Set(results.map((r) => r.id))).toEqual(new Set([awards[0]!.id]))
		expect(results.filter((r) => !r.alreadyRecorded)).toHaveLength(1)
		expect(await prisma.auditEvent.count({ where: { action: 'certification.awarded_manually', subjectId: awards[0]!.id } })).toBe(1)
	})

	test('newer training outside the renewal window runs from its own date; older training cannot renew; inside the window a renewal extends from the old expiry', async () => {
		const rep = await createTestPerson()
		await award(rep, { completedOn: '2026-06-20', at: iso('2026-07-01T12:00:00Z') })
		const older = await refusal(() => award(rep, { completedOn: '2026-06-01', evidenceFile: testEvidenceFile({ kind: 'png' }), at: iso('2026-07-02T12:00:00Z') }))
		expect(older).toMatchObject({ field: 'completedOn', message: 'Training completed on 2026-06-01 is older than the CERT-A award in force (issued 2026-07-01), so it cannot renew it.' })

		const newer = await award(rep, { completedOn: '2026-08-01', evidenceFile: testEvidenceFile({ kind: 'png' }), at: iso('2026-08-02T12:00:00Z') })
		expect(newer.expiresAt).toEqual(iso('2027-08-01T00:00:00Z'))

		// CERT-A: 12 months, a 30-day renewal window; the award in force expires 2027-08-01, so the window opens 2027-07-02.
		const renewal = await award(rep, { completedOn: '2027-07-10', evidenceFile: testEvidenceFile({ kind: 'jpeg' }), at: iso('2027-07-12T12:00:00Z') })
		expect(renewal.expiresAt).toEqual(iso('2028-08-01T00:00:00Z'))
		expect((await awardsOf(rep.id)).map((a) => a.expiresAt)).toEqual([iso('2027-06-20T00:00:00Z'), iso('2027-08-01T00:00:00Z'), iso('2028-08-01T00:00:00Z')])
	})

	test('training whose validity has run out, or a suspended certification, is refused', async () => {
		const rep = await createTestPerson()
		const stale = await refusal(() => award(rep, { completedOn: '2025-06-01', at: iso('2026-07-01T12:00:00Z') }))
		expect(stale).toMatchObject({ field: 'completedOn', message: 'Training completed on 2025-06-01 was valid for 12 months, until 2026-06-01: it can no longer be recorded as an award.' })
	})
})
