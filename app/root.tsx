import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { type ReactNode } from 'react'
import { getOptionalUser, navigationFor } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import appStylesHref from '#app/styles/app.css'
import { useNonce } from '#app/utils/nonce-provider.ts'

export const links: LinksFunction = () => [
	{ rel: 'stylesheet', href: appStylesHref },
	{ rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = () => [
	{ title: 'FieldReady' },
	{ name: 'description', content: 'Cybersecurity training and competency for field service' },
]

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await getOptionalUser(request)
	return {
		user: user ? { name: user.name, employeeId: user.employeeId } : null,
		navigation: user ? navigationFor(user) : [],
	}
}

function Document({ children }: { children: ReactNode }) {
	const nonce = useNonce()
	return (
		<html lang="en">
			<head>
				<meta charSet="utf-8" />
				<meta name="viewport" content="width=device-width, initial-scale=1" />
				<Meta />
				<Links />
			</head>
			<body>
				{children}
				<ScrollRestoration nonce={nonce} />
				<Scripts nonce={nonce} />
			</body>
		</html>
	)
}

function SiteHeader({ data }: { data: Awaited<ReturnType<typeof loader>> | undefined }) {
	return (
		<header className="site-header">
			<div className="site-header-inner">
				<a className="brand" href="/">
					FieldReady
				</a>
				{data?.navigation.length ? (
					<nav className="main-nav" aria-label="Main">
						<ul>
							{data.navigation.map((item) => (
								<li key={item.to}>
									<NavLink to={item.to}>{item.label}</NavLink>
								</li>
							))}
						</ul>
					</nav>
				) : null}
				{data?.user ? (
					<div className="user-menu">
						<span>
							{data.user.name} <span aria-hidden="true">·</span> {data.user.employeeId}
						</span>
						<Form method="post" action="/logout">
							<button type="submit">Sign out</button>
						</Form>
					</div>
				) : null}
			</div>
		</header>
	)
}

function Layout({ children }: { children: ReactNode }) {
	const data = useRouteLoaderData<typeof loader>('root')
	return (
		<Document>
			<a className="skip-link" href="#main">
				Skip to content
			</a>
			<SiteHeader data={data} />
			<main id="main" tabIndex={-1}>
				{children}
			</main>
			<footer className="site-footer">FieldReady · secure service competency (IEC 62443-2-4)</footer>
		</Document>
	)
}

export default function App() {
	useLoaderData<typeof loader>()
	return (
		<Layout>
			<Outlet />
		</Layout>
	)
}

export function ErrorBoundary() {
	return (
		<Layout>
			<GeneralErrorBoundary />
		</Layout>
	)
}
