import { z } from 'zod'
import { oversightPaths, type SessionUser } from '#app/auth/permissions.server.ts'
import { prisma, type Db } from '#app/utils/db.server.ts'

export const readinessFiltersSchema = z.object({
	asOf: z.iso.date({ message: 'must be a date like 2026-12-31' }).optional(),
	unit: z.string().max(60).optional(),
	certification: z.string().max(60).optional(),
	workType: z.string().max(60).optional(),
})
export type ReadinessFilters = z.infer<typeof readinessFiltersSchema>

type Unit = { id: string; code: string; name: string; kind: string; path: string }

/**
 * Who counts and what they must hold, for every rep sharing it: the reps of one org unit, or
 * one rep with work types of their own. The aggregation joins it to people in the database.
 */
export type RepProfile = {
	orgUnitId: string
	personId: string | null
	/** What counts toward their state: their required certifications, narrowed by a filter. */
	required: string[]
	/** Every work type that applies to them (assigned to their unit, a unit above, or them). */
	workTypes: string[]
	/** Every certification those work types require, for staffing capacity. */
	workTypeCertifications: string[]
}

function narrowScope(viewerPaths: string[] | null, unit: Unit | undefined) {
	if (!unit) return viewerPaths
	const visible = viewerPaths === null || viewerPaths.some((path) => unit.path.startsWith(path))
	return visible ? [unit.path] : []
}

async function loadCatalog(db: Db) {
	const [units, certifications, workTypes, requirements, assignments] = await Promise.all([
		db.orgUnit.findMany({ orderBy: { path: 'asc' }, select: { id: true, code: true, name: true, kind: true, path: true } }),
		db.certification.findMany({ orderBy: { code: 'asc' }, select: { code: true, name: true, recertificationWindowDays: true, requiredForAllReps: true, retiredAt: true } }),
		db.workType.findMany({ where: { retiredAt: null }, orderBy: { code: 'asc' }, select: { code: true, name: true } }),
		db.workTypeRequirement.findMany({ select: { workTypeCode: true, certificationCode: true } }),
		db.workTypeAssignment.findMany({ select: { workTypeCode: true, orgUnitId: true, personId: true } }),
	])
	const requires = new Map<string, string[]>()
	for (const r of requirements) requires.set(r.workTypeCode, [...(requires.get(r.workTypeCode) ?? []), r.certificationCode].sort())
	return { units, certifications, workTypes, requires, assignments }
}

type Catalog = Awaited<ReturnType<typeof loadCatalog>>

const uniqueSorted = (codes: string[]) => [...new Set(codes)].sort()

/** A certification or work type filter narrows both who counts and what they must hold. */
function focus(full: { required: string[]; workTypes: string[] }, filters: ReadinessFilters, requires: Catalog['requires']) {
	if (filters.workType) return full.workTypes.includes(filters.workType) ? (requires.get(filters.workType) ?? []) : null
	if (filters.certification) return full.required.includes(filters.certification) ? [filters.certification] : null
	return full.required
}

/** Profiles for the org units in scope, and for their people who have work types of their own. */
async function repProfiles({ catalog, scopePaths, filters }: { catalog: Catalog; scopePaths: string[] | null; filters: ReadinessFilters }, db: Db) {
	const forAll = catalog.certifications.filter((c) => c.requiredForAllReps && !c.retiredAt).map((c) => c.code)
	const unitById = new Map(catalog.units.map((u) => [u.id, u]))
	const unitIdByCode = new Map(catalog.units.map((u) => [u.code, u.id]))
	const inScope = (unit: Unit) => scopePaths === null || scopePaths.some((path) => unit.path.startsWith(path))
	const ownWorkTypes = new Map<string, string[]>()
	for (const a of catalog.assignments) if (a.personId) ownWorkTypes.set(a.personId, [...(ownWorkTypes.get(a.personId) ?? []), a.workTypeCode])
	const profile = (unit: Unit, personId: string | null): RepProfile | null => {
		const chain = new Set(unit.path.split('/').filter(Boolean).map((code) => unitIdByCode.get(code)))
		const workTypes = uniqueSorted([...catalog.assignments.filter((a) => a.orgUnitId && chain.has(a.orgUnitId)).map((a) => a.workTypeCode), ...(personId ? (ownWorkTypes.get(personId) ?? []) : [])])
		const workTypeCertifications = uniqueSorted(workTypes.flatMap((w) => catalog.requires.get(w) ?? []))
		const required = focus({ required: uniqueSorted([...forAll, ...workTypeCertifications]), workTypes }, filters, catalog.requires)
		return required && { orgUnitId: unit.id, personId, required, workTypes, workTypeCertifications }
	}
	const people = ownWorkTypes.size ? await db.person.findMany({ where: { id: { in: [...ownWorkTypes.keys()] } }, select: { id: true, orgUnitId: true } }) : []
	const profiles = [
		...catalog.units.filter(inScope).map((unit) => profile(unit, null)),
		...people.map((p) => ({ person: p, unit: unitById.get(p.orgUnitId)! })).filter(({ unit }) => inScope(unit)).map(({ person, unit }) => profile(unit, person.id)),
	]
	// People with work types of their own never count through their unit's profile.
	return { profiles: profiles.filter((p): p is RepProfile => p !== null), individuals: people.map((p) => p.id) }
}

/**
 * What the readiness views compute from, for the reps a viewer oversees: the org, the catalog
 * and one profile per group of reps who must hold the same things. A handful of small queries
 * whatever the workforce size; the people themselves are only ever aggregated in the database.
 */
export async function loadReadinessContext({ viewer, filters }: { viewer: SessionUser; filters: ReadinessFilters }, db: Db = prisma) {
	const catalog = await loadCatalog(db)
	const viewerPaths = oversightPaths(viewer)
	const selectedUnit = catalog.units.find((u) => u.code === filters.unit)
	const scopePaths = narrowScope(viewerPaths, selectedUnit)
	const unitName = (code: string | undefined) => catalog.units.find((u) => u.code === code)?.name ?? ''
	return {
		...(await repProfiles({ catalog, scopePaths, filters }, db)),
		/** The org units whose people are in scope; null when that is every unit. */
		scopeUnitIds: scopePaths === null ? null : catalog.units.filter((u) => scopePaths.some((path) => u.path.startsWith(path))).map((u) => u.id),
		units: catalog.units.map((u) => {
			const codes = u.path.split('/').filter(Boolean)
			return { id: u.id, teamName: u.name, regionName: unitName(codes[1] ?? codes[0]) }
		}),
		windows: new Map(catalog.certifications.map((c) => [c.code, c.recertificationWindowDays])),
		workTypes: catalog.workTypes.map((w) => ({ ...w, requires: catalog.requires.get(w.code) ?? [] })),
		options: {
			units: catalog.units.filter((u) => viewerPaths === null || viewerPaths.some((path) => u.path.startsWith(path))).map(({ code, name, kind }) => ({ code, name, kind })),
			certifications: catalog.certifications.filter((c) => !c.retiredAt).map(({ code, name }) => ({ code, name })),
			workTypes: catalog.workTypes,
		},
		selectedUnit: selectedUnit && scopePaths?.length ? { code: selectedUnit.code, name: selectedUnit.name, kind: selectedUnit.kind } : null,
	}
}

export type ReadinessContext = Awaited<ReturnType<typeof loadReadinessContext>>
