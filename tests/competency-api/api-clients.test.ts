import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { authenticateApiKey } from '#app/api-clients/api-keys.server.ts'
import { action, loader } from '#app/routes/admin+/api-clients.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { createTestOrg, createTestPerson, settle, signedInRequest } from '#tests/factories.ts'
import { testsRoot, tmpDir } from '#tests/setup/paths.ts'

beforeAll(createTestOrg)

const url = 'http://localhost/admin/api-clients'
const form = (fields: Record<string, string>) => ({ method: 'POST', body: new URLSearchParams(fields) })

describe('API clients page', () => {
	test('an admin creates a key, sees it once, and the list shows only a hint', async () => {
		const admin = await createTestPerson({ roles: ['admin'], orgUnitCode: 'BL' })
		const created = (await action({ request: await signedInRequest(admin.id, url, form({ intent: 'create', name: 'Dispatch EU', expiresInDays: '30' })), params: {}, context: {} })) as { createdKey: { key: string } }
		expect(created.createdKey.key).toMatch(/^fr_[a-z0-9]{10}_/)
		expect(await authenticateApiKey(`Bearer ${created.createdKey.key}`, new Date())).toMatchObject({ ok: true })
		const page = await loader({ request: await signedInRequest(admin.id, url), params: {}, context: {} })
		expect(JSON.stringify(page)).not.toContain(created.createdKey.key)
		expect(page.clients.find((c) => c.name === 'Dispatch EU')).toMatchObject({ active: true, keyHint: expect.stringMatching(/^fr_[a-z0-9]{10}_…$/) })

		await action({ request: await signedInRequest(admin.id, url, form({ intent: 'revoke', name: 'Dispatch EU' })), params: {}, context: {} })
		expect(await authenticateApiKey(`Bearer ${created.createdKey.key}`, new Date())).toEqual({ ok: false, reason: 'revoked' })
		expect(await prisma.auditEvent.count({ where: { action: { in: ['api_client.created', 'api_client.revoked'] } } })).toBe(2)
	})

	test('a duplicate or invalid name is refused with a message', async () => {
		const admin = await createTestPerson({ roles: ['admin'], orgUnitCode: 'BL' })
		await action({ request: await signedInRequest(admin.id, url, form({ intent: 'create', name: 'Twice' })), params: {}, context: {} })
		const again = await action({ request: await signedInRequest(admin.id, url, form({ intent: 'create', name: 'Twice' })), params: {}, context: {} })
		expect(again).toMatchObject({ init: { status: 400 }, data: { result: { error: { '': ['An API client named "Twice" already exists.'] } } } })
		expect(await action({ request: await signedInRequest(admin.id, url, form({ intent: 'create', name: '!' })), params: {}, context: {} })).toMatchObject({ init: { status: 400 } })
	})

	test('a manager cannot open or use it', async () => {
		const manager = await createTestPerson({ roles: ['manager'], managedUnitCodes: ['BL-EMEA'] })
		expect(((await settle(async () => loader({ request: await signedInRequest(manager.id, url), params: {}, context: {} }))) as Response).status).toBe(403)
		expect(((await settle(async () => action({ request: await signedInRequest(manager.id, url, form({ intent: 'create', name: 'Sneaky' })), params: {}, context: {} }))) as Response).status).toBe(403)
	})
})

describe('apikey CLI', () => {
	test('create prints the key alone on the last line; list and revoke work by name', () => {
		const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: `file:${path.join(tmpDir, `cli-${Date.now()}.db`)}` }
		const run = (...args: string[]) => spawnSync(process.execPath, [path.join(testsRoot, '..', 'node_modules/tsx/dist/cli.mjs'), 'app/cli/apikey.ts', ...args], { cwd: path.join(testsRoot, '..'), env, encoding: 'utf8', timeout: 30_000 })
		const created = run('create', '--name', 'dispatch')
		expect(created.status).toBe(0)
		const lines = created.stdout.trim().split('\n')
		expect(lines.at(-1)).toMatch(/^fr_[a-z0-9]{10}_[A-Za-z0-9_-]{32}$/)
		expect(run('list').stdout).toMatch(/^dispatch\tfr_[a-z0-9]{10}_…\tchecks\tactive/m)
		expect(run('create', '--name', 'auditor', '--audit').stdout).toContain('Created API client "auditor" (scopes: checks audit)')
		expect(run('list').stdout).toMatch(/^auditor\tfr_[a-z0-9]{10}_…\tchecks audit\tactive/m)
		expect(run('revoke', '--name', 'dispatch').status).toBe(0)
		expect(run('list').stdout).toMatch(/dispatch\t.*\trevoked/)
		const missing = run('revoke', '--name', 'nobody')
		expect(missing.status).toBe(1)
		expect(missing.stderr).toContain('No API client named "nobody".')
	}, 60_000)
})
