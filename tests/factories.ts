import { hashPassword } from '#app/auth/password.server.ts'
import { sessionCookieFor } from '#app/auth/session.server.ts'
import { createOrgUnit } from '#app/org/org-units.server.ts'
import { createPerson, type Role } from '#app/people/people.server.ts'
import { prisma } from '#app/utils/db.server.ts'

export const TEST_PASSWORD = 'correct horse battery staple'
const testPasswordHash = hashPassword(TEST_PASSWORD)
const testActor = { type: 'system', id: 'test' } as const

/** Two business lines' worth of structure is not needed: one line, two regions, one team each. */
export async function createTestOrg() {
	await createOrgUnit({ code: 'BL', name: 'Test Business Line', kind: 'business_line' })
	for (const region of ['EMEA', 'NA']) {
		await createOrgUnit({ code: `BL-${region}`, name: `Test ${region}`, kind: 'region', parentCode: 'BL' })
		await createOrgUnit({ code: `BL-${region}-T1`, name: `Test ${region} Team 1`, kind: 'team', parentCode: `BL-${region}` })
	}
}

let nextNumber = 5000

/** Test people have been employed since long before any date the tests use, unless told otherwise. */
export const TEST_EMPLOYED_SINCE = new Date('2020-01-01T00:00:00Z')

export async function createTestPerson({
	roles = ['rep'],
	orgUnitCode = 'BL-EMEA-T1',
	managedUnitCodes = [],
	employedSince = TEST_EMPLOYED_SINCE,
	leftAt,
}: { roles?: Role[]; orgUnitCode?: string; managedUnitCodes?: string[]; employedSince?: Date; leftAt?: Date } = {}) {
	const number = nextNumber++
	const person = {
		employeeId: `TS-${number}`,
		name: `Test Person ${number}`,
		email: `test-${number}@example.com`,
		orgUnitCode,
		roles,
		managedUnitCodes,
		passwordHash: await testPasswordHash,
		employedSince,
		leftAt,
	}
	const created = await createPerson({ person, actor: testActor, at: new Date() })
	return { ...person, id: created.id }
}

const evidenceFileBytes = {
	pdf: '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
	png: '\x89PNG\r\n\x1a\n\0\0\0\rIHDR',
	jpeg: '\xff\xd8\xff\xe0\0\x10JFIF\0',
}

/** A small evidence file of the given kind: real magic bytes, or `text` for a file that is none of them. */
export function testEvidenceFile({ kind = 'pdf', name, type }: { kind?: keyof typeof evidenceFileBytes | 'text'; name?: string; type?: string } = {}) {
	const bytes = kind === 'text' ? Buffer.from('just some words pretending to be a certificate') : Buffer.from(evidenceFileBytes[kind], 'latin1')
	const mediaType = { pdf: 'application/pdf', png: 'image/png', jpeg: 'image/jpeg', text: 'application/pdf' }[kind]
	return new File([bytes], name ?? `certificate.${kind === 'text' ? 'pdf' : kind}`, { type: type ?? mediaType })
}

/** A Request carrying a fresh session for the person, as a browser would after signing in. */
export async function signedInRequest(personId: string, url: string, init: RequestInit = {}) {
	const expiresAt = new Date(Date.now() + 60 * 60 * 1000)
	const session = await prisma.session.create({ data: { personId, expiresAt }, select: { id: true } })
	const cookie = (await sessionCookieFor(new Request(url), session.id, expiresAt)).split(';')[0]!
	const headers = new Headers(init.headers)
	headers.set('Cookie', cookie)
	return new Request(url, { ...init, headers })
}

/** Runs a loader or action and returns the Response it threw or returned. */
export async function settle(run: () => Promise<unknown>): Promise<unknown> {
	try {
		return await run()
	} catch (thrown) {
		return thrown
	}
}
