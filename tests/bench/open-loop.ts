import { Agent, request } from 'node:http'
import Database from 'better-sqlite3'
import pg from 'pg'
import { databaseKind, sqliteFilePath } from '#app/utils/database-url.ts'
import { percentile } from './harness.ts'

export type OpenLoopResult = { offered: number; answered: number; p50: number; p99: number; p999: number; unstored: number; failures: Record<string, number> }

/**
 * Offers `rate` requests a second for `seconds`, each sent on its schedule whatever the server is
 * doing, and counts each request's latency from when it was due, not from when it went out: a
 * server that falls behind cannot hide its queue (coordinated omission), as a closed loop lets it.
 * Answers that are not 200 with a checkId, and socket errors, are offered but not answered;
 * `failures` counts them by status or error code.
 */
export async function offerChecks({ baseUrl, apiKey, rate, seconds, path, databaseUrl }: { baseUrl: string; apiKey: string; rate: number; seconds: number; path: (n: number) => string; databaseUrl: string }): Promise<OpenLoopResult> {
	const { hostname, port } = new URL(baseUrl)
	const agent = new Agent({ keepAlive: true, maxSockets: 1024 })
	const total = rate * seconds
	const latencies: number[] = []
	const checkIds: string[] = []
	const failures: Record<string, number> = {}
	const failed = (reason: string) => void (failures[reason] = (failures[reason] ?? 0) + 1)
	const send = (n: number, dueAt: number) =>
		new Promise<void>((resolve) => {
			const req = request({ agent, hostname, port, path: path(n), headers: { Authorization: `Bearer ${apiKey}` } }, (res) => {
				const chunks: Buffer[] = []
				res.on('data', (chunk: Buffer) => chunks.push(chunk))
				res.on('end', () => {
					latencies.push(performance.now() - dueAt)
					const checkId = res.statusCode === 200 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { checkId?: string }).checkId : undefined
					if (checkId) checkIds.push(checkId)
					else failed(`status ${res.statusCode}`)
					resolve()
				})
			})
			req.on('error', (error: NodeJS.ErrnoException) => {
				failed(error.code ?? error.message)
				resolve()
			})
			req.end()
		})
	const inFlight: Array<Promise<void>> = []
	const startAt = performance.now()
	await new Promise<void>((resolve) => {
		let sent = 0
		const tick = () => {
			const due = Math.min(total, Math.floor(((performance.now() - startAt) * rate) / 1000) + 1)
			for (; sent < due; sent++) inFlight.push(send(sent, startAt + (sent * 1000) / rate))
			if (sent < total) setTimeout(tick, 1)
			else resolve()
		}
		tick()
	})
	await Promise.all(inFlight)
	agent.destroy()
	return { offered: total, answered: checkIds.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99), p999: percentile(latencies, 99.9), unstored: await unstoredChecks(databaseUrl, checkIds), failures }
}

/** How many acknowledged checks have no evidence row: each answer's checkId looked up in the database. */
async function unstoredChecks(databaseUrl: string, checkIds: string[]) {
	if (databaseKind(databaseUrl) === 'postgresql') {
		const client = new pg.Client({ connectionString: databaseUrl })
		await client.connect()
		try {
			const { rows } = await client.query<{ id: string }>('SELECT id FROM "EligibilityCheck" WHERE id = ANY($1)', [checkIds])
			const stored = new Set(rows.map((row) => row.id))
			return checkIds.filter((id) => !stored.has(id)).length
		} finally {
			await client.end()
		}
	}
	const db = new Database(sqliteFilePath(databaseUrl), { readonly: true })
	try {
		const find = db.prepare('SELECT 1 FROM EligibilityCheck WHERE id = ?').pluck()
		return checkIds.filter((id) => find.get(id) === undefined).length
	} finally {
		db.close()
	}
}
