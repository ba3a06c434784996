import { z } from 'zod'
import { oversightPaths, type SessionUser } from '#app/auth/permissions.server.ts'
import { asAwardChanges, type AwardHistory } from '#app/certification/status.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { prisma, type Db } from '#app/utils/db.server.ts'
import { type ReadinessRep } from './readiness.ts'

export const readinessFiltersSchema = z.object({
	asOf: z.iso.date({ message: 'must be a date like 2026-12-31' }).optional(),
	unit: z.string().max(60).optional(),
	certification: z.string().max(60).optional(),
	workType: z.string().max(60).optional(),
})
export type ReadinessFilters = z.infer<typeof readinessFiltersSchema>

type UnitRow = { id: string; code: string; name: string; kind: string; path: string }
type RepRow = { id: string; employeeId: string; name: string; leftAt: Date | null; path: string }
type AwardRow = { personId: string; awardId: string; certificationCode: string; issuedAt: Date; expiresAt: Date; kind: string | null; changedAt: Date | null }

/** `path LIKE ...` conditions for the org units a viewer may see, narrowed to one unit if asked. */
function scopeCondition(paths: string[] | null) {
	if (paths === null) return Prisma.sql`1 = 1`
	if (paths.length === 0) return Prisma.sql`1 = 0`
	return Prisma.join(paths.map((path) => Prisma.sql`u."path" LIKE ${`${path}%`}`), ' OR ', '(', ')')
}

function narrowScope(viewerPaths: string[] | null, unit: UnitRow | undefined) {
	if (!unit) return viewerPaths
	const visible = viewerPaths === null || viewerPaths.some((path) => unit.path.startsWith(path))
	return visible ? [unit.path] : []
}

/**
 * Everything the readiness views compute from, for the reps a viewer oversees: in a handful of
 * queries whatever the workforce size (never one query per person).
 */
export async function loadReadinessReps({ viewer, filters }: { viewer: SessionUser; filters: ReadinessFilters }, db: Db = prisma) {
	const [units, certifications, workTypes, requirements, assignments] = await Promise.all([
		db.orgUnit.findMany({ orderBy: { path: 'asc' }, select: { id: true, code: true, name: true, kind: true, path: true } }),
		db.certification.findMany({ where: { retiredAt: null }, orderBy: { code: 'asc' }, select: { code: true, name: true, recertificationWindowDays: true, requiredForAllReps: true } }),
		db.workType.findMany({ where: { retiredAt: null }, orderBy: { code: 'asc' }, select: { code: true, name: true } }),
		db.workTypeRequirement.findMany({ select: { workTypeCode: true, certificationCode: true } }),
		db.workTypeAssignment.findMany({ select: { workTypeCode: true, orgUnitId: true, personId: true } }),
	])
	const viewerPaths = oversightPaths(viewer)
	const selectedUnit = units.find((u) => u.code === filters.unit)
	const scope = scopeCondition(narrowScope(viewerPaths, selectedUnit))
	const [repRows, awardRows] = await Promise.all([
		db.$queryRaw<RepRow[]>`
			SELECT p."id", p."employeeId", p."name", p."leftAt", u."path"
			FROM "Person" p JOIN "OrgUnit" u ON u."id" = p."orgUnitId"
			WHERE ${scope} AND EXISTS (SELECT 1 FROM "PersonRole" r WHERE r."personId" = p."id" AND r."role" = 'rep')`,
		db.$queryRaw<AwardRow[]>`
			SELECT a."personId", a."id" AS "awardId", a."certificationCode", a."issuedAt", a."expiresAt", c."kind", c."at" AS "changedAt"
			FROM "CertificationAward" a
			JOIN "Person" p ON p."id" = a."personId"
			JOIN "OrgUnit" u ON u."id" = p."orgUnitId"
			LEFT JOIN "AwardStatusChange" c ON c."awardId" = a."id"
			WHERE ${scope}`,
	])
	const unitByCode = new Map(units.map((u) => [u.code, u]))
	const requires = new Map<string, string[]>()
	for (const r of requirements) requires.set(r.workTypeCode, [...(requires.get(r.workTypeCode) ?? []), r.certificationCode])
	const forAll = certifications.filter((c) => c.requiredForAllReps).map((c) => c.code)
	const awardsByPerson = groupAwards(awardRows)

	const reps: ReadinessRep[] = repRows.map((row) => {
		const pathCodes = row.path.split('/').filter(Boolean)
		const pathUnitIds = new Set(pathCodes.map((code) => unitByCode.get(code)?.id))
		const repWorkTypes = [...new Set(assignments.filter((a) => (a.orgUnitId && pathUnitIds.has(a.orgUnitId)) || a.personId === row.id).map((a) => a.workTypeCode))].sort()
		const required = [...new Set([...forAll, ...repWorkTypes.flatMap((w) => requires.get(w) ?? [])])].sort()
		return {
			id: row.id,
			employeeId: row.employeeId,
			name: row.name,
			leftAt: row.leftAt,
			teamName: unitByCode.get(pathCodes.at(-1)!)?.name ?? '',
			regionName: unitByCode.get(pathCodes[1] ?? pathCodes[0]!)?.name ?? '',
			required,
			workTypes: repWorkTypes,
			awards: awardsByPerson.get(row.id) ?? new Map(),
		}
	})
	return {
		reps: focus(reps, filters, requires),
		windows: new Map(certifications.map((c) => [c.code, c.recertificationWindowDays])),
		workTypes: workTypes.map((w) => ({ ...w, requires: (requires.get(w.code) ?? []).sort() })),
		certifications: certifications.map(({ code, name }) => ({ code, name })),
		units: units.filter((u) => viewerPaths === null || viewerPaths.some((path) => u.path.startsWith(path))).map(({ code, name, kind }) => ({ code, name, kind })),
		selectedUnit: selectedUnit && narrowScope(viewerPaths, selectedUnit)?.length ? { code: selectedUnit.code, name: selectedUnit.name, kind: selectedUnit.kind } : null,
	}
}

/** A certification or work type filter narrows both who counts and what they must hold. */
function focus(reps: ReadinessRep[], filters: ReadinessFilters, requires: Map<string, string[]>) {
	if (filters.workType) {
		const needed = requires.get(filters.workType) ?? []
		return reps.filter((rep) => rep.workTypes.includes(filters.workType!)).map((rep) => ({ ...rep, required: needed }))
	}
	if (filters.certification) {
		return reps.filter((rep) => rep.required.includes(filters.certification!)).map((rep) => ({ ...rep, required: [filters.certification!] }))
	}
	return reps
}

function groupAwards(rows: AwardRow[]) {
	const byPerson = new Map<string, Map<string, AwardHistory[]>>()
	const byId = new Map<string, AwardHistory>()
	for (const row of rows) {
		let award = byId.get(row.awardId)
		if (!award) {
			award = { id: row.awardId, issuedAt: row.issuedAt, expiresAt: row.expiresAt, changes: [] }
			byId.set(row.awardId, award)
			const certifications = byPerson.get(row.personId) ?? new Map<string, AwardHistory[]>()
			certifications.set(row.certificationCode, [...(certifications.get(row.certificationCode) ?? []), award])
			byPerson.set(row.personId, certifications)
		}
		if (row.kind) award.changes.push(...asAwardChanges([{ kind: row.kind, at: row.changedAt! }]))
	}
	return byPerson
}
