import { type LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '#app/auth/permissions.server.ts'
import { parseReadinessQuery, peopleCsv, readinessPeople } from '#app/readiness/readiness-report.server.ts'

/** The people table as filtered and sorted on the Readiness page, all pages, as CSV. */
export async function loader({ request }: LoaderFunctionArgs) {
	const viewer = await requirePermission(request, 'view-readiness')
	const parsed = parseReadinessQuery(new URL(request.url))
	if (!parsed.ok) throw new Response(parsed.message, { status: 400 })
	const { at, rows } = await readinessPeople({ viewer, filters: parsed.filters, table: parsed.table, now: new Date() })
	return new Response(peopleCsv(rows), {
		headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="readiness-${at.toISOString().slice(0, 10)}.csv"`, 'Cache-Control': 'no-store' },
	})
}
