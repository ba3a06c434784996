import { randomBytes } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { syncCatalogFromDirectory } from '#app/catalog/sync-catalog.server.ts'
import { seededRandom } from '#app/demo/random.ts'
import { certificationPeriods } from '#app/readiness/certification-periods.ts'
import { createPrismaClient } from '#app/utils/db.server.ts'
import { migrateSqliteDatabase } from '#app/utils/migrate.server.ts'
import { sqliteTimestamp } from '#app/utils/sqlite-instants.server.ts'

const root = path.resolve(import.meta.dirname, '../..')
const DAY = 86_400_000

const certifications = ['SEC-FOUNDATION', 'SEC-HARDENING', 'SEC-ACCESS', 'SEC-MALWARE', 'SEC-PATCH', 'SEC-BACKUP']
// Work types per team, after the demo's: all patch and maintain; odd teams also back up and harden, even ones remediate malware.
const teamWorkTypes = (team: number) => ['PREVENTIVE_MAINTENANCE', 'PATCH_APPLICATION', ...(team % 2 ? ['BACKUP_RESTORE', 'SYSTEM_HARDENING'] : ['MALWARE_REMEDIATION'])]
// Bump when the data below changes, so a cached database is rebuilt.
const GENERATION = 6

/**
 * A synthetic workforce in its own SQLite file: `reps` people in 100 teams with the demo's work
 * types, about six awards each (1% revoked) and their readiness read model, built directly with
 * better-sqlite3 because the bench needs 300,000 rows in seconds. Built once per size and reused;
 * benches run on copies (see workingCopy), so that every run starts from the same data.
 */
export async function syntheticWorkforce(reps: number, now: Date) {
	const dir = path.join(root, 'tests', 'bench', '.tmp')
	mkdirSync(dir, { recursive: true })
	const filePath = path.join(dir, `workforce-${reps}-v${GENERATION}.db`)
	if (existsSync(filePath)) return filePath
	for (const suffix of ['', '-wal', '-shm']) rmSync(`${filePath}.building${suffix}`, { force: true })
	const building = `${filePath}.building`
	migrateSqliteDatabase({ filePath: building, migrationsDir: path.join(root, 'prisma', 'migrations') })
	const prisma = createPrismaClient(`file:${building}`)
	await syncCatalogFromDirectory(path.join(root, 'content'), { at: now }, prisma)
	await prisma.$disconnect()

	const db = new Database(building)
	const random = seededRandom(reps)
	const insertUnit = db.prepare('INSERT INTO "OrgUnit" (id, name, kind, code, parentId, path, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?)')
	const insertPerson = db.prepare('INSERT INTO "Person" (id, employeeId, name, email, orgUnitId, leftAt, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
	const insertRole = db.prepare('INSERT INTO "PersonRole" (personId, role) VALUES (?, \'rep\')')
	const insertEmployment = db.prepare('INSERT INTO "EmploymentPeriod" (id, personId, startedAt, endedAt, startReason, endReason) VALUES (?, ?, ?, ?, \'Synthetic\', ?)')
	const employedSince = sqliteTimestamp(new Date(now.getTime() - 5 * 365 * DAY))
	const insertAward = db.prepare('INSERT INTO "CertificationAward" (id, personId, certificationCode, issuedAt, expiresAt, source, evidence, verificationCode) VALUES (?, ?, ?, ?, ?, \'imported\', \'{}\', ?)')
	const insertChange = db.prepare('INSERT INTO "AwardStatusChange" (id, awardId, kind, reason, actorId, at) VALUES (?, ?, \'revoked\', \'Synthetic revocation\', \'bench\', ?)')
	const insertAssignment = db.prepare('INSERT INTO "WorkTypeAssignment" (id, workTypeCode, orgUnitId) VALUES (?, ?, ?)')
	const insertPeriod = db.prepare('INSERT INTO "CertificationPeriod" (personId, certificationCode, startsAt, endsAt, awardId, expiresAt, eligibleUntil, withdrawal) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
	const created = sqliteTimestamp(now)
	let awards = 0
	db.transaction(() => {
		insertUnit.run('bl', 'Bench line', 'business_line', 'BENCH', null, '/BENCH/', created)
		for (let r = 0; r < 10; r++) {
			insertUnit.run(`r${r}`, `Region ${r}`, 'region', `BENCH-R${r}`, 'bl', `/BENCH/BENCH-R${r}/`, created)
			for (let t = 0; t < 10; t++) {
				insertUnit.run(`t${r}-${t}`, `Team ${r}.${t}`, 'team', `BENCH-R${r}-T${t}`, `r${r}`, `/BENCH/BENCH-R${r}/BENCH-R${r}-T${t}/`, created)
				for (const workType of teamWorkTypes(t)) insertAssignment.run(`w${r}-${t}-${workType}`, workType, `t${r}-${t}`)
			}
		}
		for (let i = 0; i < reps; i++) {
			const id = `p${i}`
			const employeeId = `BR-${100000 + i}`
			const leftAt = random.next() < 0.01 ? sqliteTimestamp(new Date(now.getTime() - 30 * DAY)) : null
			insertPerson.run(id, employeeId, `Bench Rep ${i}`, `br-${100000 + i}@example.com`, `t${i % 10}-${Math.floor(i / 10) % 10}`, leftAt, created, created)
			insertEmployment.run(`e${i}`, id, employedSince, leftAt, leftAt ? 'Synthetic' : null)
			insertRole.run(id)
			for (const code of certifications) {
				const roll = random.next()
				if (roll < 0.05) continue
				const expires = new Date(now.getTime() + (roll < 0.15 ? -random.int(1, 200) : random.int(1, 700)) * DAY)
				const issued = new Date(expires.getTime() - 365 * DAY)
				const awardId = `a${awards++}`
				insertAward.run(awardId, id, code, sqliteTimestamp(issued), sqliteTimestamp(expires), randomBytes(9).toString('hex'))
				const revokedAt = roll > 0.99 ? new Date(now.getTime() - DAY) : null
				if (revokedAt) insertChange.run(`c${awards}`, awardId, sqliteTimestamp(revokedAt))
				const history = [{ id: awardId, issuedAt: issued, expiresAt: expires, changes: revokedAt ? [{ kind: 'revoked' as const, at: revokedAt }] : [] }]
				for (const p of certificationPeriods(history)) insertPeriod.run(id, code, p.startsAt, p.endsAt, p.awardId, p.expiresAt, p.eligibleUntil, p.withdrawal)
			}
		}
	})()
	db.close()
	rmSync(`${building}-shm`, { force: true })
	rmSync(`${building}-wal`, { force: true })
	const { renameSync } = await import('node:fs')
	renameSync(building, filePath)
	return filePath
}

/**
 * A fresh copy of a synthetic workforce for one bench run. The API bench records every check as
 * evidence: run on the cached file itself, each run found the checks of all earlier runs (600,000
 * after a day's work) and measured slower than the one before.
 */
export function workingCopy(source: string, purpose: string) {
	const copy = `${source}.${purpose}`
	for (const suffix of ['', '-wal', '-shm']) rmSync(`${copy}${suffix}`, { force: true })
	copyFileSync(source, copy)
	return copy
}
