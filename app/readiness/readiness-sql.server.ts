import { Prisma } from '#app/generated/prisma/client.ts'
import { type databaseKindOf } from '#app/utils/db.server.ts'
import { sqliteTimestamp } from '#app/utils/sqlite-instants.server.ts'
import { type RepProfile } from './readiness-data.server.ts'
import { DAY_MS, trendInstants } from './readiness.ts'

/*
 * The readiness aggregation as portable SQL (CTEs, CASE, window functions; no dialect functions;
 * text compared bytewise on both databases) over the CertificationPeriod read model. One pass over each rep's periods yields a few numbers
 * per rep; several counts share one integer where a SUM of powers of two keeps each in its own
 * bit field, because SQLite evaluates one SUM per row far faster than one per count.
 */

const { sql, join, empty, raw } = Prisma

const pow2 = (n: number) => 2n ** BigInt(n)
const joined = (parts: Prisma.Sql[], separator = ', ') => (parts.length ? join(parts, separator) : empty)
/**
 * Integers go into the statement as literals: bound parameters reach SQLite as floating point
 * (the Prisma adapter binds JS numbers as REAL), and mixed comparisons slow the pass by a third.
 */
export const lit = (n: number | bigint) => raw(BigInt(n).toString())

export type Dialect = ReturnType<typeof databaseKindOf>

/**
 * Text compared as SQLite compares it, by its UTF-8 bytes: pages cut by separate statements are
 * merged in that order (orderBySortKeys). PostgreSQL compares by the database's collation, a
 * locale's order on most servers, unless told "C".
 */
export const bytewise = (text: Prisma.Sql, dialect: Dialect) => (dialect === 'postgresql' ? sql`${text} COLLATE "C"` : text)

/**
 * Ids, codes and instants go in as literals too when they cannot contain a quote: a bound text
 * parameter is copied on every comparison, and the pass compares codes per period and units
 * per person. Anything else stays a bound parameter.
 */
const text = (value: string | Date) => {
	const literal = value instanceof Date ? sqliteTimestamp(value) : value
	return /^[\w.:+-]*$/.test(literal) ? raw(`'${literal}'`) : sql`${value}`
}

/** Per rep: how many required certifications are revoked, suspended, expired, expiring, valid (each at most 31). */
const STATE_BITS = 8
/** Per rep and month: how many required certifications are held (trend) or expire (expiries). */
const MONTH_BITS = 5
const MONTH_FIELD = 2 ** MONTH_BITS - 1
/** The KPI flags hold a bit per work type beside ten bits of state (readiness-summary.server.ts). */
const MAX_WORK_TYPES = 50

export type StateCode = 0 | 1 | 2 | 3 | 4 | 5 // missing, revoked, suspended, expired, expiring, valid: worst first

/** Reps who must hold the same things share one profile; each certification and work type gets a bit. */
export function encodeProfiles({ profiles, windows, capacityWorkTypes, at }: { profiles: RepProfile[]; windows: Map<string, number>; capacityWorkTypes: Array<{ code: string; requires: string[] }>; at: Date }) {
	const codes = [...new Set(profiles.flatMap((p) => [...p.required, ...p.workTypeCertifications]))].sort()
	if (codes.length > 62) throw new Error('Readiness aggregates at most 62 certifications (one bit each in a BIGINT).')
	if (profiles.some((p) => p.required.length > MONTH_FIELD)) throw new Error(`Readiness counts at most ${MONTH_FIELD} required certifications per rep.`)
	if (capacityWorkTypes.length > MAX_WORK_TYPES) throw new Error(`Readiness counts staffing capacity for at most ${MAX_WORK_TYPES} work types.`)
	const bit = new Map(codes.map((code, i) => [code, pow2(i)]))
	const mask = (list: string[]) => list.reduce((m, code) => m | (bit.get(code) ?? 0n), 0n)
	const workTypeBit = new Map(capacityWorkTypes.map((w, i) => [w.code, pow2(i)]))
	type Encoded = { required: bigint; requiredCodes: string[]; requiredCount: number; evaluated: bigint; evaluatedCodes: string[]; workTypes: bigint; units: string[]; people: string[] }
	const encoded = new Map<string, Encoded>()
	for (const p of profiles) {
		const evaluatedCodes = [...new Set([...p.required, ...p.workTypeCertifications])].sort()
		const masks = { required: mask(p.required), requiredCodes: p.required, requiredCount: p.required.length, evaluated: mask(evaluatedCodes), evaluatedCodes, workTypes: p.workTypes.reduce((m, w) => m | (workTypeBit.get(w) ?? 0n), 0n) }
		const key = `${masks.required}/${masks.evaluated}/${masks.workTypes}`
		const entry = encoded.get(key) ?? { ...masks, units: [], people: [] }
		if (p.personId === null) entry.units.push(p.orgUnitId)
		else entry.people.push(p.personId)
		encoded.set(key, entry)
	}
	return {
		profiles: [...encoded.values()],
		certifications: codes.map((code) => ({ code, bit: bit.get(code)!, expiringFrom: BigInt(at.getTime() + (windows.get(code) ?? 0) * DAY_MS) })),
		capacity: capacityWorkTypes.map((w) => ({ bit: workTypeBit.get(w.code)!, requires: w.requires.every((c) => bit.has(c)) ? mask(w.requires) : null })),
	}
}
type EncodedProfiles = ReturnType<typeof encodeProfiles>

/**
 * Which org units' people are in scope. A large scope is read in employee ID order (COALESCE
 * keeps SQLite off the orgUnitId index), so the pass below groups as it reads instead of sorting.
 */
type UnitScope = { unitIds: string[]; everyUnit: boolean; large: boolean }

/** Reps whose employee ID is at least `from` and below `below` (null: unbounded), in SQL's text order. */
export type EmployeeIdRange = { from: string | null; below: string | null }

export type AggregationScope = { encoded: EncodedProfiles; units: UnitScope; individuals: string[]; onlyEmployeeIds?: string[]; employeeIds?: EmployeeIdRange }

export const inList = (column: Prisma.Sql, values: string[]) => (values.length ? sql`${column} IN (${join(values.map(text))})` : sql`1 = 0`)

/** Each rep in scope with the index of their profile (-1: not counted), in employee ID order. */
function repCte({ encoded, units, individuals, onlyEmployeeIds, employeeIds = { from: null, below: null } }: AggregationScope, dialect: Dialect) {
	// People with work types of their own first: they never count through their unit.
	const profile = sql`CASE
		${joined(encoded.profiles.flatMap((p, i) => (p.people.length ? [sql`WHEN ${inList(sql`p."id"`, p.people)} THEN ${lit(i)}`] : [])), ' ')}
		${individuals.length ? sql`WHEN ${inList(sql`p."id"`, individuals)} THEN -1` : empty}
		${joined(encoded.profiles.flatMap((p, i) => (p.units.length ? [sql`WHEN ${inList(sql`p."orgUnitId"`, p.units)} THEN ${lit(i)}`] : [])), ' ')}
		ELSE -1 END`
	const scope = units.everyUnit ? sql`1 = 1` : inList(units.large ? sql`COALESCE(p."orgUnitId", '')` : sql`p."orgUnitId"`, units.unitIds)
	const only = onlyEmployeeIds ? sql`AND ${inList(sql`p."employeeId"`, onlyEmployeeIds)}` : empty
	// In the order employeeIdRanges splits in.
	const employeeId = bytewise(sql`p."employeeId"`, dialect)
	const from = employeeIds.from === null ? empty : sql`AND ${employeeId} >= ${text(employeeIds.from)}`
	const below = employeeIds.below === null ? empty : sql`AND ${employeeId} < ${text(employeeIds.below)}`
	// Ordered by every column the pass groups by, so it groups as it reads instead of sorting.
	return sql`"rep" AS MATERIALIZED (
		SELECT p."id", p."employeeId", p."orgUnitId", p."leftAt", ${profile} AS "profile" FROM "Person" p
		WHERE ${scope} ${only} ${from} ${below} AND EXISTS (SELECT 1 FROM "PersonRole" pr WHERE pr."personId" = p."id" AND pr."role" = 'rep')
		ORDER BY p."employeeId", p."orgUnitId", p."leftAt", "profile")`
}

/** The rep's profile decides which certifications a period may belong to: a CASE of IN lists. */
function profileHas(encoded: EncodedProfiles, codes: (p: EncodedProfiles['profiles'][number]) => string[]) {
	return sql`CASE r."profile" ${join(encoded.profiles.map((p, i) => sql`WHEN ${lit(i)} THEN ${inList(sql`s."certificationCode"`, codes(p))}`), ' ')} ELSE 1 = 0 END`
}

/** Counts toward the rep's state (narrowed by a filter), not only toward staffing capacity. */
function focused(encoded: EncodedProfiles) {
	const narrowed = encoded.profiles.flatMap((p, i) => (p.required === p.evaluated ? [] : [sql`WHEN ${lit(i)} THEN ${inList(sql`s."certificationCode"`, p.requiredCodes)}`]))
	return narrowed.length ? sql`(CASE r."profile" ${join(narrowed, ' ')} ELSE 1 = 1 END)` : sql`1 = 1`
}

const byCertification = (encoded: EncodedProfiles, value: (c: EncodedProfiles['certifications'][number]) => bigint) =>
	sql`CASE s."certificationCode" ${join(encoded.certifications.map((c) => sql`WHEN ${text(c.code)} THEN ${lit(value(c))}`), ' ')} ELSE 0 END`

const holds = (t: bigint) => sql`s."startsAt" <= ${lit(t)} AND (s."endsAt" IS NULL OR s."endsAt" > ${lit(t)})`
const eligible = (t: bigint) => sql`s."startsAt" <= ${lit(t)} AND s."eligibleUntil" > ${lit(t)}`

/** The one rule, as in certificationStatusAt: the period holding `at` decides; a value per state. */
function stateCase(encoded: EncodedProfiles, at: bigint, [revoked, suspended, expired, expiring, valid]: [bigint, bigint, bigint, bigint, bigint]) {
	return sql`CASE WHEN s."withdrawal" = 'revoked' THEN ${lit(revoked)} WHEN s."withdrawal" = 'suspended' THEN ${lit(suspended)} WHEN s."expiresAt" <= ${lit(at)} THEN ${lit(expired)} WHEN s."expiresAt" <= ${byCertification(encoded, (c) => c.expiringFrom)} THEN ${lit(expiring)} ELSE ${lit(valid)} END`
}

/** A 1 in the field of each month-end an eligible stretch covers: (32^hi - 32^lo) / 31. */
function monthEndCoverage(monthEnds: bigint[]) {
	const field = (i: number) => pow2(MONTH_BITS * i)
	const from = sql`CASE ${join(monthEnds.map((m, i) => sql`WHEN s."startsAt" <= ${lit(m)} THEN ${lit(field(i))}`), ' ')} ELSE ${lit(field(monthEnds.length))} END`
	const until = sql`CASE ${join([...monthEnds].reverse().map((m, i) => sql`WHEN s."eligibleUntil" > ${lit(m)} THEN ${lit(field(monthEnds.length - i))}`), ' ')} ELSE 1 END`
	return sql`((${until}) - (${from})) / ${lit(MONTH_FIELD)}`
}

/** A 1 in the field of the month (from `at`'s, 12 of them) in which an expiry falls. */
function expiryMonthField(monthStarts: bigint[]) {
	return sql`CASE ${join(monthStarts.slice(1).map((m, i) => sql`WHEN s."expiresAt" < ${lit(m)} THEN ${lit(pow2(MONTH_BITS * i))}`), ' ')} ELSE 0 END`
}

export const monthField = (packed: Prisma.Sql, i: number) => sql`((${packed} >> ${lit(MONTH_BITS * i)}) & ${lit(MONTH_FIELD)})`

export type Instants = { at: Date; today: Date; monthStarts: Date[] }

/** Per profile, from the rep's profile index: a constant of that profile. */
const perProfile = (encoded: EncodedProfiles, value: (p: EncodedProfiles['profiles'][number]) => bigint | number) =>
	sql`CASE r."profile" ${join(encoded.profiles.map((p, i) => sql`WHEN ${lit(i)} THEN ${lit(value(p))}`), ' ')} END`

/**
 * One row per rep, from one pass over their periods: their state counts, worst state, next
 * expiry, expiries by month, month-end trend, eligibility masks and whether active on each date.
 * Periods that start after every instant looked at, or end before all of them, are skipped.
 */
function repStateCte({ encoded }: AggregationScope, { at, today, monthStarts }: Instants, withName: boolean) {
	const [A, T] = [BigInt(at.getTime()), BigInt(today.getTime())]
	const monthEnds = trendInstants(at).slice(0, -1)
	const earliest = [T, BigInt(monthEnds[0]!.getTime())].reduce((min, t) => (t < min ? t : min))
	const latest = A > T ? A : T
	const isFocused = focused(encoded)
	const stateFields = [0, 1, 2, 3, 4].map((i) => pow2(STATE_BITS * i)) as [bigint, bigint, bigint, bigint, bigint]
	const stateCounts = sql`CAST(SUM(CASE WHEN ${isFocused} AND ${holds(A)} THEN ${stateCase(encoded, A, stateFields)} ELSE 0 END) AS BIGINT)`
	const [revoked, suspended, expired, expiring, valid] = [0, 1, 2, 3, 4].map((i) => sql`((${stateCounts} >> ${lit(STATE_BITS * i)}) & ${lit(2 ** STATE_BITS - 1)})`) as [Prisma.Sql, Prisma.Sql, Prisma.Sql, Prisma.Sql, Prisma.Sql]
	const requiredCount = perProfile(encoded, (p) => p.requiredCount)
	const missing = sql`(${requiredCount} - ${revoked} - ${suspended} - ${expired} - ${expiring} - ${valid})`
	const eligibleMask = (t: bigint) => sql`CAST(SUM(CASE WHEN ${eligible(t)} THEN ${byCertification(encoded, (c) => c.bit)} ELSE 0 END) AS BIGINT)`
	const activeOn = (t: Date) => sql`CASE WHEN r."leftAt" IS NULL OR r."leftAt" > ${text(t)} THEN 1 ELSE 0 END`
	return sql`"rep_state" AS MATERIALIZED (
		SELECT r."employeeId", r."orgUnitId", ${withName ? sql`MAX(p."name") AS "name",` : empty}
			${requiredCount} AS "requiredCount", ${perProfile(encoded, (p) => p.workTypes)} AS "workTypes", ${revoked} AS "revoked", ${suspended} AS "suspended", ${expired} AS "expired",
			CASE WHEN ${missing} > 0 THEN 0 WHEN ${revoked} > 0 THEN 1 WHEN ${suspended} > 0 THEN 2 WHEN ${expired} > 0 THEN 3 WHEN ${expiring} > 0 THEN 4 ELSE 5 END AS "worst",
			MIN(CASE WHEN ${isFocused} AND ${eligible(A)} THEN s."expiresAt" END) AS "nextExpiry",
			CAST(SUM(CASE WHEN ${isFocused} AND ${eligible(A)} THEN ${expiryMonthField(monthStarts.map((d) => BigInt(d.getTime())))} ELSE 0 END) AS BIGINT) AS "expiries",
			CAST(SUM(CASE WHEN ${isFocused} AND s."eligibleUntil" > ${lit(monthEnds[0]!.getTime())} THEN ${monthEndCoverage(monthEnds.map((d) => BigInt(d.getTime())))} ELSE 0 END) AS BIGINT) AS "trend",
			${eligibleMask(A)} AS "eligibleAt", ${eligibleMask(T)} AS "eligibleToday",
			${activeOn(at)} AS "active", ${activeOn(today)} AS "activeToday",
			CASE WHEN r."leftAt" IS NULL THEN ${lit(monthEnds.length)} ${join(monthEnds.map((end, i) => sql`WHEN r."leftAt" <= ${text(end)} THEN ${lit(i)}`), ' ')} ELSE ${lit(monthEnds.length)} END AS "activeMonths"
		FROM "rep" r
		${withName ? sql`JOIN "Person" p ON p."id" = r."id"` : empty}
		LEFT JOIN "CertificationPeriod" s ON s."personId" = r."id" AND s."startsAt" <= ${lit(latest)} AND (s."endsAt" IS NULL OR s."endsAt" > ${lit(earliest)}) AND ${profileHas(encoded, (p) => p.evaluatedCodes)}
		WHERE r."profile" >= 0
		GROUP BY r."employeeId", r."orgUnitId", r."leftAt", r."profile"
	)`
}

/** WITH clause defining "rep_state": one row per rep in scope, everything the views count. */
export function repStateWith(scope: AggregationScope, instants: Instants, { withName, dialect }: { withName: boolean; dialect: Dialect }) {
	return sql`WITH ${repCte(scope, dialect)}, ${repStateCte(scope, instants, withName)}`
}

/** Each required certification's state at `at` for the reps in scope: the people table's detail. */
export function pairStatesSql(scope: AggregationScope, at: Date, dialect: Dialect) {
	const A = BigInt(at.getTime())
	const required = scope.encoded.profiles.flatMap((p, i) => p.requiredCodes.map((code) => sql`(${lit(i)}, ${text(code)})`))
	if (!required.length) return null
	return sql`WITH ${repCte(scope, dialect)}, "required"("profile", "code") AS (VALUES ${join(required)})
		SELECT r."employeeId", q."code", CASE WHEN s."personId" IS NULL THEN 0 ELSE ${stateCase(scope.encoded, A, [1n, 2n, 3n, 4n, 5n])} END AS "state"
		FROM "rep" r JOIN "required" q ON q."profile" = r."profile"
		LEFT JOIN "CertificationPeriod" s ON s."personId" = r."id" AND s."certificationCode" = q."code" AND ${holds(A)}`
}
