import { flatRoutes } from 'remix-flat-routes'

/** @type {import('@remix-run/dev').AppConfig} */
export default {
	ignoredRouteFiles: ['**/*'],
	serverModuleFormat: 'esm',
	serverPlatform: 'node',
	serverMinify: false,
	// Keep the compiler's cache out of the project root.
	cacheDirectory: 'node_modules/.cache/remix',
	watchPaths: ['./content/**/*'],
	future: {
		v3_fetcherPersist: true,
		v3_relativeSplatPath: true,
		v3_throwAbortReason: true,
		v3_lazyRouteDiscovery: true,
		v3_singleFetch: true,
	},
	routes: async (defineRoutes) =>
		flatRoutes('routes', defineRoutes, {
			ignoredRouteFiles: ['**/.*', '**/*.test.{js,jsx,ts,tsx}', '**/__*.*'],
		}),
}
