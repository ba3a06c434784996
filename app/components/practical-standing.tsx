import { type AssessmentOutcome, outcomeLabels, settingLabels, type AssessmentSetting } from '#app/practical/assessment-fields.ts'
import { formatDate } from '#app/utils/dates.ts'

export type PracticalStanding = {
	certificationCode: string
	certificationName: string
	checklist: { title: string; summary: string; version: number; items: Array<{ id: string; text: string }> } | null
	awaitingSince: string | null
	assessments: Array<{
		id: string
		performedOn: string
		setting: string
		reference: string
		outcome: string
		notes: string
		assessorName: string
		checklistVersion: number
		itemsNotMet: string[]
	}>
}

const outcomeLabel = (outcome: string) => outcomeLabels[outcome as AssessmentOutcome] ?? outcome
const settingLabel = (setting: string) => settingLabels[setting as AssessmentSetting] ?? setting

function AssessmentRecord({ assessment }: { assessment: PracticalStanding['assessments'][number] }) {
	return (
		<li>
			<strong>{outcomeLabel(assessment.outcome)}</strong> on {formatDate(assessment.performedOn)} ({settingLabel(assessment.setting)} {assessment.reference}), observed by{' '}
			{assessment.assessorName}, checklist version {assessment.checklistVersion}.
			{assessment.itemsNotMet.length > 0 ? (
				<>
					{' '}
					Not met:
					<ul>
						{assessment.itemsNotMet.map((text) => (
							<li key={text}>{text}</li>
						))}
					</ul>
				</>
			) : null}
			{assessment.notes ? <p className="muted">Assessor's notes: {assessment.notes}</p> : null}
		</li>
	)
}

/**
 * Practical assessments for each certification that requires one: whether one is awaited, and
 * past results. `audience` "rep" also lists the checklist to prepare for while one is awaited.
 */
export function PracticalStandingList({ standing, audience, headingLevel = 3 }: { standing: PracticalStanding[]; audience: 'rep' | 'manager'; headingLevel?: 3 | 4 }) {
	const Heading = `h${headingLevel}` as const
	const relevant = standing.filter((s) => s.awaitingSince || s.assessments.length > 0)
	if (relevant.length === 0) {
		return <p className="notice">{audience === 'rep' ? 'No practical assessment is due for you.' : 'No practical assessment awaited or recorded.'}</p>
	}
	return (
		<div className="stack">
			{relevant.map((s) => (
				<div key={s.certificationCode} className="card stack">
					<Heading>
						{s.certificationCode}: {s.certificationName}
					</Heading>
					{s.awaitingSince ? (
						<p>
							<span className="badge badge-expiring">Practical pending</span>{' '}
							{audience === 'rep'
								? `Your training was completed on ${formatDate(s.awaitingSince)}. An assessor will observe you doing the work; the certification is awarded once they record you as competent.`
								: `Training completed on ${formatDate(s.awaitingSince)}; awaiting an observed practical assessment.`}
						</p>
					) : null}
					{audience === 'rep' && s.awaitingSince && s.checklist ? (
						<details>
							<summary>What the assessor will look for ({s.checklist.title})</summary>
							<p>{s.checklist.summary}</p>
							<ol>
								{s.checklist.items.map((item) => (
									<li key={item.id}>{item.text}</li>
								))}
							</ol>
						</details>
					) : null}
					{s.assessments.length > 0 ? (
						<ul>
							{s.assessments.map((a) => (
								<AssessmentRecord key={a.id} assessment={a} />
							))}
						</ul>
					) : null}
				</div>
			))}
		</div>
	)
}
