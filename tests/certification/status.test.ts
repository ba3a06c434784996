import { describe, expect, test } from 'vitest'
import {
	addMonthsUtc,
	certificationStatuses,
	certificationStatusAt,
	expiryForNewAward,
	isEligibleStatus,
	withdrawalAt,
	recertificationWindowStart,
	type AwardChange,
	type AwardHistory,
} from '#app/certification/status.ts'

const utc = (iso: string) => new Date(iso)
/** `ms` milliseconds after (or, negative, before) the instant `iso`. */
const offset = (iso: string, ms: number) => new Date(Date.parse(iso) + ms)

const award = (id: string, issuedAt: string, expiresAt: string, changes: AwardChange[] = []): AwardHistory => ({ id, issuedAt: utc(issuedAt), expiresAt: utc(expiresAt), changes })

// A 12-month certification with a 60-day window: 60 days before 2027-03-01 is 2026-12-31 (31 + 28 + 1).
const issuedAt = '2026-03-01T08:00:00.000Z'
const expiresAt = '2027-03-01T08:00:00.000Z'
const windowOpensAt = '2026-12-31T08:00:00.000Z'
const windowDays = 60
const first = award('first', issuedAt, expiresAt)
const statusOf = (awards: AwardHistory[], at: Date) => certificationStatusAt({ awards, windowDays }, at).status

describe('certificationStatusAt', () => {
	test('is missing without any award', () => {
		expect(certificationStatusAt({ awards: [], windowDays }, utc('2026-06-01T00:00:00Z'))).toEqual({ status: 'missing', award: null, expiresAt: null, windowOpensAt: null, withdrawnSince: null })
	})

	test('is missing before the only award is issued, and valid from the instant of issue', () => {
		expect(certificationStatusAt({ awards: [first], windowDays }, offset(issuedAt, -1))).toEqual({ status: 'missing', award: null, expiresAt: null, windowOpensAt: null, withdrawnSince: null })
		expect(statusOf([first], utc(issuedAt))).toBe('valid')
	})

	test('is valid during the award, reporting its expiry and window start', () => {
		expect(certificationStatusAt({ awards: [first], windowDays }, utc('2026-09-15T12:00:00Z'))).toEqual({
			status: 'valid',
			award: first,
			expiresAt: utc(expiresAt),
			windowOpensAt: utc(windowOpensAt),
			withdrawnSince: null,
		})
	})

	test('turns expiring exactly when the recertification window opens', () => {
		expect(statusOf([first], offset(windowOpensAt, -1))).toBe('valid')
		expect(statusOf([first], utc(windowOpensAt))).toBe('expiring')
	})

	test('turns expired exactly at the expiry instant', () => {
		expect(statusOf([first], offset(expiresAt, -1))).toBe('expiring')
		expect(statusOf([first], utc(expiresAt))).toBe('expired')
		expect(statusOf([first], utc('2030-01-01T00:00:00Z'))).toBe('expired')
	})

	test('is revoked from the instant of revocation, even after expiry', () => {
		const revokedAt = '2026-07-10T14:30:00.000Z'
		const revoked = award('revoked', issuedAt, expiresAt, [{ kind: 'revoked', at: utc(revokedAt) }])
		expect(statusOf([revoked], offset(revokedAt, -1))).toBe('valid')
		expect(certificationStatusAt({ awards: [revoked], windowDays }, utc(revokedAt))).toEqual({ status: 'revoked', award: revoked, expiresAt: utc(expiresAt), windowOpensAt: utc(windowOpensAt), withdrawnSince: utc(revokedAt) })
		expect(statusOf([revoked], utc('2028-01-01T00:00:00Z'))).toBe('revoked')
	})

	test('a reinstated award counts again from the instant of reinstatement, whatever order the changes are stored in', () => {
		const revokedAt = '2026-05-01T00:00:00.000Z'
		const reinstatedAt = '2026-06-01T00:00:00.000Z'
		const reinstated = award('reinstated', issuedAt, expiresAt, [
			{ kind: 'reinstated', at: utc(reinstatedAt) },
			{ kind: 'revoked', at: utc(revokedAt) },
		])
		expect(statusOf([reinstated], offset(revokedAt, -1))).toBe('valid')
		expect(statusOf([reinstated], offset(reinstatedAt, -1))).toBe('revoked')
		expect(statusOf([reinstated], utc(reinstatedAt))).toBe('valid')
		expect(statusOf([reinstated], utc(windowOpensAt))).toBe('expiring')
		expect(statusOf([reinstated], utc(expiresAt))).toBe('expired')
	})

	test('a suspended award is suspended, not revoked, until reinstated, and a later revocation makes it revoked', () => {
		const suspendedAt = '2027-01-10T09:00:00.000Z'
		const suspended = award('suspended', issuedAt, expiresAt, [{ kind: 'suspended', at: utc(suspendedAt) }])
		expect(statusOf([suspended], offset(suspendedAt, -1))).toBe('expiring')
		expect(certificationStatusAt({ awards: [suspended], windowDays }, utc(suspendedAt))).toMatchObject({ status: 'suspended', withdrawnSince: utc(suspendedAt) })
		expect(statusOf([suspended], utc('2030-01-01T00:00:00Z'))).toBe('suspended')
		const escalated = { ...suspended, changes: [...suspended.changes, { kind: 'revoked' as const, at: utc('2027-01-15T09:00:00Z') }] }
		expect(statusOf([escalated], utc('2027-01-12T09:00:00Z'))).toBe('suspended')
		expect(statusOf([escalated], utc('2027-01-15T09:00:00Z'))).toBe('revoked')
		const lifted = { ...suspended, changes: [...suspended.changes, { kind: 'reinstated' as const, at: utc('2027-01-20T09:00:00Z') }] }
		expect(statusOf([lifted], utc('2027-01-20T09:00:00Z'))).toBe('expiring')
	})

	test('a renewal inside the window governs from its issue, the first award before it', () => {
		const renewedAt = '2027-01-15T10:00:00.000Z'
		const renewal = award('renewal', renewedAt, expiryForNewAward({ issuedAt: utc(renewedAt), validityMonths: 12, previousExpiry: utc(expiresAt) }).toISOString())
		expect(renewal.expiresAt).toEqual(utc('2028-03-01T08:00:00Z'))
		// Listed newest first to show that the order of awards does not matter.
		const awards = [renewal, first]
		expect(certificationStatusAt({ awards, windowDays }, offset(renewedAt, -1))).toMatchObject({ status: 'expiring', award: { id: 'first' }, expiresAt: utc(expiresAt) })
		expect(certificationStatusAt({ awards, windowDays }, utc(renewedAt))).toEqual({
			status: 'valid',
			award: renewal,
			expiresAt: utc('2028-03-01T08:00:00Z'),
			// 2028 is a leap year: 60 days before 1 March is 1 January (31 + 29).
			windowOpensAt: utc('2028-01-01T08:00:00Z'),
			withdrawnSince: null,
		})
		expect(statusOf(awards, utc(expiresAt))).toBe('valid')
		expect(statusOf(awards, utc('2028-03-01T08:00:00Z'))).toBe('expired')
	})
})

describe('expiryForNewAward', () => {
	test('renewing before the old award expires extends from the old expiry', () => {
		expect(expiryForNewAward({ issuedAt: utc('2027-01-15T10:00:00Z'), validityMonths: 12, previousExpiry: utc('2027-03-01T08:00:00Z') })).toEqual(utc('2028-03-01T08:00:00Z'))
		expect(expiryForNewAward({ issuedAt: utc('2027-01-15T10:00:00Z'), validityMonths: 24, previousExpiry: utc('2027-03-01T08:00:00Z') })).toEqual(utc('2029-03-01T08:00:00Z'))
	})

	test('renewing after expiry, or a first award, runs from the issue date', () => {
		expect(expiryForNewAward({ issuedAt: utc('2027-03-10T09:30:00Z'), validityMonths: 12, previousExpiry: utc('2027-03-01T08:00:00Z') })).toEqual(utc('2028-03-10T09:30:00Z'))
		expect(expiryForNewAward({ issuedAt: utc('2027-03-10T09:30:00Z'), validityMonths: 12, previousExpiry: null })).toEqual(utc('2028-03-10T09:30:00Z'))
	})
})

describe('addMonthsUtc', () => {
	test('clamps a leap day to the end of February in a common year', () => {
		expect(addMonthsUtc(utc('2028-02-29T00:00:00Z'), 12)).toEqual(utc('2029-02-28T00:00:00Z'))
		expect(addMonthsUtc(utc('2028-02-29T00:00:00Z'), 48)).toEqual(utc('2032-02-29T00:00:00Z'))
	})

	test('keeps 28 February on 28 February, even into a leap year', () => {
		expect(addMonthsUtc(utc('2027-02-28T00:00:00Z'), 12)).toEqual(utc('2028-02-28T00:00:00Z'))
	})

	test('takes 31 January to the last day of February, leap year or not', () => {
		expect(addMonthsUtc(utc('2028-01-31T00:00:00Z'), 1)).toEqual(utc('2028-02-29T00:00:00Z'))
		expect(addMonthsUtc(utc('2027-01-31T00:00:00Z'), 1)).toEqual(utc('2027-02-28T00:00:00Z'))
	})

	test('keeps the time of day, crosses year ends, goes backwards, and leaves its input alone', () => {
		const late = utc('2028-02-29T23:59:59.999Z')
		expect(addMonthsUtc(late, 12)).toEqual(utc('2029-02-28T23:59:59.999Z'))
		expect(late).toEqual(utc('2028-02-29T23:59:59.999Z'))
		expect(addMonthsUtc(utc('2026-12-31T08:00:00Z'), 2)).toEqual(utc('2027-02-28T08:00:00Z'))
		expect(addMonthsUtc(utc('2027-03-31T08:00:00Z'), -1)).toEqual(utc('2027-02-28T08:00:00Z'))
		expect(addMonthsUtc(utc('2029-02-28T00:00:00Z'), -12)).toEqual(utc('2028-02-28T00:00:00Z'))
	})
})

test('recertificationWindowStart is whole 24-hour days before expiry', () => {
	expect(recertificationWindowStart(utc('2027-03-01T08:00:00Z'), 60)).toEqual(utc('2026-12-31T08:00:00Z'))
	expect(recertificationWindowStart(utc('2028-03-01T08:00:00Z'), 90)).toEqual(utc('2027-12-02T08:00:00Z'))
})

describe('withdrawalAt', () => {
	test('ignores changes after the instant asked about', () => {
		const changes: AwardChange[] = [{ kind: 'suspended', at: utc('2026-05-01T00:00:00Z') }]
		expect(withdrawalAt({ changes: [] }, utc('2026-06-01T00:00:00Z'))).toBeNull()
		expect(withdrawalAt({ changes }, offset('2026-05-01T00:00:00Z', -1))).toBeNull()
		expect(withdrawalAt({ changes }, utc('2026-05-01T00:00:00Z'))).toEqual({ kind: 'suspended', since: utc('2026-05-01T00:00:00Z') })
	})

	test('lets the latest change decide, and says which withdrawal and since when', () => {
		const changes: AwardChange[] = [
			{ kind: 'revoked', at: utc('2026-07-01T00:00:00Z') },
			{ kind: 'suspended', at: utc('2026-05-01T00:00:00Z') },
			{ kind: 'reinstated', at: utc('2026-06-01T00:00:00Z') },
		]
		expect(withdrawalAt({ changes }, utc('2026-05-15T00:00:00Z'))).toEqual({ kind: 'suspended', since: utc('2026-05-01T00:00:00Z') })
		expect(withdrawalAt({ changes }, utc('2026-06-15T00:00:00Z'))).toBeNull()
		expect(withdrawalAt({ changes }, utc('2026-07-01T00:00:00Z'))).toEqual({ kind: 'revoked', since: utc('2026-07-01T00:00:00Z') })
	})
})

test('only valid and expiring certifications make a person eligible', () => {
	expect(certificationStatuses.filter(isEligibleStatus)).toEqual(['valid', 'expiring'])
})
