import { type LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { requirePermission } from '#app/auth/permissions.server.ts'
import { orgUnitInputSchema } from '#app/org/org-units.server.ts'
import { employeeIdSchema } from '#app/people/person-fields.ts'
import { buildEvidencePack } from '#app/readiness/evidence-pack.server.ts'

const querySchema = z
	.object({ employeeId: employeeIdSchema.optional(), unit: orgUnitInputSchema.shape.code.optional() })
	.refine((query) => (query.employeeId === undefined) !== (query.unit === undefined), 'Give exactly one of employeeId or unit.')

/** The audit evidence pack (a zip) for one person (?employeeId=) or one org unit and below (?unit=). */
export async function loader({ request }: LoaderFunctionArgs) {
	const viewer = await requirePermission(request, 'view-readiness')
	const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, value]) => value !== ''))
	const query = querySchema.safeParse(params)
	if (!query.success) throw new Response(query.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join(' '), { status: 400 })
	const { employeeId, unit } = query.data
	const scope = employeeId ? { employeeId } : { unitCode: unit! }
	const pack = await buildEvidencePack({ viewer, scope, at: new Date() })
	// Outside the viewer's units looks exactly like not existing, as on the person page.
	if (!pack) throw new Response('No such person or org unit in the units you manage.', { status: 404 })
	return new Response(pack.bytes, {
		headers: { 'Content-Type': 'application/zip', 'Content-Disposition': `attachment; filename="${pack.filename}"`, 'Cache-Control': 'no-store' },
	})
}
