import { parseWithZod } from '@conform-to/zod/v4'
import {
	data,
	MaxPartSizeExceededError,
	unstable_createMemoryUploadHandler as createMemoryUploadHandler,
	unstable_parseMultipartFormData as parseMultipartFormData,
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
} from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { requirePermission } from '#app/auth/permissions.server.ts'
import { CourseOfferError } from '#app/learning/course-offer.server.ts'
import { catalogOverview } from '#app/catalog/catalog-overview.server.ts'
import { formatProblem } from '#app/catalog/format-problem.ts'
import { DataTable } from '#app/components/data-table.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { listOrgUnitsForChoice } from '#app/org/org-units.server.ts'
import { ScormPackageError } from '#app/scorm/package-zip.server.ts'
import { importUploadedScormModule, ScormUploadError } from '#app/scorm/scorm-upload.server.ts'
import { scormUploadFieldsSchema } from '#app/scorm/upload-fields.ts'
import { formatDateTime } from '#app/utils/dates.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { ScormUploadForm } from './__scorm-upload-form.tsx'

export const meta: MetaFunction = () => [{ title: 'Content · FieldReady' }]

export async function loader({ request }: LoaderFunctionArgs) {
	await requirePermission(request, 'administer')
	const [overview, units] = await Promise.all([catalogOverview(), listOrgUnitsForChoice()])
	return { ...overview, units }
}

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`

async function readUpload(request: Request) {
	const maxPartSize = getEnv().SCORM_MAX_UNPACKED_BYTES
	try {
		return await parseMultipartFormData(request, createMemoryUploadHandler({ maxPartSize }))
	} catch (error) {
		if (error instanceof MaxPartSizeExceededError) return `The file is larger than the ${megabytes(maxPartSize)} allowed.`
		throw error
	}
}

const rejected = (errors: Record<string, string[]>) => data({ errors, imported: null }, { status: 400 })

export async function action({ request }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'administer')
	const form = await readUpload(request)
	if (typeof form === 'string') return rejected({ package: [form] })
	const submission = parseWithZod(form, { schema: scormUploadFieldsSchema })
	const file = form.get('package')
	const errors: Record<string, string[]> = submission.status === 'success' ? {} : Object.fromEntries(Object.entries(submission.error ?? {}).map(([k, v]) => [k, v ?? []]))
	if (!(file instanceof Blob) || file.size === 0) errors.package = ['Choose a SCORM zip to upload.']
	if (submission.status !== 'success' || !(file instanceof Blob) || errors.package) return rejected(errors)
	try {
		const imported = await importUploadedScormModule({ bytes: new Uint8Array(await file.arrayBuffer()), fields: submission.value, actorId: user.id, at: new Date() })
		return { errors: {}, imported }
	} catch (error) {
		if (error instanceof ScormPackageError) return rejected({ package: ['The package was not imported:', ...error.problems] })
		if (error instanceof ScormUploadError) return rejected({ [error.field]: [error.message] })
		if (error instanceof CourseOfferError) return rejected({ audience: [error.message] })
		throw error
	}
}

export default function ContentPage() {
	const { modules, quizzes, certifications, workTypes, lastSync, lastGoodSyncAt, units } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	return (
		<div className="stack">
			<h1>Content</h1>
			<section className="card" aria-labelledby="sync-heading">
				<h2 id="sync-heading">Last catalog sync</h2>
				{!lastSync ? (
					<p>The catalog has not been synced yet. It syncs from content/ every time the app starts.</p>
				) : lastSync.ok ? (
					<p>Loaded {formatDateTime(lastSync.at)} without problems. Each start checks content/ and loads it again when it has changed.</p>
				) : (
					<div className="form-error" role="alert">
						<p>
							The sync at {formatDateTime(lastSync.at)} was rejected; the catalog below is the last good one
							{lastGoodSyncAt ? ` (synced ${formatDateTime(lastGoodSyncAt)})` : ''}. Fix these problems (npm run content:check lists them too):
						</p>
						<ul>
							{lastSync.problems.map((problem) => (
								<li key={formatProblem(problem)}>
									<code>{formatProblem(problem)}</code>
								</li>
							))}
						</ul>
					</div>
				)}
			</section>
			<h2>Modules ({modules.length})</h2>
			<DataTable
				label="Modules"
				rows={modules}
				rowKey={(m) => m.id}
				empty="No modules in the catalog."
				columns={[
					{ header: 'Module', cell: (m) => <>{m.title} <span className="muted">({m.id})</span> {m.retired ? <span className="badge badge-missing">Retired</span> : null}</> },
					{ header: 'Kind', cell: (m) => (m.kind === 'scorm' ? `SCORM${m.source === 'upload' ? ' (uploaded)' : ''}` : m.kind) },
					{ header: 'Current version', cell: (m) => <>v{m.current.version} · <code>{m.current.hash}</code> · {formatDateTime(m.current.createdAt)}</> },
					{ header: 'Versions', cell: (m) => m.versionCount },
				]}
			/>
			<ScormUploadForm errors={actionData?.errors ?? {}} imported={actionData?.imported ?? null} units={units} />
			<h2>Quizzes ({quizzes.length})</h2>
			<DataTable
				label="Quizzes"
				rows={quizzes}
				rowKey={(q) => q.id}
				empty="No quizzes in the catalog."
				columns={[
					{ header: 'Quiz', cell: (q) => <>{q.title} {q.retired ? <span className="badge badge-missing">Retired</span> : null}</> },
					{ header: 'Questions', cell: (q) => `${q.questionsPerAttempt} of ${q.questionCount}` },
					{ header: 'Pass mark', cell: (q) => `${q.passMark}%` },
					{ header: 'Current version', cell: (q) => <>v{q.current.version} · <code>{q.current.hash}</code></> },
					{ header: 'Versions', cell: (q) => q.versionCount },
				]}
			/>
			<h2>Certifications ({certifications.length})</h2>
			<DataTable
				label="Certifications"
				rows={certifications}
				rowKey={(c) => c.code}
				empty="No certifications in the catalog."
				columns={[
					{ header: 'Code', cell: (c) => c.code },
					{ header: 'Name', cell: (c) => `${c.name}${c.requiredForAllReps ? ' (every rep)' : ''}` },
					{ header: 'Validity', cell: (c) => `${c.validityMonths} months` },
					{ header: 'Renewal window', cell: (c) => `${c.recertificationWindowDays} days` },
					{ header: 'Required modules', cell: (c) => c.requirements.join(', ') },
				]}
			/>
			<h2>Work types ({workTypes.length})</h2>
			<DataTable
				label="Work types"
				rows={workTypes}
				rowKey={(w) => w.code}
				empty="No work types in the catalog."
				columns={[
					{ header: 'Code', cell: (w) => w.code },
					{ header: 'Name', cell: (w) => w.name },
					{ header: 'Requires', cell: (w) => w.requirements.join(', ') },
				]}
			/>
		</div>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
