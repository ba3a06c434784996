// `npm run -s apikey -- create --name <name> [--expires-in-days N] [--audit]` prints the new key alone on
// the last line of stdout; `list`; `revoke --name <name>`.
import { parseArgs } from 'node:util'
import { ApiClientError, createApiClient, listApiClients, revokeApiClient } from '#app/api-clients/api-keys.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { ZodError } from 'zod'
import { migrateForCli } from './cli-database.ts'

await migrateForCli()
const usage = 'Usage: npm run -s apikey -- create --name <name> [--expires-in-days <days>] [--audit] | list | revoke --name <name>'
const actor = { type: 'system', id: 'apikey-cli' } as const

async function run(argv: string[]) {
	const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { name: { type: 'string' }, 'expires-in-days': { type: 'string' }, audit: { type: 'boolean' } } })
	const at = new Date()
	switch (positionals[0]) {
		case 'create': {
			if (!values.name) throw new ApiClientError(`--name is required.\n${usage}`)
			const days = values['expires-in-days'] ? Number(values['expires-in-days']) : null
			if (days !== null && (!Number.isInteger(days) || days < 1)) throw new ApiClientError('--expires-in-days must be a whole number of days, at least 1.')
			const { client, key } = await createApiClient({ name: values.name, expiresAt: days ? new Date(at.getTime() + days * 86_400_000) : null, audit: values.audit === true, actor, at })
			console.log(`Created API client "${client.name}" (scopes: ${client.scopes})${client.expiresAt ? `, expiring ${client.expiresAt.toISOString()}` : ''}. Store the key now: it is not shown again.`)
			console.log(key)
			return
		}
		case 'list': {
			const clients = await listApiClients()
			if (clients.length === 0) console.log('No API clients.')
			for (const c of clients) {
				const state = c.revokedAt ? `revoked ${c.revokedAt.toISOString()}` : c.expiresAt && c.expiresAt <= at ? `expired ${c.expiresAt.toISOString()}` : 'active'
				console.log(`${c.name}\tfr_${c.keyPrefix}_…\t${c.scopes}\t${state}\tlast used ${c.lastUsedAt?.toISOString() ?? 'never'}`)
			}
			return
		}
		case 'revoke': {
			if (!values.name) throw new ApiClientError(`--name is required.\n${usage}`)
			await revokeApiClient({ name: values.name, actor, at })
			console.log(`Revoked API client "${values.name}".`)
			return
		}
		default:
			throw new ApiClientError(usage)
	}
}

try {
	await run(process.argv.slice(2))
} catch (error) {
	if (error instanceof ApiClientError || error instanceof ZodError || (error instanceof TypeError && 'code' in error)) {
		console.error(error instanceof ZodError ? error.issues.map((i) => i.message).join('\n') : error.message)
		process.exitCode = 1
	} else throw error
} finally {
	await prisma.$disconnect()
}
