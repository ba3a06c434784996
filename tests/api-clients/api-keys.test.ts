import { beforeAll, describe, expect, test } from 'vitest'
import { authenticateApiKey, createApiClient, revokeApiClient } from '#app/api-clients/api-keys.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestOrg } from '#tests/factories.ts'

const admin = { type: 'system', id: 'test' } as const
const later = (at: Date, ms: number) => new Date(at.getTime() + ms)

beforeAll(createTestOrg)

describe('authenticating with a recently used key', () => {
	test('a key revoked in this process is refused at once, though it was just trusted', async () => {
		const at = new Date()
		const { key } = await createApiClient({ name: 'revoked here', actor: admin, at })
		expect(await authenticateApiKey(`Bearer ${key}`, at)).toMatchObject({ ok: true })
		await revokeApiClient({ name: 'revoked here', actor: admin, at: later(at, 1) })
		expect(await authenticateApiKey(`Bearer ${key}`, later(at, 2))).toEqual({ ok: false, reason: 'revoked' })
	})

	test('a key revoked by another process (the CLI) is refused once the one-second trust lapses', async () => {
		const at = new Date()
		const { key, client } = await createApiClient({ name: 'revoked elsewhere', actor: admin, at })
		expect(await authenticateApiKey(`Bearer ${key}`, at)).toMatchObject({ ok: true })
		await prisma.apiClient.update({ where: { id: client.id }, data: { revokedAt: later(at, 1) } })
		expect(await authenticateApiKey(`Bearer ${key}`, later(at, 999))).toMatchObject({ ok: true })
		expect(await authenticateApiKey(`Bearer ${key}`, later(at, 1_001))).toEqual({ ok: false, reason: 'revoked' })
	})

	test('a trusted key that expires is refused from its expiry', async () => {
		const at = new Date()
		const { key } = await createApiClient({ name: 'expiring', expiresAt: later(at, 500), actor: admin, at })
		expect(await authenticateApiKey(`Bearer ${key}`, at)).toMatchObject({ ok: true })
		expect(await authenticateApiKey(`Bearer ${key}`, later(at, 500))).toEqual({ ok: false, reason: 'expired' })
	})

	test('use is recorded, at most once a minute', async () => {
		const at = new Date()
		const { key, client } = await createApiClient({ name: 'busy', actor: admin, at })
		await authenticateApiKey(`Bearer ${key}`, at)
		const lastUsed = async () => (await prisma.apiClient.findUniqueOrThrow({ where: { id: client.id } })).lastUsedAt
		expect(await lastUsed()).toEqual(at)
		await authenticateApiKey(`Bearer ${key}`, later(at, 30_000))
		expect(await lastUsed()).toEqual(at)
		await authenticateApiKey(`Bearer ${key}`, later(at, 61_000))
		expect(await lastUsed()).toEqual(later(at, 61_000))
	})
})
