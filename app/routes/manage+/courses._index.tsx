import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { type AuditActor } from '#app/audit/audit-log.server.ts'
import { requirePermission, userCan } from '#app/auth/permissions.server.ts'
import { listCourses, listRetiredUploads } from '#app/catalog/course-list.server.ts'
import { DataTable } from '#app/components/data-table.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { changeCourseAudience, CourseOfferError, reofferCourse, retireCourse } from '#app/learning/course-offer.server.ts'
import { listOrgUnitsForChoice } from '#app/org/org-units.server.ts'
import { scormUploadFieldsSchema } from '#app/scorm/upload-fields.ts'
import { AudienceForms, OfferNotice, RetiredCourses, RetireForm, type OfferOutcome } from './__course-offer-forms.tsx'

export const meta: MetaFunction = () => [{ title: 'Courses · FieldReady' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'preview-courses')
	const isAdmin = userCan(user, 'administer')
	const [courses, retired, units] = await Promise.all([listCourses(), isAdmin ? listRetiredUploads() : [], isAdmin ? listOrgUnitsForChoice() : []])
	return { courses, retired, units, isAdmin }
}

const moduleIdField = z.string().min(1).max(60)
const actionSchema = z.discriminatedUnion('intent', [
	z.object({ intent: z.literal('retire'), moduleId: moduleIdField }),
	z.object({ intent: z.literal('reoffer'), moduleId: moduleIdField }),
	// The upload form's field, so both forms offer a course the same way.
	z.object({ intent: z.literal('set-audience'), moduleId: moduleIdField, audience: scormUploadFieldsSchema.shape.audience }),
])

async function changeOffer(change: z.infer<typeof actionSchema>, actor: AuditActor, at: Date): Promise<OfferOutcome> {
	const { moduleId } = change
	if (change.intent === 'retire') return { kind: 'retired', moduleId, title: (await retireCourse({ moduleId, actor, at })).title }
	if (change.intent === 'reoffer') {
		const { title, offeredTo } = await reofferCourse({ moduleId, actor, at })
		return { kind: 'reoffered', title, offeredTo }
	}
	const { title, offeredTo } = await changeCourseAudience({ moduleId, orgUnitCodes: change.audience, actor, at })
	return { kind: 'audience-set', title, offeredTo }
}

export async function action({ request }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'administer')
	const submission = parseWithZod(await request.formData(), { schema: actionSchema })
	if (submission.status !== 'success') return data({ error: submission.error?.audience?.[0] ?? 'Say which course to change.', outcome: null }, { status: 400 })
	try {
		return { error: null, outcome: await changeOffer(submission.value, { type: 'person', id: user.id }, new Date()) }
	} catch (error) {
		if (error instanceof CourseOfferError) return data({ error: error.message, outcome: null }, { status: 400 })
		throw error
	}
}

export default function CoursesPage() {
	const { courses, retired, units, isAdmin } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	return (
		<div className="stack">
			<h1>Courses</h1>
			<p className="muted">Every course reps can take. Preview a SCORM course to try it as a rep would; a preview is kept apart and never counts toward anyone&apos;s certification.</p>
			{actionData?.outcome ? <OfferNotice outcome={actionData.outcome} /> : null}
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
					...(isAdmin ? [{ header: 'Retire', cell: (c: (typeof courses)[number]) => <RetireForm course={c} /> }] : []),
				]}
			/>
			{isAdmin ? (
				<>
					<AudienceForms courses={courses} units={units} />
					<RetiredCourses retired={retired} />
				</>
			) : null}
		</div>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
