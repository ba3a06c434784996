import { type LoaderFunctionArgs } from '@remix-run/node'
import { requireUserOr401 } from '#app/auth/permissions.server.ts'
import { packageFileResponse, resolvePackageFile } from '#app/scorm/package-files.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
	await requireUserOr401(request)
	const file = resolvePackageFile(params.packageId ?? '', params['*'] ?? '')
	if (!file) throw new Response('This file is not part of the course package.', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
	return packageFileResponse(file)
}
