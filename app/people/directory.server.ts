import { type SessionUser, visiblePeopleFilter, canOversee } from '#app/auth/permissions.server.ts'
import { prisma } from '#app/utils/db.server.ts'

export const PEOPLE_PAGE_SIZE = 25

/** People the viewer oversees, matching a free-text query, one page at a time. */
export async function searchPeople({ viewer, query, page }: { viewer: SessionUser; query: string; page: number }) {
	const text = query.trim()
	const where = {
		AND: [
			visiblePeopleFilter(viewer),
			text
				? { OR: [{ name: { contains: text } }, { employeeId: { contains: text.toUpperCase() } }, { email: { contains: text.toLowerCase() } }] }
				: {},
		],
	}
	const [total, people] = await Promise.all([
		prisma.person.count({ where }),
		prisma.person.findMany({
			where,
			orderBy: [{ name: 'asc' }, { employeeId: 'asc' }],
			skip: (page - 1) * PEOPLE_PAGE_SIZE,
			take: PEOPLE_PAGE_SIZE,
			select: {
				employeeId: true,
				name: true,
				leftAt: true,
				orgUnit: { select: { name: true } },
				roles: { select: { role: true } },
			},
		}),
	])
	return {
		total,
		pageCount: Math.max(1, Math.ceil(total / PEOPLE_PAGE_SIZE)),
		people: people.map((person) => ({
			employeeId: person.employeeId,
			name: person.name,
			team: person.orgUnit.name,
			roles: person.roles.map((r) => r.role),
			leftAt: person.leftAt?.toISOString() ?? null,
		})),
	}
}

/** One person's profile, or null when they do not exist or are outside the viewer's units. */
export async function findVisiblePerson({ viewer, employeeId }: { viewer: SessionUser; employeeId: string }) {
	const person = await prisma.person.findUnique({
		where: { employeeId },
		select: {
			id: true,
			employeeId: true,
			name: true,
			email: true,
			leftAt: true,
			orgUnit: { select: { name: true, path: true } },
			roles: { select: { role: true } },
		},
	})
	if (!person || !canOversee(viewer, person.orgUnit.path)) return null
	return person
}
