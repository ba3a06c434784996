import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { appendAuditEvent, type AuditActor } from '#app/audit/audit-log.server.ts'
import { prisma, type Db } from '#app/utils/db.server.ts'
import { apiClientNameSchema } from './api-client-fields.ts'

/**
 * API keys look like `fr_<prefix>_<secret>`. The prefix finds the client; only a SHA-256 of the
 * whole key is stored (keys are 190 random bits, so a fast hash is enough), compared in constant time.
 */
const KEY_PATTERN = /^fr_([a-z0-9]{10})_([A-Za-z0-9_-]{32})$/

export class ApiClientError extends Error {
	override name = 'ApiClientError'
}

const hashKey = (key: string) => createHash('sha256').update(key).digest()

function newKey() {
	const prefix = randomBytes(10).toString('hex').slice(0, 10)
	return { prefix, key: `fr_${prefix}_${randomBytes(24).toString('base64url')}` }
}

/** Creates a client and returns its key: the only time the key is ever available. */
export async function createApiClient(
	{ name, expiresAt, audit = false, actor, at }: { name: string; expiresAt?: Date | null; audit?: boolean; actor: AuditActor; at: Date },
	db: Db = prisma,
) {
	const clientName = apiClientNameSchema.parse(name)
	if (expiresAt && expiresAt <= at) throw new ApiClientError('The expiry must be in the future.')
	if (await db.apiClient.findUnique({ where: { name: clientName }, select: { id: true } })) throw new ApiClientError(`An API client named "${clientName}" already exists.`)
	const { prefix, key } = newKey()
	const client = await db.$transaction(async (tx) => {
		const created = await tx.apiClient.create({
			data: { name: clientName, keyPrefix: prefix, keyHash: hashKey(key).toString('hex'), createdAt: at, createdById: actor.type === 'person' ? actor.id : null, expiresAt: expiresAt ?? null, scopes: audit ? 'checks audit' : 'checks' },
			select: { id: true, name: true, expiresAt: true, scopes: true },
		})
		await appendAuditEvent(tx, { actor, action: 'api_client.created', subject: { type: 'api_client', id: created.id }, details: { name: clientName, expiresAt: expiresAt?.toISOString() ?? null, scopes: created.scopes }, at })
		return created
	})
	return { client, key }
}

export async function revokeApiClient({ name, actor, at }: { name: string; actor: AuditActor; at: Date }, db: Db = prisma) {
	return db.$transaction(async (tx) => {
		const client = await tx.apiClient.findUnique({ where: { name }, select: { id: true, revokedAt: true } })
		if (!client) throw new ApiClientError(`No API client named "${name}".`)
		if (client.revokedAt) throw new ApiClientError(`The API client "${name}" is already revoked.`)
		await tx.apiClient.update({ where: { id: client.id }, data: { revokedAt: at } })
		forgetAuthenticatedKeys()
		await appendAuditEvent(tx, { actor, action: 'api_client.revoked', subject: { type: 'api_client', id: client.id }, details: { name }, at })
	})
}

export function listApiClients(db: Db = prisma) {
	return db.apiClient.findMany({ orderBy: { createdAt: 'desc' }, select: { id: true, name: true, keyPrefix: true, createdAt: true, expiresAt: true, revokedAt: true, lastUsedAt: true, scopes: true } })
}

/** `audit`: may read the checks other clients made, not only its own. */
export type ApiCaller = { id: string; name: string; audit: boolean }
export type AuthFailure = 'missing' | 'malformed' | 'unknown' | 'revoked' | 'expired'

// Recording every use would add a write to every request; once a minute per client is plenty.
const LAST_USED_RESOLUTION_MS = 60_000

/**
 * A key that authenticated is trusted again for one second without a query: at dispatch's
 * request rates this removes a query per check. Revoking in this process clears it at once;
 * a revocation made elsewhere (the CLI, another instance) takes effect within a second.
 */
const AUTH_CACHE_MS = 1_000
const recentlyAuthenticated = new Map<string, { caller: ApiCaller; until: number; expiresAt: number | null }>()

export function forgetAuthenticatedKeys() {
	recentlyAuthenticated.clear()
}

/** Resolves `Authorization: Bearer <key>` to a client, or says why not. */
export async function authenticateApiKey(authorization: string | null, at: Date, db: Db = prisma): Promise<{ ok: true; caller: ApiCaller } | { ok: false; reason: AuthFailure }> {
	if (!authorization) return { ok: false, reason: 'missing' }
	const match = /^Bearer\s+(\S+)$/i.exec(authorization)
	const parts = match ? KEY_PATTERN.exec(match[1]!) : null
	if (!match || !parts) return { ok: false, reason: 'malformed' }
	const cached = recentlyAuthenticated.get(match[1]!)
	if (cached && cached.until > at.getTime() && (cached.expiresAt === null || cached.expiresAt > at.getTime())) return { ok: true, caller: cached.caller }
	const client = await db.apiClient.findUnique({ where: { keyPrefix: parts[1] }, select: { id: true, name: true, keyHash: true, expiresAt: true, revokedAt: true, lastUsedAt: true, scopes: true } })
	const presented = hashKey(match[1]!)
	if (!client || !timingSafeEqual(presented, Buffer.from(client.keyHash, 'hex'))) return { ok: false, reason: 'unknown' }
	if (client.revokedAt && client.revokedAt <= at) return { ok: false, reason: 'revoked' }
	if (client.expiresAt && client.expiresAt <= at) return { ok: false, reason: 'expired' }
	if (!client.lastUsedAt || at.getTime() - client.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
		await db.apiClient.update({ where: { id: client.id }, data: { lastUsedAt: at } })
	}
	const caller = { id: client.id, name: client.name, audit: client.scopes.split(' ').includes('audit') }
	recentlyAuthenticated.set(match[1]!, { caller, until: at.getTime() + AUTH_CACHE_MS, expiresAt: client.expiresAt?.getTime() ?? null })
	return { ok: true, caller }
}
