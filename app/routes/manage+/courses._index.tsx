import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requirePermission } from '#app/auth/permissions.server.ts'
import { listCourses } from '#app/catalog/course-list.server.ts'
import { DataTable } from '#app/components/data-table.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'

export const meta: MetaFunction = () => [{ title: 'Courses · FieldReady' }]

export async function loader({ request }: LoaderFunctionArgs) {
	await requirePermission(request, 'preview-courses')
	return { courses: await listCourses() }
}

export default function CoursesPage() {
	const { courses } = useLoaderData<typeof loader>()
	return (
		<div className="stack">
			<h1>Courses</h1>
			<p className="muted">Every course reps can take. Preview a SCORM course to try it as a rep would; a preview is kept apart and never counts toward anyone&apos;s certification.</p>
			<DataTable
				label="Courses"
				rows={courses}
				rowKey={(c) => c.id}
				empty="No courses are on offer yet. Courses come from content/ or are uploaded on the Content page."
				columns={[
					{ header: 'Course', cell: (c) => <>{c.title} <span className="muted">(v{c.version})</span></> },
					{ header: 'Kind', cell: (c) => (c.kind === 'scorm' ? `SCORM${c.source === 'upload' ? ' (uploaded)' : ''}` : 'Reading') },
					{ header: 'About', cell: (c) => c.summary },
					{ header: 'Time', cell: (c) => `${c.estimatedMinutes} min` },
					{ header: 'Required for', cell: (c) => (c.requiredFor.length ? c.requiredFor.join(', ') : <span className="muted">optional</span>) },
					{ header: 'Preview', cell: (c) => (c.kind === 'scorm' ? <Link to={`${c.id}/preview`} aria-label={`Preview ${c.title}`}>Preview</Link> : <span className="muted">—</span>) },
				]}
			/>
		</div>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
