import { randomBytes } from 'node:crypto'
import { type Server } from 'node:http'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import { type ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express, { type RequestHandler } from 'express'
import { isCrossSiteWrite } from '#app/utils/csrf.server.ts'

const contentSecurityPolicy = (nonce: string) =>
	[
		"default-src 'self'",
		`script-src 'self' 'nonce-${nonce}'`,
		// React and recharts set inline style attributes.
		"style-src 'self' 'unsafe-inline'",
		"img-src 'self' data:",
		"font-src 'self'",
		"connect-src 'self'",
		"frame-src 'self'",
		"frame-ancestors 'self'",
		"form-action 'self'",
		"base-uri 'self'",
		"object-src 'none'",
	].join('; ')

const securityHeaders: RequestHandler = (req, res, next) => {
	const nonce = randomBytes(16).toString('base64')
	res.locals.cspNonce = nonce
	res.setHeader('Content-Security-Policy', contentSecurityPolicy(nonce))
	res.setHeader('X-Content-Type-Options', 'nosniff')
	res.setHeader('Referrer-Policy', 'same-origin')
	res.setHeader('X-Frame-Options', 'SAMEORIGIN')
	if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000')
	next()
}

/** The client address goes to the app in a header only this server sets. */
const clientAddress: RequestHandler = (req, _res, next) => {
	req.headers['x-fieldready-client-ip'] = req.ip ?? ''
	next()
}

const rejectCrossSiteWrites: RequestHandler = (req, res, next) => {
	const expectedOrigin = `${req.protocol}://${req.get('host')}`
	const headers = { get: (name: string) => req.get(name) ?? null }
	if (!req.path.startsWith('/api/') && isCrossSiteWrite({ method: req.method, headers }, expectedOrigin)) {
		res.status(403).type('text/plain').send('Cross-site form submissions are not accepted.')
		return
	}
	next()
}

export async function createApp({ buildDir, publicDir, trustProxy }: { buildDir: string; publicDir: string; trustProxy: boolean }) {
	const build = (await import(pathToFileURL(path.join(buildDir, 'index.js')).href)) as ServerBuild
	const app = express()
	app.disable('x-powered-by')
	app.set('trust proxy', trustProxy)
	app.use(compression())
	app.use('/build', express.static(path.join(publicDir, 'build'), { immutable: true, maxAge: '1y' }))
	app.use(express.static(publicDir, { maxAge: '1h' }))
	app.use(securityHeaders, clientAddress, rejectCrossSiteWrites)
	app.all('*', createRequestHandler({ build, getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }) }))
	return app
}

export function listen(app: express.Express, { port, host }: { port: number; host: string }) {
	return new Promise<Server>((resolve, reject) => {
		const server = app.listen(port, host, () => resolve(server))
		server.once('error', reject)
	})
}
