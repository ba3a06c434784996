import { z } from 'zod'
import { awardActionRefusal, completionReviewRefusal, practicalAssessmentRefusal, userCan, type SessionUser } from '#app/auth/permissions.server.ts'
import { awardHistoryForPerson } from '#app/certification/award-history.server.ts'
import { awardActions } from '#app/certification/award-fields.ts'
import { activeCertifications, awardWithdrawal } from '#app/certification/awards.server.ts'
import { certificationOverview } from '#app/certification/overview.server.ts'
import { checkHistoryForPerson } from '#app/eligibility/eligibility.server.ts'
import { myTrainingPlan } from '#app/learning/my-training.server.ts'
import { type findVisiblePerson } from '#app/people/directory.server.ts'
import { employmentHistoryForPerson } from '#app/people/employment.server.ts'
import { isActiveAt } from '#app/people/people.server.ts'
import { practicalStandingFor } from '#app/practical/practical-assessments.server.ts'
import { attemptsForPerson } from '#app/quiz/quiz-info.server.ts'
import { openRetrainingFor } from '#app/retraining/retraining.server.ts'
import { scormAttemptsForPerson } from '#app/scorm/scorm-attempt-report.server.ts'
import { employmentForPage } from './__person-admin.server.ts'
import { personViews, VIEW_PARAM, type PersonView } from './__person-nav.tsx'
import { type AwardDecisions } from './__person-overview.tsx'
import { INTERACTIONS_PARAM } from './__scorm-attempts.tsx'

type VisiblePerson = NonNullable<Awaited<ReturnType<typeof findVisiblePerson>>>
type ViewArgs = { viewer: SessionUser; person: VisiblePerson; url: URL; at: Date }

// A mistyped or outdated link still shows the person: an unknown view is the overview, not an error.
const viewSchema = z.enum(personViews).catch('overview')

/**
 * The view the address asks for. Administration is an administrator's; anyone else asking for it gets
 * the overview, as for an unknown view, so a link an administrator shares still opens the person for a manager.
 */
export function chosenView(url: URL, viewer: SessionUser): PersonView {
	const view = viewSchema.parse(url.searchParams.get(VIEW_PARAM))
	return view === 'administration' && !userCan(viewer, 'administer') ? 'overview' : view
}

/** What every view's header shows of the person. */
export function personHeader(person: VisiblePerson) {
	return {
		employeeId: person.employeeId,
		name: person.name,
		email: person.email,
		team: person.orgUnit.name,
		roles: person.roles.map((r) => r.role),
		leftAt: person.leftAt?.toISOString() ?? null,
	}
}

/** The actions the viewer may take on an award, from the one module that decides, and why none when none. */
async function awardDecisions({ viewer, awardId, holder, at }: { viewer: SessionUser; awardId: string | null; holder: VisiblePerson; at: Date }): Promise<AwardDecisions> {
	if (!awardId) return { allowed: [], note: null }
	const withdrawn = await awardWithdrawal(awardId, at)
	const refusals = awardActions.map((action) => ({ action, refusal: awardActionRefusal({ actor: viewer, holder: { id: holder.id, orgUnitPath: holder.orgUnit.path }, withdrawn, action }) }))
	const allowed = refusals.filter((r) => r.refusal === null).map((r) => r.action)
	return { allowed, note: allowed.length ? null : (refusals.find((r) => r.action === 'reinstated' && withdrawn)?.refusal ?? refusals[0]!.refusal) }
}

async function overview({ viewer, person, at }: ViewArgs) {
	const [certifications, retraining, practicals] = await Promise.all([certificationOverview({ personId: person.id, at }), openRetrainingFor({ personId: person.id, at }), practicalStandingFor({ personId: person.id, at })])
	return {
		name: 'overview' as const,
		certifications: await Promise.all(certifications.map(async ({ moduleIds: _moduleIds, ...line }) => ({ ...line, decisions: await awardDecisions({ viewer, awardId: line.awardId, holder: person, at }) }))),
		retraining,
		practicals,
		// Person.leftAt mirrors the end of the latest employment period: no one who has left is assessed.
		canAssess: isActiveAt(person, at) && practicalAssessmentRefusal({ actor: viewer, personId: person.id }) === null,
	}
}

async function training({ viewer, person, url, at }: ViewArgs) {
	const [plan, attempts, scormAttempts] = await Promise.all([
		myTrainingPlan({ personId: person.id, at }),
		attemptsForPerson(person.id),
		scormAttemptsForPerson(person.id, { interactionsPage: url.searchParams.get(INTERACTIONS_PARAM) }),
	])
	return {
		name: 'training' as const,
		modules: plan.modules.map(({ moduleId, title, percent, state }) => ({ moduleId, title, percent, state })),
		attempts,
		scormAttempts,
		completionReviewRefusal: completionReviewRefusal({ actor: viewer, holder: { id: person.id, orgUnitPath: person.orgUnit.path } }),
	}
}

async function history({ person }: ViewArgs) {
	const [awards, employment, checks] = await Promise.all([awardHistoryForPerson(person.id), employmentHistoryForPerson(person.id), checkHistoryForPerson(person.id)])
	return { name: 'history' as const, awards, employment, checks }
}

async function administration({ viewer, person, at }: ViewArgs) {
	const [employment, certificationCodes] = await Promise.all([employmentHistoryForPerson(person.id), activeCertifications()])
	const { state, limits } = employmentForPage(employment, at)
	return { name: 'administration' as const, employment, certificationCodes, isSelf: viewer.id === person.id, state, limits }
}

const viewLoaders = { overview, training, history, administration } satisfies Record<PersonView, (args: ViewArgs) => Promise<{ name: PersonView }>>

/** Only what the chosen view shows: read on every visit, all of it (SCORM interactions above all) made every view slow. */
export function loadPersonView(view: PersonView, args: ViewArgs) {
	return viewLoaders[view](args)
}
