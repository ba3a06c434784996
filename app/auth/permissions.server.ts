import { redirect } from '@remix-run/node'
import { type AwardAction } from '#app/certification/award-fields.ts'
import { isWithinPaths, subtreeFilter } from '#app/org/org-units.server.ts'
import { type Role } from '#app/people/people.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { readSessionId } from './session.server.ts'

/**
 * The one place that decides who may do what. Routes call the `require*` guards; the UI asks
 * `userCan` what to show, so navigation and enforcement never disagree.
 */

export type SessionUser = {
	id: string
	name: string
	email: string
	employeeId: string
	orgUnitId: string
	roles: Role[]
	/** Paths of the org units this person manages ("/SPS/SPS-EMEA/"); empty unless a manager. */
	managedPaths: string[]
}

export const permissions = ['learn', 'view-readiness', 'preview-courses', 'administer', 'assess-practicals', 'see-practical-queue'] as const
export type Permission = (typeof permissions)[number]

const grantedBy: Record<Permission, Role[]> = {
	learn: ['rep'],
	'view-readiness': ['manager', 'admin'],
	// Those who assign, oversee or publish training may try a course without it counting for them.
	'preview-courses': ['manager', 'admin'],
	administer: ['admin'],
	'assess-practicals': ['assessor'],
	// Managers see who of theirs awaits an assessment; assessors and admins see everyone who does.
	'see-practical-queue': ['manager', 'admin', 'assessor'],
}

export function userCan(user: Pick<SessionUser, 'roles'>, permission: Permission) {
	return user.roles.some((role) => grantedBy[permission].includes(role))
}

export async function getOptionalUser(request: Request, at: Date = new Date()): Promise<SessionUser | null> {
	const sessionId = await readSessionId(request)
	if (!sessionId) return null
	const session = await prisma.session.findUnique({
		where: { id: sessionId },
		select: {
			expiresAt: true,
			person: {
				select: {
					id: true,
					name: true,
					email: true,
					employeeId: true,
					orgUnitId: true,
					leftAt: true,
					roles: { select: { role: true } },
					managedUnits: { select: { orgUnit: { select: { path: true } } } },
				},
			},
		},
	})
	if (!session || session.expiresAt <= at) return null
	const { person } = session
	if (person.leftAt && person.leftAt <= at) return null
	return {
		id: person.id,
		name: person.name,
		email: person.email,
		employeeId: person.employeeId,
		orgUnitId: person.orgUnitId,
		roles: person.roles.map((r) => r.role as Role),
		managedPaths: person.managedUnits.map((m) => m.orgUnit.path),
	}
}

export async function requireUser(request: Request) {
	const user = await getOptionalUser(request)
	if (user) return user
	const url = new URL(request.url)
	const redirectTo = `${url.pathname}${url.search}`
	throw redirect(`/login?${new URLSearchParams({ redirectTo })}`)
}

/** For resources loaded by scripts and frames, where a redirect to the sign-in page would be misread: a 401 instead. */
export async function requireUserOr401(request: Request) {
	const user = await getOptionalUser(request)
	if (user) return user
	throw new Response('Sign in to FieldReady to open this.', { status: 401, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
}

export async function requireAnonymous(request: Request) {
	if (await getOptionalUser(request)) throw redirect('/')
}

export function forbidden(message = 'You do not have access to this page.'): never {
	throw new Response(message, { status: 403, statusText: 'Forbidden' })
}

export async function requirePermission(request: Request, permission: Permission) {
	const user = await requireUser(request)
	if (!userCan(user, permission)) forbidden()
	return user
}

/** The org units a user oversees: admins see the whole tree (null = no limit). */
export function oversightPaths(user: SessionUser): string[] | null {
	if (user.roles.includes('admin')) return null
	return user.managedPaths
}

/** Prisma filter on Person for the practical assessment queue: assessors work across the organisation. */
export function practicalQueueFilter(user: SessionUser) {
	return user.roles.includes('assessor') ? {} : visiblePeopleFilter(user)
}

/** Why `actor` may not record a practical assessment of `personId`, or null when they may. */
export function practicalAssessmentRefusal({ actor, personId }: { actor: Pick<SessionUser, 'id' | 'roles'>; personId: string }): string | null {
	if (actor.id === personId) return 'You cannot assess yourself: another assessor must observe your work.'
	if (!actor.roles.includes('assessor')) return 'Only an assessor can record a practical assessment; an administrator grants the role.'
	return null
}

/** Prisma filter on Person limiting a query to the people this user may see as a manager. */
export function visiblePeopleFilter(user: SessionUser) {
	const paths = oversightPaths(user)
	return paths === null ? {} : { orgUnit: subtreeFilter(paths) }
}

export function canOversee(user: SessionUser, orgUnitPath: string) {
	const paths = oversightPaths(user)
	return paths === null || isWithinPaths(orgUnitPath, paths)
}

/** For manager pages about one org unit: 404 when it does not exist, 403 when it is not theirs. */
export async function requireManagerOf(request: Request, orgUnitId: string) {
	const user = await requirePermission(request, 'view-readiness')
	const unit = await prisma.orgUnit.findUnique({ where: { id: orgUnitId }, select: { id: true, path: true, name: true } })
	if (!unit) throw new Response('Org unit not found', { status: 404 })
	if (!canOversee(user, unit.path)) forbidden('This org unit is outside the units you manage.')
	return { user, unit }
}

/** The withdrawal an award is under, and who made it (their own org unit decides who is above them). */
export type AwardWithdrawal = { kind: 'revoked' | 'suspended'; byId: string; byOrgUnitPath: string | null }

type Overseer = Pick<SessionUser, 'id' | 'roles' | 'managedPaths'>

/** A manager strictly above a unit: one of theirs contains it and is not it (a peer manager of the same unit is not above). */
const isAbove = (actor: Overseer, unitPath: string) => actor.managedPaths.some((path) => unitPath.startsWith(path) && unitPath !== path)

/**
 * Separation of duties for certificate decisions: why `actor` may not take `action` on an award
 * held by someone in `holderPath`, or null when they may. Nobody acts on their own record; a
 * manager acts only within the units they oversee; a suspension (temporary) is lifted by any of
 * them; a revocation (final) is reversed only by an admin or a manager above the person who
 * revoked, never by that person.
 */
export function awardActionRefusal({ actor, holder, withdrawn, action }: { actor: Overseer; holder: { id: string; orgUnitPath: string }; withdrawn: AwardWithdrawal | null; action: AwardAction }): string | null {
	if (actor.id === holder.id) return 'You cannot change your own certification; your manager or an administrator decides on it.'
	const isAdmin = actor.roles.includes('admin')
	if (!isAdmin && !(actor.roles.includes('manager') && isWithinPaths(holder.orgUnitPath, actor.managedPaths))) return 'Only an administrator or a manager of this person can change their certifications.'
	if (action !== 'reinstated') {
		if (withdrawn?.kind === 'revoked') return 'This certification is revoked; it can only be reinstated.'
		if (withdrawn?.kind === action) return 'This certification is already suspended.'
		return null
	}
	if (!withdrawn) return 'Only a suspended or revoked certification can be reinstated.'
	if (withdrawn.kind === 'suspended') return null
	if (withdrawn.byId === actor.id) return 'A revocation is reversed by an administrator or a manager above the person who revoked it, never by the same person.'
	if (!isAdmin && !(withdrawn.byOrgUnitPath !== null && isAbove(actor, withdrawn.byOrgUnitPath))) return 'Only an administrator or a manager above the person who revoked it can reverse a revocation.'
	return null
}

/** Why `actor` may not accept or reject a held SCORM completion of `holder`, or null when they may. */
export function completionReviewRefusal({ actor, holder }: { actor: Overseer; holder: { id: string; orgUnitPath: string } }): string | null {
	if (actor.id === holder.id) return 'You cannot review your own course completion; your manager or an administrator decides on it.'
	if (actor.roles.includes('admin')) return null
	if (actor.roles.includes('manager') && isWithinPaths(holder.orgUnitPath, actor.managedPaths)) return null
	return 'Only an administrator or a manager of this person can review their course completions.'
}

export type NavigationItem = { to: string; label: string }

const navigation: Array<NavigationItem & { permission: Permission }> = [
	{ to: '/learn', label: 'My training', permission: 'learn' },
	{ to: '/manage/readiness', label: 'Readiness', permission: 'view-readiness' },
	{ to: '/manage/people', label: 'People', permission: 'view-readiness' },
	{ to: '/manage/courses', label: 'Courses', permission: 'preview-courses' },
	{ to: '/manage/practical-assessments', label: 'Practical assessments', permission: 'see-practical-queue' },
	{ to: '/admin/content', label: 'Content', permission: 'administer' },
	{ to: '/admin/api-clients', label: 'API clients', permission: 'administer' },
	{ to: '/admin/audit', label: 'Audit log', permission: 'administer' },
]

export function navigationFor(user: Pick<SessionUser, 'roles'>): NavigationItem[] {
	return navigation.filter((item) => userCan(user, item.permission)).map(({ to, label }) => ({ to, label }))
}

/** Where a user lands after signing in: their first navigation entry. */
export function homePathFor(user: Pick<SessionUser, 'roles'>) {
	return navigationFor(user)[0]?.to ?? '/account'
}
