import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { requirePermission } from '#app/auth/permissions.server.ts'
import { employeeIdSchema } from '#app/people/person-fields.ts'

const querySchema = z.object({ employeeId: z.string().trim().toUpperCase().pipe(employeeIdSchema), certificationCode: z.string().trim().min(1).max(40) })

/** The queue page's "assess someone" form: to that person's checklist, or back with the reason. */
export async function loader({ request }: LoaderFunctionArgs) {
	await requirePermission(request, 'assess-practicals')
	const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
	if (!parsed.success) throw new Response('Give an employee ID like SR-1001 and choose a certification.', { status: 400 })
	throw redirect(`/manage/practical-assessments/${encodeURIComponent(parsed.data.employeeId)}/${encodeURIComponent(parsed.data.certificationCode)}`)
}
