import { Form, useNavigation } from '@remix-run/react'
import { type ReactNode } from 'react'
import { ConfirmSubmit } from '#app/components/confirm-submit.tsx'
import { DataTable } from '#app/components/data-table.tsx'
import { OrgUnitCheckboxes, type OrgUnitChoice } from '#app/components/org-unit-checkboxes.tsx'
import { formatDateTime } from '#app/utils/dates.ts'

/** What an admin's change to the courses on offer did, for the page to say. */
export type OfferOutcome = { kind: 'retired'; moduleId: string; title: string } | { kind: 'audience-set' | 'reoffered'; title: string; offeredTo: string[] }

type Course = { id: string; title: string; source: string; audienceCodes: string[] }
type RetiredCourse = { id: string; title: string; retiredAt: string; offeredTo: string[] }

const toWhom = (offeredTo: string[]) => (offeredTo.length ? `to ${offeredTo.join(', ')}` : 'to everyone')

/** Puts a retired course back on offer. It records nothing against anyone and is undone by retiring again, so it asks nothing first. */
function ReofferButton({ moduleId, children }: { moduleId: string; children: ReactNode }) {
	const navigation = useNavigation()
	return (
		<Form method="post">
			<input type="hidden" name="intent" value="reoffer" />
			<input type="hidden" name="moduleId" value={moduleId} />
			<button type="submit" className="secondary" disabled={navigation.state !== 'idle'}>
				{children}
			</button>
		</Form>
	)
}

export function OfferNotice({ outcome }: { outcome: OfferOutcome }) {
	if (outcome.kind !== 'retired') {
		return (
			<p className="notice" role="status">
				{outcome.title} {outcome.kind === 'reoffered' ? 'is on offer again' : 'is now offered'} {toWhom(outcome.offeredTo)}.
			</p>
		)
	}
	return (
		<div className="notice notice-with-action" role="status">
			<p>Retired {outcome.title}: it is no longer offered. The records of those who took it are kept.</p>
			<ReofferButton moduleId={outcome.moduleId}>
				Undo<span className="visually-hidden"> retiring {outcome.title}</span>
			</ReofferButton>
		</div>
	)
}

export function RetireForm({ course }: { course: Course }) {
	const navigation = useNavigation()
	if (course.source !== 'upload') return <span className="muted">From content/</span>
	return (
		<Form method="post">
			<input type="hidden" name="intent" value="retire" />
			<input type="hidden" name="moduleId" value={course.id} />
			<ConfirmSubmit className="danger" disabled={navigation.state !== 'idle'} ask={() => `Retire ${course.title}? Nobody can start it any more; records of those who took it are kept. You can offer it again from this page.`} confirmLabel={() => `Yes: retire ${course.title}`}>
				Retire<span className="visually-hidden"> {course.title}</span>
			</ConfirmSubmit>
		</Form>
	)
}

/** One disclosure per uploaded course on offer, so the page stays short and each form fits a phone's width. */
export function AudienceForms({ courses, units }: { courses: Course[]; units: OrgUnitChoice[] }) {
	const navigation = useNavigation()
	const uploaded = courses.filter((c) => c.source === 'upload')
	return (
		<section aria-labelledby="audience-heading">
			<h2 id="audience-heading">Who uploaded courses are offered to</h2>
			{uploaded.length === 0 ? <p className="notice">No uploaded course is on offer. Upload one on the Content page.</p> : null}
			{uploaded.map((course) => (
				<details key={course.id}>
					<summary>Change who {course.title} is offered to</summary>
					<Form method="post" className="stack">
						<input type="hidden" name="intent" value="set-audience" />
						<input type="hidden" name="moduleId" value={course.id} />
						<OrgUnitCheckboxes id={`audience-${course.id}`} name="audience" legend={`${course.title} is offered to`} units={units} checked={course.audienceCodes} />
						<button type="submit" disabled={navigation.state !== 'idle'}>
							Save<span className="visually-hidden"> who {course.title} is offered to</span>
						</button>
					</Form>
				</details>
			))}
		</section>
	)
}

export function RetiredCourses({ retired }: { retired: RetiredCourse[] }) {
	return (
		<section aria-labelledby="retired-heading">
			<h2 id="retired-heading">Retired courses</h2>
			<DataTable
				label="Retired courses"
				rows={retired}
				rowKey={(c) => c.id}
				empty="No uploaded course is retired. A course you retire is listed here, to be offered again."
				columns={[
					{ header: 'Course', cell: (c) => c.title },
					{ header: 'Retired', cell: (c) => formatDateTime(c.retiredAt) },
					{ header: 'Was offered to', cell: (c) => (c.offeredTo.length ? c.offeredTo.join(', ') : 'Everyone') },
					{
						header: 'Offer again',
						cell: (c) => (
							<ReofferButton moduleId={c.id}>
								Offer again<span className="visually-hidden"> {c.title}</span>
							</ReofferButton>
						),
					},
				]}
			/>
		</section>
	)
}
