import { isIP } from 'node:net'
import { z } from 'zod'
import { databaseKind } from './database-url.ts'

/** false: no proxy; a number: that many proxies in front; a list: the proxies' addresses. */
export type TrustProxy = false | number | string[]

const isProxyAddress = (entry: string) => ['loopback', 'linklocal', 'uniquelocal'].includes(entry) || isIP(entry.split('/')[0] ?? '') !== 0

const DEV_SESSION_SECRET = 'fieldready-dev-only-session-secret-not-for-production'
/** The demo accounts' password in README.md: fine on a laptop, never on a server others can reach. */
export const PUBLISHED_DEMO_PASSWORD = 'fieldready'

/** An origin as browsers compare them: scheme, host and port, nothing after. */
const origin = z
	.string()
	.refine((value) => URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol), 'must be an http(s) URL such as https://fieldready.example')
	.refine((value) => !URL.canParse(value) || ['', '/'].includes(new URL(value).pathname + new URL(value).search + new URL(value).hash), 'must be an origin only (scheme, host and port), without a path')
	.transform((value) => new URL(value).origin)

/** What a browser on this machine types for a server listening on `host`. */
const browsableHost = (host: string) => (host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host)

const envSchema = z
	.object({
		NODE_ENV: z.enum(['production', 'development', 'test']).default('development'),
		DATABASE_URL: z
			.string()
			.refine((url) => databaseKind(url) !== null, 'must be a file: URL to a SQLite database (e.g. file:./data/fieldready.db) or a postgresql:// URL')
			.default('file:./data/fieldready.db'),
		SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
		PORT: z.coerce.number({ error: 'must be a port number' }).int().min(1).max(65535).default(3000),
		HOST: z.string().default('0.0.0.0'),
		/** The public URL users type (default in development: the listening address). Required in production. */
		APP_ORIGIN: origin.optional(),
		/** Where SCORM package files are served from: another origin, so package scripts never run with the app's session. */
		CONTENT_ORIGIN: origin.optional(),
		/** The port the content origin's listener binds (default PORT + 1). */
		CONTENT_PORT: z.coerce.number({ error: 'must be a port number' }).int().min(1).max(65535).optional(),
		/** HTTP worker processes sharing the port (default 1). */
		WEB_CONCURRENCY: z.coerce.number({ error: 'must be a whole number' }).int().min(1).max(64).optional(),
		/**
		 * How the evidence of a check is committed before its answer goes out: `full` (default) survives
		 * a power cut; `normal` survives a crash of the app but not of the machine, and is there only to
		 * measure what `full` costs (npm run bench).
		 */
		EVIDENCE_SYNC: z.enum(['full', 'normal'], { error: 'must be full or normal' }).default('full'),
		/** Load the demo organisation and accounts into an empty database on start (default: on in development, off in production). */
		DEMO_DATA: z.enum(['on', 'off'], { error: 'must be on or off' }).optional(),
		/** The demo accounts' password. Development uses the published one; production needs its own. */
		DEMO_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
		/** Folder for unpacked SCORM packages (default: scorm-packages/ beside the database file). */
		SCORM_STORAGE_DIR: z.string().min(1).optional(),
		/** The most a SCORM package may unpack to, in bytes (default 1 GiB). */
		SCORM_MAX_UNPACKED_BYTES: z.coerce.number({ error: 'must be a number of bytes' }).int().min(1024).default(1024 ** 3),
		/**
		 * Which reverse proxies' X-Forwarded-* headers to believe: `false` (none), a hop count (how
		 * many proxies stand in front), or the proxies' addresses (IPs, CIDR ranges, or `loopback`,
		 * `linklocal`, `uniquelocal`), comma-separated. Never every hop: a client could then choose
		 * the address that throttling and the audit log record.
		 */
		TRUST_PROXY: z
			.string()
			.trim()
			.default('false')
			.transform((value, context): TrustProxy => {
				if (value === 'false' || value === '0' || value === '') return false
				if (/^\d+$/.test(value) && Number(value) <= 10) return Number(value)
				const entries = value.split(',').map((entry) => entry.trim())
				const bad = entries.find((entry) => !isProxyAddress(entry))
				if (value === 'true' || bad !== undefined) {
					context.addIssue({
						code: 'custom',
						message: `must be false, the number of proxies in front (1-10), or their addresses (IPs, CIDR ranges, loopback, linklocal, uniquelocal), comma-separated; ${value === 'true' ? '"true" would trust every X-Forwarded-For hop, so a client could choose its own address' : `"${bad}" is none of these`}`,
					})
					return z.NEVER
				}
				return entries
			}),
	})
	.superRefine((env, ctx) => {
		if (env.NODE_ENV === 'production') {
			for (const name of ['APP_ORIGIN', 'CONTENT_ORIGIN'] as const) {
				if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: `is required when NODE_ENV=production (${name === 'APP_ORIGIN' ? 'the URL users open, e.g. https://fieldready.example' : 'a second origin for SCORM content, e.g. https://content.fieldready.example'})` })
			}
		}
		if (env.CONTENT_PORT !== undefined && env.CONTENT_PORT === env.PORT) ctx.addIssue({ code: 'custom', path: ['CONTENT_PORT'], message: `must differ from PORT (${env.PORT})` })
		if (env.NODE_ENV === 'production' && env.DEMO_DATA === 'on' && (!env.DEMO_PASSWORD || env.DEMO_PASSWORD === PUBLISHED_DEMO_PASSWORD)) {
			ctx.addIssue({ code: 'custom', path: ['DEMO_PASSWORD'], message: 'is required when NODE_ENV=production and DEMO_DATA=on, and must not be the password published in README.md: anyone could sign in as the demo admin' })
		}
		if (env.NODE_ENV === 'production' && databaseKind(env.DATABASE_URL) === 'postgresql' && !env.SCORM_STORAGE_DIR) {
			ctx.addIssue({ code: 'custom', path: ['SCORM_STORAGE_DIR'], message: 'is required when NODE_ENV=production on PostgreSQL: every instance must read the same SCORM package files, so name a folder they share (README, Running several instances)' })
		}
		if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
			ctx.addIssue({
				code: 'custom',
				path: ['SESSION_SECRET'],
				message:
					'is required when NODE_ENV=production (generate one with: node -e "console.log(require(\'node:crypto\').randomBytes(32).toString(\'hex\'))")',
			})
		}
	})
	.transform((env) => {
		const contentPort = env.CONTENT_PORT ?? (env.PORT === 65535 ? env.PORT - 1 : env.PORT + 1)
		return {
			...env,
			SESSION_SECRET: env.SESSION_SECRET ?? DEV_SESSION_SECRET,
			DEMO_DATA: (env.DEMO_DATA ?? (env.NODE_ENV === 'production' ? 'off' : 'on')) === 'on',
			DEMO_PASSWORD: env.DEMO_PASSWORD ?? PUBLISHED_DEMO_PASSWORD,
			WEB_CONCURRENCY: env.WEB_CONCURRENCY ?? 1,
			APP_ORIGIN: env.APP_ORIGIN ?? `http://${browsableHost(env.HOST)}:${env.PORT}`,
			CONTENT_PORT: contentPort,
			CONTENT_ORIGIN: env.CONTENT_ORIGIN ?? `http://${browsableHost(env.HOST)}:${contentPort}`,
		}
	})
	.refine((env) => env.CONTENT_ORIGIN !== env.APP_ORIGIN, {
		path: ['CONTENT_ORIGIN'],
		message: 'must differ from APP_ORIGIN: package scripts served from the app origin would run with the viewer\'s session',
	})

export type Env = z.infer<typeof envSchema>

export class EnvironmentError extends Error {
	override name = 'EnvironmentError'
}

/** Parses the environment; throws an EnvironmentError naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
	const result = envSchema.safeParse(source)
	if (result.success) return result.data
	const problems = result.error.issues.map(
		(issue) => `  ${issue.path.join('.') || '(environment)'} ${issue.message}`,
	)
	throw new EnvironmentError(`Invalid environment:\n${problems.join('\n')}`)
}

/**
 * Why this environment is unsafe although valid: development's published session secret on an
 * address other machines can reach (anyone could forge a session), or null.
 */
export function unsafeDevelopmentWarning(env: Env) {
	const loopback = ['127.0.0.1', '::1', 'localhost'].includes(env.HOST)
	if (env.NODE_ENV === 'production' || loopback || env.SESSION_SECRET !== DEV_SESSION_SECRET) return null
	return `WARNING: listening on ${env.HOST} with the development session secret, which is published in the source: anyone who can reach this machine can forge a session. Set HOST=127.0.0.1, or set SESSION_SECRET (and NODE_ENV=production for a real deployment).`
}

let cachedEnv: Env | undefined

export function getEnv(): Env {
	cachedEnv ??= parseEnv(process.env)
	return cachedEnv
}
