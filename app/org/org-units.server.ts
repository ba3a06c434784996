import { z } from 'zod'
import { prisma, type Db } from '#app/utils/db.server.ts'

export const orgUnitKinds = ['business_line', 'region', 'team'] as const
export type OrgUnitKind = (typeof orgUnitKinds)[number]

const childKind: Record<OrgUnitKind, OrgUnitKind | null> = {
	business_line: 'region',
	region: 'team',
	team: null,
}

export const orgUnitInputSchema = z.object({
	name: z.string().trim().min(2).max(100),
	code: z
		.string()
		.trim()
		.regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, 'use 2-40 capital letters, digits or dashes'),
	kind: z.enum(orgUnitKinds),
	parentCode: z.string().optional(),
})
export type OrgUnitInput = z.infer<typeof orgUnitInputSchema>

/**
 * Creates a unit under its parent. A business line has no parent, a region sits under a
 * business line and a team under a region. The path is built from codes, which never change.
 */
export async function createOrgUnit(input: OrgUnitInput, db: Db = prisma) {
	const unit = orgUnitInputSchema.parse(input)
	const parent = unit.parentCode
		? await db.orgUnit.findUnique({ where: { code: unit.parentCode }, select: { id: true, kind: true, path: true } })
		: null
	if (unit.parentCode && !parent) throw new Error(`Parent org unit ${unit.parentCode} does not exist`)
	const expectedKind = parent ? childKind[parent.kind as OrgUnitKind] : 'business_line'
	if (unit.kind !== expectedKind) {
		throw new Error(`A ${unit.kind} cannot sit ${parent ? `under a ${parent.kind}` : 'at the top'} (expected ${expectedKind ?? 'nothing'})`)
	}
	return db.orgUnit.create({
		data: {
			name: unit.name,
			code: unit.code,
			kind: unit.kind,
			parentId: parent?.id ?? null,
			path: `${parent?.path ?? '/'}${unit.code}/`,
		},
	})
}

/** The unit and everything below it, as a Prisma filter on OrgUnit. */
export function subtreeFilter(paths: string[]) {
	return { OR: paths.map((path) => ({ path: { startsWith: path } })) }
}

export function isWithinPaths(unitPath: string, scopePaths: string[]) {
	return scopePaths.some((scope) => unitPath.startsWith(scope))
}

/** Every unit, parents before their children (paths sort that way), as forms offer them to choose from. */
export async function listOrgUnitsForChoice(db: Db = prisma) {
	return db.orgUnit.findMany({ orderBy: { path: 'asc' }, select: { code: true, name: true, path: true } })
}
