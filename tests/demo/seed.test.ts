import { describe, expect, test } from 'vitest'
import { DEMO_REP_COUNT, isDatabaseEmpty, seedDemoData } from '#app/demo/demo-data.server.ts'
import { signIn } from '#app/auth/sign-in.server.ts'
import { type Db } from '#app/utils/db.server.ts'
import { freshDatabase, seededDatabase } from '#tests/db-utils.ts'

/** Everything the seed wrote, by natural keys (generated ids and audit hashes aside). */
async function snapshot(db: Db) {
	const [units, people] = await Promise.all([
		db.orgUnit.findMany({ orderBy: { code: 'asc' }, select: { code: true, name: true, kind: true, path: true } }),
		db.person.findMany({
			orderBy: { employeeId: 'asc' },
			select: {
				employeeId: true,
				name: true,
				email: true,
				leftAt: true,
				orgUnit: { select: { code: true } },
				roles: { select: { role: true }, orderBy: { role: 'asc' } },
				managedUnits: { select: { orgUnit: { select: { code: true } } }, orderBy: { orgUnitId: 'asc' } },
				password: { select: { hash: true } },
				awards: {
					orderBy: [{ certificationCode: 'asc' }, { issuedAt: 'asc' }],
					select: { certificationCode: true, issuedAt: true, expiresAt: true, changes: { select: { kind: true, reason: true, at: true } } },
				},
			},
		}),
	])
	return { units, people }
}

const now = new Date('2026-11-26T09:00:00Z')

describe('demo seed', () => {
	// Seeding the full demo twice takes a while on a loaded 2-core machine.
	test('writes the same data on every run', { timeout: 120_000 }, async () => {
		const first = await seededDatabase(now)
		const second = await seededDatabase(now)
		const [a, b] = await Promise.all([snapshot(first), snapshot(second)])
		expect(a).toEqual(b)

		expect(a.units.filter((u) => u.kind === 'business_line').map((u) => u.name)).toEqual(['Power Services', 'Secure Power Services'])
		expect(a.units.filter((u) => u.kind === 'region')).toHaveLength(8)
		expect(a.units.filter((u) => u.kind === 'team')).toHaveLength(12)
		const reps = a.people.filter((p) => p.roles.some((r) => r.role === 'rep'))
		expect(reps).toHaveLength(DEMO_REP_COUNT)
		expect(reps.slice(0, 6).map((p) => p.email)).toEqual([1001, 1002, 1003, 1004, 1005, 1006].map((n) => `sr-${n}@example.com`))
		const manager = a.people.find((p) => p.email === 'manager.emea@example.com')
		expect(manager?.managedUnits.map((m) => m.orgUnit.code).sort()).toEqual(['PS-EMEA', 'SPS-EMEA'])
		expect(a.people.find((p) => p.email === 'admin@example.com')?.roles).toEqual([{ role: 'admin' }])
	})

	test('the demo accounts sign in with the documented password', { timeout: 60_000 }, async () => {
		const db = await seededDatabase(now)
		for (const email of ['admin@example.com', 'manager.emea@example.com', 'sr-1001@example.com', 'sr-1005@example.com']) {
			expect(await signIn({ email, password: 'fieldready', ip: null, at: now }, db)).toMatchObject({ status: 'signed-in' })
		}
		// SR-1006 has left the company: the account no longer signs in.
		expect(await signIn({ email: 'sr-1006@example.com', password: 'fieldready', ip: null, at: now }, db)).toEqual({ status: 'invalid' })
	})

	test('an empty database is recognised, a seeded one is not', { timeout: 60_000 }, async () => {
		const { db } = await freshDatabase()
		expect(await isDatabaseEmpty(db)).toBe(true)
		await seedDemoData({ now }, db)
		expect(await isDatabaseEmpty(db)).toBe(false)
	})
})
