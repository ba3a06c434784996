import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { requirePermission } from '#app/auth/permissions.server.ts'
import { awardOnProgress } from '#app/certification/awards.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ModuleMarkdown } from '#app/components/markdown.tsx'
import { ProgressBar } from '#app/components/status-badge.tsx'
import { completeModuleReading, getModuleForReader, ModuleNotFoundError, recordSectionViewed } from '#app/learning/module-progress.server.ts'
import { moduleStepFor } from '#app/learning/my-training.server.ts'
import { formatDate } from '#app/utils/dates.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.module.title ?? 'Module'} · FieldReady` }]

async function loadModule(moduleId: string, personId: string) {
	try {
		return await getModuleForReader({ moduleId, personId })
	} catch (error) {
		if (error instanceof ModuleNotFoundError) throw new Response('This module does not exist or is no longer offered.', { status: 404 })
		throw error
	}
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'learn')
	const module = await loadModule(params.moduleId ?? '', user.id)
	const requested = z.coerce.number().int().min(1).max(module.sections.length).safeParse(new URL(request.url).searchParams.get('section'))
	const sectionIndex = requested.success ? requested.data - 1 : resumeSection(module)
	const { sections, ...rest } = module
	const step = await moduleStepFor({ personId: user.id, moduleId: module.moduleId, at: new Date() })
	return {
		module: { ...rest, sectionTitles: sections.map((s) => s.title), completedAt: module.completedAt?.toISOString() ?? null },
		// The figure My training shows (sections and quiz), or reading alone for a module no certification of theirs needs.
		percent: step?.percent ?? (module.completedAt ? 100 : Math.round((module.viewedSections.length / sections.length) * 100)),
		sectionIndex,
		section: sections[sectionIndex]!,
	}
}

/**
 * Where the rep left off: a section is recorded when they move on from it, so they were reading
 * the one after the last recorded (a finished pass stays on its last section).
 */
function resumeSection(module: { lastSection: number; viewedSections: number[]; passCompleted: boolean; sections: unknown[] }) {
	if (module.passCompleted || module.viewedSections.length === 0) return module.lastSection
	return Math.min(module.lastSection + 1, module.sections.length - 1)
}

const actionSchema = z.discriminatedUnion('intent', [
	z.object({ intent: z.literal('next'), sectionIndex: z.coerce.number().int().min(0) }),
	z.object({ intent: z.literal('finish'), sectionIndex: z.coerce.number().int().min(0) }),
])

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'learn')
	const moduleId = params.moduleId ?? ''
	const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()))
	if (!parsed.success) throw new Response('Unrecognised request.', { status: 400 })
	const at = new Date()
	try {
		const { sectionCount } = await recordSectionViewed({ personId: user.id, moduleId, sectionIndex: parsed.data.sectionIndex, at })
		if (parsed.data.intent === 'next') {
			return redirect(`/learn/modules/${moduleId}?section=${Math.min(parsed.data.sectionIndex + 2, sectionCount)}`)
		}
		await completeModuleReading({ personId: user.id, moduleId, at, onCompleted: awardOnProgress })
		return redirect(`/learn/modules/${moduleId}?section=${parsed.data.sectionIndex + 1}`)
	} catch (error) {
		if (error instanceof ModuleNotFoundError) throw new Response(error.message, { status: 404 })
		throw error
	}
}

export default function ModuleReaderPage() {
	const { module, percent, sectionIndex, section } = useLoaderData<typeof loader>()
	const navigation = useNavigation()
	const last = sectionIndex === module.sectionTitles.length - 1
	const viewed = new Set(module.viewedSections)
	return (
		<div className="stack">
			<p>
				<Link to="/learn">← My training</Link>
			</p>
			<h1>{module.title}</h1>
			<p className="muted">{module.summary}</p>
			<ProgressBar percent={percent} label={`${module.title} progress`} />
			<p className="muted">
				{percent}% complete{module.quizId ? ': each section read and the quiz passed count as steps' : ''}
			</p>
			{module.completedAt ? (
				<div className="notice" role="status">
					You completed this module on {formatDate(module.completedAt)}.{' '}
					{module.quizId ? <Link to={`/learn/quizzes/${module.quizId}`}>Go to the quiz</Link> : null}
				</div>
			) : null}
			<div className="reader">
				<nav aria-label="Sections">
					<ol className="toc">
						{module.sectionTitles.map((title, index) => (
							<li key={title} className={viewed.has(index) ? 'viewed' : undefined}>
								{index === sectionIndex ? <strong aria-current="step">{title}</strong> : <Link to={`?section=${index + 1}`}>{title}</Link>}
							</li>
						))}
					</ol>
				</nav>
				<article className="card" aria-labelledby="section-heading">
					<p className="muted">
						Section {sectionIndex + 1} of {module.sectionTitles.length}
					</p>
					<h2 id="section-heading">{section.title}</h2>
					<ModuleMarkdown>{section.markdown}</ModuleMarkdown>
					<Form method="post" className="section-nav">
						<input type="hidden" name="sectionIndex" value={sectionIndex} />
						{sectionIndex > 0 ? <Link to={`?section=${sectionIndex}`}>← Previous</Link> : <span />}
						{last && module.passCompleted ? (
							<Link to="/learn">Back to My training</Link>
						) : last ? (
							<button type="submit" name="intent" value="finish" disabled={navigation.state !== 'idle'}>
								Finish module
							</button>
						) : (
							<button type="submit" name="intent" value="next" disabled={navigation.state !== 'idle'}>
								Next section →
							</button>
						)}
					</Form>
					{last && !module.completedAt && viewed.size + (viewed.has(sectionIndex) ? 0 : 1) < module.sectionTitles.length ? (
						<p className="muted">Sections you have not opened yet are unticked in the list; the module completes once you have read them all.</p>
					) : null}
				</article>
			</div>
		</div>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
