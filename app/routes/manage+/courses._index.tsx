import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { requirePermission, userCan } from '#app/auth/permissions.server.ts'
import { listCourses } from '#app/catalog/course-list.server.ts'
import { ConfirmSubmit } from '#app/components/confirm-submit.tsx'
import { DataTable } from '#app/components/data-table.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { CourseOfferError, retireCourse } from '#app/learning/course-offer.server.ts'

export const meta: MetaFunction = () => [{ title: 'Courses · FieldReady' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'preview-courses')
	return { courses: await listCourses(), canRetire: userCan(user, 'administer') }
}

const retireSchema = z.object({ intent: z.literal('retire'), moduleId: z.string().min(1).max(60) })

export async function action({ request }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'administer')
	const parsed = retireSchema.safeParse(Object.fromEntries(await request.formData()))
	if (!parsed.success) return data({ error: 'Say which course to retire.', retired: null }, { status: 400 })
	try {
		const { title } = await retireCourse({ moduleId: parsed.data.moduleId, actor: { type: 'person', id: user.id }, at: new Date() })
		return { error: null, retired: title }
	} catch (error) {
		if (error instanceof CourseOfferError) return data({ error: error.message, retired: null }, { status: 400 })
		throw error
	}
}

export default function CoursesPage() {
	const { courses, canRetire } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const navigation = useNavigation()
	return (
		<div className="stack">
			<h1>Courses</h1>
			<p className="muted">Every course reps can take. Preview a SCORM course to try it as a rep would; a preview is kept apart and never counts toward anyone&apos;s certification.</p>
			{actionData?.retired ? (
				<p className="notice" role="status">
					Retired {actionData.retired}: it is no longer offered. The records of those who took it are kept.
				</p>
			) : null}
			{actionData?.error ? (
				<p className="form-error" role="alert">
					{actionData.error}
				</p>
			) : null}
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
					{ header: 'Offered to', cell: (c) => (c.source !== 'upload' ? 'As certifications require' : c.offeredTo.length ? c.offeredTo.join(', ') : 'Everyone') },
					{ header: 'Preview', cell: (c) => (c.kind === 'scorm' ? <Link to={`${c.id}/preview`} aria-label={`Preview ${c.title}`}>Preview</Link> : <span className="muted">—</span>) },
					...(canRetire
						? [
								{
									header: 'Retire',
									cell: (c: (typeof courses)[number]) =>
										c.source === 'upload' ? (
											<Form method="post">
												<input type="hidden" name="intent" value="retire" />
												<input type="hidden" name="moduleId" value={c.id} />
												<ConfirmSubmit className="danger" disabled={navigation.state !== 'idle'} ask={() => `Retire ${c.title}? Nobody can start it any more; records of those who took it are kept. Uploading it again offers it again.`} confirmLabel={() => `Yes: retire ${c.title}`}>
													Retire<span className="visually-hidden"> {c.title}</span>
												</ConfirmSubmit>
											</Form>
										) : (
											<span className="muted">From content/</span>
										),
								},
							]
						: []),
				]}
			/>
		</div>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
