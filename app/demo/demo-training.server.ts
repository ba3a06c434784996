import { appendAuditEvent } from '#app/audit/audit-log.server.ts'
import { awardOnProgress, changeAwardStatus, newVerificationCode } from '#app/certification/awards.server.ts'
import { addMonthsUtc } from '#app/certification/status.ts'
import { completeModuleReading, recordSectionViewed } from '#app/learning/module-progress.server.ts'
import { deactivatePerson } from '#app/people/people.server.ts'
import { recordPracticalAssessment } from '#app/practical/practical-assessments.server.ts'
import { requireRetraining } from '#app/retraining/retraining.server.ts'
import { launchSco, startScormAttempt } from '#app/scorm/scorm-attempts.server.ts'
import { commitScormState } from '#app/scorm/scorm-commit.server.ts'
import { answersFor } from '#app/quiz/answer-key.server.ts'
import { startQuizAttempt, submitQuizAttempt } from '#app/quiz/attempts.server.ts'
import { refreshCertificationPeriods } from '#app/readiness/certification-periods.server.ts'
import { type Db } from '#app/utils/db.server.ts'
import { demoTeams, teamCode } from './demo-org.ts'
import { seededRandom } from './random.ts'

const DAY_MS = 86_400_000
const seedActor = { type: 'system', id: 'demo-seed' } as const
const days = (at: Date, n: number) => new Date(at.getTime() + n * DAY_MS)

/**
 * Work types per team: Secure Power Services teams patch and back up, some also harden and look
 * after networks; Power Services teams also remediate malware and work on safety systems, or
 * support remotely.
 */
const teamWorkTypes = (businessLine: string, index: number) =>
	businessLine === 'SPS'
		? ['PREVENTIVE_MAINTENANCE', 'PATCH_APPLICATION', ...(index % 2 === 0 ? [] : ['BACKUP_RESTORE', 'SYSTEM_HARDENING', 'NETWORK_MAINTENANCE'])]
		: ['PREVENTIVE_MAINTENANCE', 'PATCH_APPLICATION', ...(index % 2 === 0 ? ['MALWARE_REMEDIATION', 'SIS_MAINTENANCE'] : ['REMOTE_SUPPORT', 'BACKUP_RESTORE'])]

async function assignWorkTypes(db: Db) {
	for (const [index, team] of demoTeams.entries()) {
		const unit = await db.orgUnit.findUniqueOrThrow({ where: { code: teamCode(team) }, select: { id: true } })
		for (const workTypeCode of teamWorkTypes(team.businessLine, index)) {
			await db.workTypeAssignment.create({ data: { workTypeCode, orgUnitId: unit.id } })
		}
	}
}

type DemoAward = { employeeId: string; code: string; issuedAt: Date; expiresAt: Date }

/** Past training imported as awards (the demo has no real history of attempts behind them). */
async function importAward({ employeeId, code, issuedAt, expiresAt }: DemoAward, at: Date, db: Db) {
	return db.$transaction(async (tx) => {
		const person = await tx.person.findUniqueOrThrow({ where: { employeeId }, select: { id: true } })
		const award = await tx.certificationAward.create({
			data: { personId: person.id, certificationCode: code, issuedAt, expiresAt, source: 'imported', evidence: JSON.stringify({ imported: true }), evidenceNote: 'Demo data: training history imported when the demo database was seeded.', verificationCode: newVerificationCode() },
			select: { id: true },
		})
		await appendAuditEvent(tx, { actor: seedActor, action: 'certification.imported', subject: { type: 'certification_award', id: award.id }, details: { employeeId, certification: code, issuedAt: issuedAt.toISOString(), expiresAt: expiresAt.toISOString() }, at })
		await refreshCertificationPeriods(tx, { personId: person.id, certificationCode: code })
		return award.id
	})
}

const validity: Record<string, number> = { 'SEC-FOUNDATION': 12, 'SEC-SIS': 12 }
const monthsOf = (code: string) => validity[code] ?? 24

/** An award expiring at `expiresAt`, issued one validity period earlier. */
const awardExpiring = (employeeId: string, code: string, expiresAt: Date): DemoAward => ({ employeeId, code, expiresAt, issuedAt: addMonthsUtc(expiresAt, -monthsOf(code)) })

async function seedNamedReps(now: Date, db: Db) {
	// The twelve-month certifications first, so that every expiry stays within its validity.
	const all = ['SEC-FOUNDATION', 'SEC-SIS', 'SEC-HARDENING', 'SEC-ACCESS', 'SEC-MALWARE', 'SEC-MALWARE-RESPONSE', 'SEC-PATCH', 'SEC-BACKUP', 'SEC-NETWORK']
	for (const [i, code] of all.entries()) await importAward(awardExpiring('SR-1001', code, days(now, 200 + i * 30)), now, db)
	// Patching reps also bring media to site: malware prevention is part of what patching requires.
	for (const employeeId of ['SR-1002', 'SR-1003', 'SR-1004', 'SR-1006', 'SR-1007', 'SR-1009']) await importAward(awardExpiring(employeeId, 'SEC-MALWARE', days(now, 320)), now, db)
	await importAward(awardExpiring('SR-1002', 'SEC-FOUNDATION', days(now, 10)), now, db)
	await importAward(awardExpiring('SR-1002', 'SEC-PATCH', days(now, 200)), now, db)
	await importAward(awardExpiring('SR-1003', 'SEC-FOUNDATION', days(now, -5)), now, db)
	await importAward(awardExpiring('SR-1003', 'SEC-PATCH', days(now, 400)), now, db)
	const revoked = await importAward(awardExpiring('SR-1004', 'SEC-FOUNDATION', days(now, 300)), now, db)
	await importAward(awardExpiring('SR-1004', 'SEC-PATCH', days(now, 350)), now, db)
	const admin = await db.person.findUniqueOrThrow({ where: { employeeId: 'AD-0001' }, select: { id: true } })
	const holder = await db.person.findUniqueOrThrow({ where: { employeeId: 'SR-1004' }, select: { id: true } })
	await changeAwardStatus({ awardId: revoked, personId: holder.id, input: { kind: 'revoked', reason: 'Security incident: unscanned USB drive connected to a customer HMI; retraining required.' }, actor: { type: 'person', id: admin.id }, at: days(now, -2) }, db)
	await importAward(awardExpiring('SR-1006', 'SEC-FOUNDATION', days(now, 150)), now, db)
	await importAward(awardExpiring('SR-1006', 'SEC-PATCH', days(now, 250)), now, db)
	const leaver = await db.person.findUniqueOrThrow({ where: { employeeId: 'SR-1006' }, select: { id: true } })
	await deactivatePerson({ personId: leaver.id, leftAt: days(now, -3), reason: 'Left the company', actor: seedActor, at: days(now, -3) }, db)
	const suspended = await importAward(awardExpiring('SR-1007', 'SEC-FOUNDATION', days(now, 240)), now, db)
	await importAward(awardExpiring('SR-1007', 'SEC-PATCH', days(now, 300)), now, db)
	const suspendedHolder = await db.person.findUniqueOrThrow({ where: { employeeId: 'SR-1007' }, select: { id: true } })
	await changeAwardStatus({ awardId: suspended, personId: suspendedHolder.id, input: { kind: 'suspended', reason: 'Pending investigation: a remote session to a customer controller was left open after the visit.' }, actor: { type: 'person', id: admin.id }, at: days(now, -1) }, db)
}

/** Reads every section of a module's current version and completes it, as the rep would. */
async function readModule({ personId, moduleId, at }: { personId: string; moduleId: string; at: Date }, db: Db) {
	const { currentVersionId } = await db.learningModule.findUniqueOrThrow({ where: { id: moduleId }, select: { currentVersionId: true } })
	const { sections } = await db.moduleVersion.findUniqueOrThrow({ where: { id: currentVersionId! }, select: { sections: true } })
	const count = (JSON.parse(sections) as unknown[]).length
	for (let i = 0; i < count; i++) await recordSectionViewed({ personId, moduleId, sectionIndex: i, at }, db)
	await completeModuleReading({ personId, moduleId, at, onCompleted: awardOnProgress }, db)
}

/**
 * SR-1008 works on remote support: foundations valid, the SEC-ACCESS modules and quizzes done
 * five days ago, and a first observed session two days ago found not yet competent; so SEC-ACCESS
 * awaits a practical assessment (PRACTICAL_PENDING).
 */
async function seedPendingPractical(now: Date, db: Db) {
	// Seeding without the shipped catalog (some tests do) leaves SR-1008 untrained.
	const certification = await db.certification.findUnique({ where: { code: 'SEC-ACCESS' }, select: { practicalChecklistId: true } })
	if (!certification?.practicalChecklistId) return
	await importAward(awardExpiring('SR-1008', 'SEC-FOUNDATION', days(now, 250)), now, db)
	const person = await db.person.findUniqueOrThrow({ where: { employeeId: 'SR-1008' }, select: { id: true } })
	await db.workTypeAssignment.create({ data: { workTypeCode: 'REMOTE_SUPPORT', personId: person.id } })
	const trainedAt = days(now, -5)
	const random = seededRandom(1008)
	for (const moduleId of ['access-control', 'secure-remote-access']) {
		await readModule({ personId: person.id, moduleId, at: trainedAt }, db)
		const { attemptId } = await startQuizAttempt({ personId: person.id, quizId: `${moduleId}-quiz`, at: trainedAt, random: () => random.next() }, db)
		await submitQuizAttempt({ attemptId, personId: person.id, answers: await answersFor(attemptId, { correct: true }, db), at: new Date(trainedAt.getTime() + 20 * 60_000), onPassed: awardOnProgress }, db)
	}
	const assessor = await db.person.findUniqueOrThrow({ where: { employeeId: 'AS-3001' }, select: { id: true } })
	const checklist = await db.practicalChecklistVersion.findFirstOrThrow({ where: { checklist: { id: 'remote-support-session' } }, orderBy: { version: 'desc' }, select: { items: true } })
	const items = Object.fromEntries((JSON.parse(checklist.items) as Array<{ id: string }>).map((item) => [item.id, item.id === 'clean-disconnect' ? 'not-met' : 'met']))
	await recordPracticalAssessment(
		{
			employeeId: 'SR-1008',
			assessor: { id: assessor.id, roles: ['assessor'] },
			at: days(now, -2),
			input: {
				certificationCode: 'SEC-ACCESS',
				performedOn: days(now, -2),
				setting: 'exercise',
				reference: 'Remote support exercise on the training rig',
				items,
				outcome: 'not-yet-competent',
				notes: 'Closed the remote desktop but left the jump host session signed in, and did not ask the customer to confirm that access was closed. Repeat with a full disconnect.',
			},
		},
		db,
	)
}

/**
 * SR-1009 holds SEC-PATCH, but "Patch application" changed materially 100 days ago (the demo
 * back-dates the change: its catalog has one version of each module) and the 90-day grace period
 * has run out: RETRAINING_DUE for PATCH_APPLICATION until SR-1009 takes the module again.
 */
async function seedOverdueRetraining(now: Date, db: Db) {
	await importAward(awardExpiring('SR-1009', 'SEC-FOUNDATION', days(now, 220)), now, db)
	const awardId = await importAward(awardExpiring('SR-1009', 'SEC-PATCH', days(now, 400)), now, db)
	const module = await db.learningModule.findUnique({ where: { id: 'patch-application' }, select: { currentVersionId: true } })
	const certification = await db.certification.findUnique({ where: { code: 'SEC-PATCH' }, select: { code: true, name: true, retrainingGraceDays: true } })
	if (!module?.currentVersionId || !certification) return
	const version = await db.moduleVersion.findUniqueOrThrow({ where: { id: module.currentVersionId }, select: { id: true, moduleId: true, version: true, title: true } })
	const award = await db.certificationAward.findUniqueOrThrow({ where: { id: awardId }, select: { id: true, personId: true, certificationCode: true, issuedAt: true, evidence: true } })
	const material = { ...version, createdAt: days(now, -100), changeNote: 'Demo: patches are now staged on the customer test system and approved by the asset owner before production.' }
	await db.$transaction((tx) => requireRetraining(tx, { award, certification, material, at: now }))
}

/** SR-1005, a new hire: one module read, another half-way through. */
async function seedNewHireProgress(now: Date, db: Db) {
	const person = await db.person.findUniqueOrThrow({ where: { employeeId: 'SR-1005' }, select: { id: true } })
	const modules = await db.learningModule.findMany({ where: { id: { in: ['pre-visit-risk-assessment', 'iec-62443-2-4-essentials'] } }, select: { id: true } })
	const finished = modules.find((m) => m.id === 'pre-visit-risk-assessment')
	const started = modules.find((m) => m.id === 'iec-62443-2-4-essentials')
	if (finished) await readModule({ personId: person.id, moduleId: finished.id, at: days(now, -2) }, db)
	if (started) for (let i = 0; i < 3; i++) await recordSectionViewed({ personId: person.id, moduleId: started.id, sectionIndex: i, at: days(now, -1) }, db)
}

/**
 * SR-1005 also clicked through the removable-media course in three minutes, sooner than its
 * minimum plausible time: the completion waits for a manager's review on the person page.
 */
async function seedHeldScormCompletion(now: Date, db: Db) {
	const person = await db.person.findUniqueOrThrow({ where: { employeeId: 'SR-1005' }, select: { id: true } })
	const module = await db.learningModule.findUnique({ where: { id: 'removable-media-check' }, select: { id: true } })
	if (!module) return
	const startedAt = days(now, -1)
	const attempt = await startScormAttempt({ personId: person.id, moduleId: module.id, at: startedAt }, db)
	const { launchId } = await launchSco({ personId: person.id, attemptId: attempt.id, scoId: 'removable-media-check-item', at: startedAt }, db)
	const finishedAt = new Date(startedAt.getTime() + 3 * 60_000)
	const cmi = { core: { lesson_status: 'completed', lesson_location: 'page-7', exit: '', session_time: '00:03:00' } }
	await commitScormState({ personId: person.id, attemptId: attempt.id, commit: { launchId, sequence: 1, finished: true, cmi }, at: finishedAt, onCompleted: awardOnProgress }, db)
}

/** Everyone else: mostly valid, some expiring, a few expired or missing, some with a renewal behind them. */
async function seedWorkforceSpread(now: Date, db: Db) {
	const random = seededRandom(2024)
	const reps = await db.person.findMany({
		where: { employeeId: { gt: 'SR-1009' }, roles: { some: { role: 'rep' } } },
		orderBy: { employeeId: 'asc' },
		select: { employeeId: true, orgUnit: { select: { code: true } } },
	})
	const requirements = await db.workTypeRequirement.findMany({ select: { workTypeCode: true, certificationCode: true } })
	const assignments = await db.workTypeAssignment.findMany({ select: { workTypeCode: true, orgUnit: { select: { code: true } } } })
	for (const rep of reps) {
		const workTypes = assignments.filter((a) => a.orgUnit?.code === rep.orgUnit.code).map((a) => a.workTypeCode)
		const codes = [...new Set(['SEC-FOUNDATION', ...requirements.filter((r) => workTypes.includes(r.workTypeCode)).map((r) => r.certificationCode)])].sort()
		for (const code of codes) {
			const roll = random.next()
			if (roll < 0.06) continue // missing
			const months = monthsOf(code)
			const expiresAt =
				roll < 0.13 ? days(now, -random.int(1, 120)) : roll < 0.23 ? days(now, random.int(1, code === 'SEC-FOUNDATION' ? 59 : 89)) : days(now, random.int(90, months * 30 - 20))
			if (random.next() < 0.5) await importAward(awardExpiring(rep.employeeId, code, addMonthsUtc(expiresAt, -months)), now, db)
			await importAward(awardExpiring(rep.employeeId, code, expiresAt), now, db)
		}
	}
}

/** The demo's certification states, relative to the seeding time `now` (see README). */
export async function seedDemoTraining({ now }: { now: Date }, db: Db) {
	await assignWorkTypes(db)
	await seedNamedReps(now, db)
	await seedNewHireProgress(now, db)
	await seedHeldScormCompletion(now, db)
	await seedPendingPractical(now, db)
	await seedOverdueRetraining(now, db)
	await seedWorkforceSpread(now, db)
}
