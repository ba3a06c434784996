import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { freePort } from '../e2e/server-setup.ts'

/** Debian's PostgreSQL binaries: the newest installed version. */
function postgresBin() {
	const root = '/usr/lib/postgresql'
	const version = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a))[0] : undefined
	if (!version) throw new Error('npm run test:pg needs PostgreSQL: set PG_TEST_URL to a server, or install the binaries (apt-get install -y postgresql).')
	return path.join(root, version, 'bin')
}

/**
 * A throwaway PostgreSQL cluster in a temporary folder, on a free port of 127.0.0.1. initdb
 * refuses to run as root, so as root the cluster belongs to the `postgres` user Debian's package
 * creates. Returns its URL and how to remove it. Tests run it with fsync off, for speed; `durable`
 * leaves fsync on, for measuring commits that survive a power cut (npm run bench).
 */
export async function startThrowawayCluster({ durable = false }: { durable?: boolean } = {}) {
	const bin = postgresBin()
	const dir = mkdtempSync(path.join(tmpdir(), 'fieldready-pg-'))
	chmodSync(dir, 0o777)
	const asOwner = (command: string, args: string[]): [string, string[]] => (process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args])
	const run = (command: string, args: string[]) => execFileSync(...asOwner(command, args), { stdio: 'pipe' })
	const data = path.join(dir, 'data')
	run(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'fieldready', '--no-sync'])
	const port = await freePort()
	run(path.join(bin, 'pg_ctl'), ['-D', data, '-w', '-l', path.join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${durable ? '' : ' -c fsync=off'} -c max_connections=200`, 'start'])
	return {
		url: `postgresql://fieldready@127.0.0.1:${port}/postgres`,
		stop() {
			spawnSync(...asOwner(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']), { stdio: 'ignore' })
			rmSync(dir, { recursive: true, force: true })
		},
	}
}
