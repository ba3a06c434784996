import { describe, expect, test } from 'vitest'
import { certificationStatusAt, type AwardChange, type AwardHistory, type CertificationStatus } from '#app/certification/status.ts'
import { seededRandom } from '#app/demo/random.ts'
import { certificationPeriods, type CertificationPeriod } from '#app/readiness/certification-periods.ts'

const DAY = 86_400_000
const t0 = Date.UTC(2026, 0, 1)

/** Status at `t` read from periods, by the rule the SQL aggregation applies. */
function statusFromPeriods(periods: CertificationPeriod[], windowDays: number, t: number): { status: CertificationStatus; expiresAt: number | null } {
	const period = periods.find((p) => p.startsAt <= t && (p.endsAt === null || p.endsAt > t))
	if (!period) return { status: 'missing', expiresAt: null }
	const eligible = period.eligibleUntil !== null && period.startsAt <= t && t < period.eligibleUntil
	const status = period.withdrawal ?? (t >= period.expiresAt ? 'expired' : t >= period.expiresAt - windowDays * DAY ? 'expiring' : 'valid')
	expect(eligible).toBe(status === 'valid' || status === 'expiring')
	return { status, expiresAt: period.expiresAt }
}

/** Award histories with the awkward cases: renewals early and late, ties, changes before issue. */
function randomHistory(seed: number): AwardHistory[] {
	const random = seededRandom(seed)
	const instant = () => t0 + random.int(-20, 400) * DAY + (random.next() < 0.2 ? 0 : random.int(0, 3) * 3_600_000)
	return Array.from({ length: random.int(0, 4) }, (_, i) => {
		const issuedAt = instant()
		const changes: AwardChange[] = Array.from({ length: random.int(0, 3) }, () => ({ kind: random.pick(['revoked', 'suspended', 'reinstated'] as const), at: new Date(random.next() < 0.2 ? issuedAt : instant()) }))
		return { id: `a${i}`, issuedAt: new Date(issuedAt), expiresAt: new Date(issuedAt + random.int(-10, 400) * DAY), changes }
	}).sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime())
}

describe('certification periods', () => {
	test('say what the status function says, at every boundary and in between, for 2,000 random histories', () => {
		for (let seed = 1; seed <= 2000; seed++) {
			const awards = randomHistory(seed)
			const periods = certificationPeriods(awards)
			const windowDays = [0, 30, 90][seed % 3]!
			const boundaries = awards.flatMap((a) => [a.issuedAt.getTime(), a.expiresAt.getTime(), a.expiresAt.getTime() - windowDays * DAY, ...a.changes.map((c) => c.at.getTime())])
			const instants = [...boundaries.flatMap((b) => [b - 1, b, b + 1]), ...Array.from({ length: 20 }, (_, i) => t0 + (i - 2) * 25 * DAY)]
			for (const t of instants) {
				const expected = certificationStatusAt({ awards, windowDays }, new Date(t))
				expect(statusFromPeriods(periods, windowDays, t), `seed ${seed} at ${new Date(t).toISOString()}`).toEqual({ status: expected.status, expiresAt: expected.expiresAt?.getTime() ?? null })
			}
		}
	})

	test('partition the time from the first issue on: contiguous, one open-ended period last', () => {
		for (let seed = 1; seed <= 500; seed++) {
			const periods = certificationPeriods(randomHistory(seed))
			periods.forEach((p, i) => {
				const next = periods[i + 1]
				expect(p.endsAt).toBe(next ? next.startsAt : null)
				if (p.endsAt !== null) expect(p.endsAt).toBeGreaterThan(p.startsAt)
			})
		}
	})

	test('a renewal before expiry keeps the holder eligible throughout; a revocation ends it', () => {
		const issued = new Date(t0)
		const renewed = new Date(t0 + 300 * DAY)
		const periods = certificationPeriods([
			{ id: 'first', issuedAt: issued, expiresAt: new Date(t0 + 365 * DAY), changes: [] },
			{ id: 'renewal', issuedAt: renewed, expiresAt: new Date(t0 + 730 * DAY), changes: [{ kind: 'revoked', at: new Date(t0 + 400 * DAY) }] },
		])
		expect(periods).toEqual([
			{ awardId: 'first', startsAt: t0, endsAt: renewed.getTime(), expiresAt: t0 + 365 * DAY, eligibleUntil: renewed.getTime(), withdrawal: null },
			{ awardId: 'renewal', startsAt: renewed.getTime(), endsAt: t0 + 400 * DAY, expiresAt: t0 + 730 * DAY, eligibleUntil: t0 + 400 * DAY, withdrawal: null },
			{ awardId: 'renewal', startsAt: t0 + 400 * DAY, endsAt: null, expiresAt: t0 + 730 * DAY, eligibleUntil: null, withdrawal: 'revoked' },
		])
	})
})
