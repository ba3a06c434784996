import { isRouteErrorResponse, useRouteError } from '@remix-run/react'

const friendlyTitles: Record<number, string> = {
	400: 'That request could not be processed',
	403: 'You do not have access to this',
	404: 'Not found',
	429: 'Too many attempts',
	503: 'FieldReady cannot save right now',
}

/** The error view every route uses: says what went wrong without leaking internals. */
export function GeneralErrorBoundary() {
	const error = useRouteError()
	if (isRouteErrorResponse(error)) {
		// Remix's own 404 for an address no route serves says so in developer's words.
		const unknownAddress = error.status === 404 && typeof error.data === 'string' && error.data.startsWith('Error: No route matches')
		const message = unknownAddress ? 'There is no page at this address. The link may be mistyped, or the page may have moved.' : typeof error.data === 'string' ? error.data : error.statusText
		return (
			<div className="card" role="alert">
				<h1>{friendlyTitles[error.status] ?? `Error ${error.status}`}</h1>
				<p>{message}</p>
				<p>
					<a href="/">Back to the start page</a>
				</p>
			</div>
		)
	}
	return (
		<div className="card" role="alert">
			<h1>Something went wrong</h1>
			<p>An unexpected error occurred. Try again; if it keeps happening, tell your administrator.</p>
		</div>
	)
}
