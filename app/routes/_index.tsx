import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { homePathFor, requireUser } from '#app/auth/permissions.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	throw redirect(homePathFor(user))
}
