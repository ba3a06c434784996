import { hashPassword } from '#app/auth/password.server.ts'
import { addMonthsUtc } from '#app/certification/status.ts'
import { createOrgUnit } from '#app/org/org-units.server.ts'
import { createPerson, type NewPerson } from '#app/people/people.server.ts'
import { prisma, type Db } from '#app/utils/db.server.ts'
import { PUBLISHED_DEMO_PASSWORD } from '#app/utils/env.server.ts'
import { demoBusinessLines, demoRegions, demoTeams, firstNames, lastNames, regionCode, teamCode } from './demo-org.ts'
import { seedDemoTraining } from './demo-training.server.ts'
import { seededRandom } from './random.ts'

// A fixed salt keeps the seed byte-for-byte repeatable; acceptable only for throwaway demo accounts.
const DEMO_SALT = Buffer.from('fieldready-demo-salt')

export const DEMO_REP_COUNT = 300
const SEED = 62443

const seedActor = { type: 'system', id: 'demo-seed' } as const

async function seedOrganisation(db: Db) {
	for (const line of demoBusinessLines) {
		await createOrgUnit({ code: line.code, name: line.name, kind: 'business_line' }, db)
		for (const region of demoRegions) {
			await createOrgUnit(
				{ code: regionCode(line.code, region.code), name: `${line.name} ${region.name}`, kind: 'region', parentCode: line.code },
				db,
			)
		}
	}
	for (const team of demoTeams) {
		const line = demoBusinessLines.find((l) => l.code === team.businessLine)!
		await createOrgUnit(
			{ code: teamCode(team), name: `${line.name} ${team.name}`, kind: 'team', parentCode: regionCode(team.businessLine, team.region) },
			db,
		)
	}
}

function demoPeople(): NewPerson[] {
	const random = seededRandom(SEED)
	const usedNames = new Set<string>()
	const uniqueName = () => {
		for (;;) {
			const name = `${random.pick(firstNames)} ${random.pick(lastNames)}`
			if (!usedNames.has(name)) {
				usedNames.add(name)
				return name
			}
		}
	}
	const people: NewPerson[] = [
		{ employeeId: 'AD-0001', name: 'Alex Admin', email: 'admin@example.com', orgUnitCode: 'SPS', roles: ['admin'] },
		{ employeeId: 'AS-3001', name: 'Robin Assessor', email: 'assessor@example.com', orgUnitCode: 'SPS', roles: ['assessor'] },
	]
	const regionalManagers = demoRegions.map((region, index) => ({
		employeeId: `MG-${2001 + index}`,
		name: uniqueName(),
		email: `manager.${region.code.toLowerCase()}@example.com`,
		orgUnitCode: regionCode('SPS', region.code),
		roles: ['manager' as const],
		managedUnitCodes: demoBusinessLines.map((line) => regionCode(line.code, region.code)),
	}))
	const teamManagers = demoTeams.map((team, index) => ({
		employeeId: `MG-${2101 + index}`,
		name: uniqueName(),
		email: `manager.${teamCode(team).toLowerCase()}@example.com`,
		orgUnitCode: teamCode(team),
		roles: ['manager' as const],
		managedUnitCodes: [teamCode(team)],
	}))
	const reps = Array.from({ length: DEMO_REP_COUNT }, (_, index) => {
		const number = 1001 + index
		// The six named demo reps (SR-1001..SR-1006) share the first EMEA team.
		const team = index < 6 ? demoTeams[0]! : random.pick(demoTeams)
		return {
			employeeId: `SR-${number}`,
			name: uniqueName(),
			email: `sr-${number}@example.com`,
			orgUnitCode: teamCode(team),
			roles: ['rep' as const],
		}
	})
	return [...people, ...regionalManagers, ...teamManagers, ...reps]
}

/**
 * Loads the demo organisation into an empty database. The same data every run: names come
 * from a seeded generator and dates are relative to `now`.
 */
export async function seedDemoData({ now, password = PUBLISHED_DEMO_PASSWORD }: { now: Date; password?: string }, db: Db = prisma) {
	// The published password gets a fixed salt (the same demo database every run); any other, a random one.
	const passwordHash = await (password === PUBLISHED_DEMO_PASSWORD ? hashPassword(PUBLISHED_DEMO_PASSWORD, DEMO_SALT) : hashPassword(password))
	await seedOrganisation(db)
	// Employed since before the oldest imported training, so the history and the periods agree.
	const employedSince = addMonthsUtc(now, -60)
	for (const person of demoPeople()) {
		await createPerson({ person: { ...person, passwordHash, employedSince }, actor: seedActor, at: now }, db)
	}
	await seedDemoTraining({ now }, db)
}

export async function isDatabaseEmpty(db: Db = prisma) {
	return (await db.person.count()) === 0 && (await db.orgUnit.count()) === 0
}
