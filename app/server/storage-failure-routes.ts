import { type ServerBuild } from '@remix-run/node'
import { logStorageFailure, retryAfterHeader, storageFailureMessage, storageFailureOf } from '#app/utils/storage-failure.server.ts'

type RouteModule = ServerBuild['routes'][string]['module']
type Handler = NonNullable<RouteModule['loader']>

/** A loader or action that hits a full disk or a read-only database throws a 503 its route's error boundary shows, instead of a logged 500. */
function answeringStorageFailures(handler: Handler): Handler {
	return async (args) => {
		try {
			return await handler(args)
		} catch (error) {
			const storage = storageFailureOf(error)
			if (!storage) throw error
			logStorageFailure(storage)
			throw new Response(storageFailureMessage(storage), { status: 503, statusText: 'Service Unavailable', headers: { ...retryAfterHeader, 'Content-Type': 'text/plain; charset=utf-8' } })
		}
	}
}

/** The build with every route's loader and action answering storage failures the same way, so no route has to. */
export function withStorageFailureAnswers(build: ServerBuild): ServerBuild {
	const routes = Object.fromEntries(
		Object.entries(build.routes).map(([id, route]) => {
			const { loader, action } = route.module
			const module = { ...route.module, ...(loader ? { loader: answeringStorageFailures(loader) } : {}), ...(action ? { action: answeringStorageFailures(action) } : {}) }
			return [id, { ...route, module }]
		}),
	)
	return { ...build, routes }
}
