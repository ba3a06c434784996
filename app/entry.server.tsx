import { PassThrough } from 'node:stream'
import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { renderToPipeableStream } from 'react-dom/server'
import { hashPassword } from './auth/password.server.ts'
import { rehearseSignIn } from './auth/sign-in.server.ts'
import { startEvidenceThread } from './eligibility/evidence.server.ts'
import { startReadinessThreads } from './readiness/readiness-threads.server.ts'
import { prisma } from './utils/db.server.ts'
import { NonceProvider } from './utils/nonce-provider.ts'
import { retryAfterHeader } from './utils/storage-failure.server.ts'

declare module '@remix-run/node' {
	interface Future {
		v3_singleFetch: true
	}
	interface AppLoadContext {
		cspNonce?: string
	}
}

export const streamTimeout = 5_000

// The HTTP server routes /api/ here directly, and serves the content origin from the same build (see app/server/http-server.ts).
export { answerApiRequest } from './competency-api/router.server.ts'
export { createContentListener } from './content-delivery/content-server.server.ts'

/**
 * Called by the HTTP server before it listens, so the first sign-in, check or Readiness page does
 * not wait for threads to load: measured, a sign-in right after start took over a second while
 * they loaded. One scrypt hash and a rolled-back sign-in also warm the password and database paths.
 */
export async function warmUp() {
	// Each is only a head start: a thread that fails to load, or a database that cannot take the rolled-back rehearsal, is met again by the request that needs it.
	await Promise.allSettled([startEvidenceThread(), startReadinessThreads(prisma), hashPassword('warm-up'), rehearseSignIn(new Date())])
}

/**
 * Pages show people's training records and the data behind them: no browser or proxy cache may
 * keep a copy (a shared computer's Back button, a corporate proxy). A route that decides otherwise
 * sets its own Cache-Control.
 */
function keepOutOfCaches(headers: Headers) {
	if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store')
}

/** A 503 means the database could not take a write (see app/server/storage-failure-routes.ts): clients are told when to retry. */
function sayWhenToRetry(status: number, headers: Headers) {
	if (status === 503 && !headers.has('Retry-After')) headers.set('Retry-After', retryAfterHeader['Retry-After'])
}

/** Loader and action data travel outside the page: the same rules. */
export function handleDataRequest(response: Response) {
	keepOutOfCaches(response.headers)
	sayWhenToRetry(response.status, response.headers)
	return response
}

export default function handleRequest(
	request: Request,
	responseStatusCode: number,
	responseHeaders: Headers,
	remixContext: EntryContext,
	loadContext: AppLoadContext,
) {
	const nonce = loadContext.cspNonce ?? ''
	return new Promise<Response>((resolve, reject) => {
		let didError = false
		const { pipe, abort } = renderToPipeableStream(
			<NonceProvider value={nonce}>
				<RemixServer context={remixContext} url={request.url} nonce={nonce} />
			</NonceProvider>,
			{
				nonce,
				// Pages are rendered whole: no deferred data here, and crawlers and tests see final HTML.
				onAllReady() {
					const body = new PassThrough()
					responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
					keepOutOfCaches(responseHeaders)
					sayWhenToRetry(responseStatusCode, responseHeaders)
					resolve(
						new Response(createReadableStreamFromReadable(body), {
							headers: responseHeaders,
							status: didError ? 500 : responseStatusCode,
						}),
					)
					pipe(body)
				},
				onShellError(error: unknown) {
					reject(error)
				},
				onError(error: unknown) {
					didError = true
					console.error(error)
				},
			},
		)
		setTimeout(abort, streamTimeout + 1_000)
	})
}
