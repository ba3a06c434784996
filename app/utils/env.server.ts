import { z } from 'zod'

const DEV_SESSION_SECRET = 'fieldready-dev-only-session-secret-not-for-production'

const envSchema = z
	.object({
		NODE_ENV: z.enum(['production', 'development', 'test']).default('development'),
		DATABASE_URL: z
			.string()
			.startsWith('file:', 'must be a file: URL to a SQLite database, e.g. file:./data/fieldready.db')
			.default('file:./data/fieldready.db'),
		SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
		PORT: z.coerce.number({ error: 'must be a port number' }).int().min(1).max(65535).default(3000),
		HOST: z.string().default('0.0.0.0'),
		/** HTTP worker processes sharing the port (default 1). */
		WEB_CONCURRENCY: z.coerce.number({ error: 'must be a whole number' }).int().min(1).max(64).optional(),
		/** Load the demo organisation and accounts into an empty database on start. */
		DEMO_DATA: z
			.enum(['on', 'off'])
			.default('on')
			.transform((value) => value === 'on'),
		/** Folder for unpacked SCORM packages (default: scorm-packages/ beside the database file). */
		SCORM_STORAGE_DIR: z.string().min(1).optional(),
		/** The most a SCORM package may unpack to, in bytes (default 1 GiB). */
		SCORM_MAX_UNPACKED_BYTES: z.coerce.number({ error: 'must be a number of bytes' }).int().min(1024).default(1024 ** 3),
		/** Trust X-Forwarded-* headers (set when FieldReady runs behind a TLS-terminating proxy). */
		TRUST_PROXY: z
			.enum(['true', 'false'])
			.default('false')
			.transform((value) => value === 'true'),
	})
	.superRefine((env, ctx) => {
		if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
			ctx.addIssue({
				code: 'custom',
				path: ['SESSION_SECRET'],
				message:
					'is required when NODE_ENV=production (generate one with: node -e "console.log(require(\'node:crypto\').randomBytes(32).toString(\'hex\'))")',
			})
		}
	})
	.transform((env) => ({
		...env,
		SESSION_SECRET: env.SESSION_SECRET ?? DEV_SESSION_SECRET,
		WEB_CONCURRENCY: env.WEB_CONCURRENCY ?? 1,
	}))

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

let cachedEnv: Env | undefined

export function getEnv(): Env {
	cachedEnv ??= parseEnv(process.env)
	return cachedEnv
}
