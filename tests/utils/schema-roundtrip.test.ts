import { describe, expect, test } from 'vitest'
import { Prisma } from '#app/generated/prisma/client.ts'
import { prisma } from '#app/utils/db.server.ts'

// Every model is exercised with a create and a read, so a column type or constraint that
// differs between schema.prisma and the SQL shows up here rather than in production.
describe('each model can be written and read back', () => {
	test('covers every model the client knows', async () => {
		const at = new Date('2026-11-26T08:00:00.000Z')
		const line = await prisma.orgUnit.create({ data: { name: 'Line', kind: 'business_line', code: 'RT', path: '/RT/', createdAt: at } })
		const person = await prisma.person.create({ data: { employeeId: 'RT-001', name: 'Round Trip', email: 'rt@example.com', orgUnitId: line.id, leftAt: at } })
		await prisma.personRole.create({ data: { personId: person.id, role: 'manager' } })
		await prisma.password.create({ data: { personId: person.id, hash: 'h' } })
		await prisma.session.create({ data: { personId: person.id, expiresAt: at } })
		await prisma.managedUnit.create({ data: { managerId: person.id, orgUnitId: line.id } })
		await prisma.employmentPeriod.create({ data: { personId: person.id, startedAt: new Date('2020-01-01T00:00:00Z'), endedAt: at, startedById: null, startReason: 'Hired', endedById: person.id, endReason: 'Left' } })
		await prisma.employmentPeriod.create({ data: { personId: person.id, startedAt: at, startReason: 'Rehired' } })
		await expect(prisma.employmentPeriod.create({ data: { personId: person.id, startedAt: at, startReason: 'A second open period' } })).rejects.toThrow()
		expect(await prisma.employmentPeriod.findMany({ where: { personId: person.id }, orderBy: { startedAt: 'asc' }, select: { startedAt: true, endedAt: true, startedById: true, endReason: true } })).toEqual([
			{ startedAt: new Date('2020-01-01T00:00:00Z'), endedAt: at, startedById: null, endReason: 'Left' },
			{ startedAt: at, endedAt: null, startedById: null, endReason: null },
		])
		await prisma.auditEvent.create({ data: { seq: 1000, at, actorType: 'system', action: 'x', details: '{}', prevHash: 'p', hash: 'h-1000' } })

		const module = await prisma.learningModule.create({ data: { id: 'rt-module', kind: 'markdown', title: 'RT' } })
		const moduleVersion = await prisma.moduleVersion.create({ data: { moduleId: module.id, contentHash: 'h', version: 1, title: 'RT', summary: 's', estimatedMinutes: 5, objectives: '[]', sections: '[]', createdAt: at } })
		const quiz = await prisma.quiz.create({ data: { id: 'rt-quiz', moduleId: module.id, title: 'RT quiz' } })
		await prisma.quizVersion.create({ data: { quizId: quiz.id, contentHash: 'h', version: 1, questionsPerAttempt: 1, passMark: 80.5, attemptLimitCount: 3, attemptLimitPeriodHours: 24, cooldownMinutes: 10, scoring: 'partial', questions: '[]', createdAt: at } })
		await prisma.certification.create({ data: { code: 'RT-CERT', name: 'RT', description: 'd', validityMonths: 12, recertificationWindowDays: 60, requiredForAllReps: true, requirements: { create: { moduleId: module.id } } } })
		await prisma.workType.create({ data: { code: 'RT_WORK', name: 'RT', description: 'd', requirements: { create: { certificationCode: 'RT-CERT' } } } })
		await prisma.workTypeAssignment.create({ data: { workTypeCode: 'RT_WORK', orgUnitId: line.id } })
		await prisma.catalogSync.create({ data: { at, ok: false, problems: '[]', summary: '{}', fingerprint: 'problems:0' } })
		await prisma.moduleProgress.create({ data: { personId: person.id, moduleVersionId: moduleVersion.id, viewedSections: '[0]', lastSection: 0, startedAt: at, updatedAt: at } })
		await prisma.moduleCompletion.create({ data: { personId: person.id, moduleId: module.id, moduleVersionId: moduleVersion.id, source: 'reading', completedAt: at } })
		await prisma.quizAttempt.create({ data: { personId: person.id, quizId: quiz.id, quizVersionId: 'v', startedAt: at, presented: '[]', submittedAt: at, scorePercent: 87.5, passed: true } })
		const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x00, 0xff])
		await prisma.evidenceFile.create({ data: { sha256: 'f'.repeat(64), mediaType: 'application/pdf', size: bytes.byteLength, fileName: 'certificate.pdf', bytes, uploadedById: person.id, uploadedAt: at } })
		const award = await prisma.certificationAward.create({ data: { personId: person.id, certificationCode: 'RT-CERT', issuedAt: at, expiresAt: at, source: 'manual', evidence: '{}', verificationCode: 'RTCODE123456', evidenceFileSha256: 'f'.repeat(64) } })
		expect(await prisma.certificationAward.findUniqueOrThrow({ where: { id: award.id }, select: { evidenceFile: true } })).toEqual({
			evidenceFile: { sha256: 'f'.repeat(64), mediaType: 'application/pdf', size: 7, fileName: 'certificate.pdf', bytes, uploadedById: person.id, uploadedAt: at },
		})
		await prisma.awardStatusChange.create({ data: { awardId: award.id, kind: 'revoked', reason: 'r', actorId: person.id, at } })
		await prisma.notification.create({ data: { personId: person.id, kind: 'expiry_reminder', milestone: '7d', awardId: award.id, title: 't', body: 'b', createdAt: at } })
		await prisma.certificationPeriod.create({ data: { personId: person.id, certificationCode: 'RT-CERT', startsAt: at.getTime(), endsAt: null, awardId: award.id, expiresAt: 2 ** 53 - 1, eligibleUntil: null, withdrawal: 'suspended' } })
		expect(await prisma.certificationPeriod.findFirstOrThrow({ where: { awardId: award.id } })).toMatchObject({ startsAt: BigInt(at.getTime()), endsAt: null, expiresAt: BigInt(2 ** 53 - 1), eligibleUntil: null, withdrawal: 'suspended' })

		await prisma.apiClient.create({ data: { name: 'RT client', keyPrefix: 'rtprefix00', keyHash: 'h', createdAt: at, expiresAt: at } })
		await prisma.eligibilityCheck.create({ data: { id: 'chk_rt', apiClientId: 'c', employeeId: 'RT-001', personId: person.id, workTypeCode: 'RT_WORK', at, checkedAt: at, eligible: false, response: '{}', reliedOn: '{}' } })
		expect(await prisma.apiClient.findUniqueOrThrow({ where: { name: 'RT client' } })).toMatchObject({ expiresAt: at, revokedAt: null })
		expect(await prisma.eligibilityCheck.findUniqueOrThrow({ where: { id: 'chk_rt' } })).toMatchObject({ at, eligible: false, batchId: null })

		expect(await prisma.quizVersion.findFirstOrThrow({ where: { quizId: quiz.id } })).toMatchObject({ passMark: 80.5, scoring: 'partial' })
		expect(await prisma.quizAttempt.findFirstOrThrow({ where: { quizId: quiz.id } })).toMatchObject({ scorePercent: 87.5, passed: true, submittedAt: at })
		expect(await prisma.certification.findUniqueOrThrow({ where: { code: 'RT-CERT' }, select: { requiredForAllReps: true, requirements: true } })).toMatchObject({ requiredForAllReps: true, requirements: [{ moduleId: module.id }] })
		expect(await prisma.workType.findUniqueOrThrow({ where: { code: 'RT_WORK' }, select: { requirements: true } })).toMatchObject({ requirements: [{ certificationCode: 'RT-CERT' }] })
		expect(await prisma.workTypeAssignment.count({ where: { orgUnitId: line.id } })).toBe(1)
		expect(await prisma.catalogSync.count()).toBe(1)
		expect(await prisma.moduleProgress.findFirstOrThrow({ where: { personId: person.id } })).toMatchObject({ viewedSections: '[0]', startedAt: at })
		expect(await prisma.moduleCompletion.count({ where: { personId: person.id } })).toBe(1)
		expect(await prisma.certificationAward.findUniqueOrThrow({ where: { id: award.id }, select: { expiresAt: true, changes: { select: { kind: true } } } })).toEqual({ expiresAt: at, changes: [{ kind: 'revoked' }] })
		expect(await prisma.notification.findFirstOrThrow({ where: { awardId: award.id } })).toMatchObject({ milestone: '7d', readAt: null })

		const read = await prisma.person.findUniqueOrThrow({
			where: { employeeId: 'RT-001' },
			select: { leftAt: true, roles: true, password: true, sessions: true, managedUnits: true, orgUnit: true },
		})
		expect(read.leftAt).toEqual(at)
		expect(read.roles).toHaveLength(1)
		expect(read.password?.hash).toBe('h')
		expect(read.sessions.map((s) => s.expiresAt)).toContainEqual(at)
		expect(read.managedUnits).toHaveLength(1)
		expect(read.orgUnit.createdAt).toEqual(at)
		expect(await prisma.auditEvent.findUniqueOrThrow({ where: { seq: 1000 } })).toMatchObject({ at })
		expect(await prisma.auditChainHead.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ lastSeq: 0, lastHash: 'genesis' })

		await prisma.scormPackage.create({ data: { id: 'sha-rt', scormVersion: '2004-4th', title: 'RT', manifest: '{}', fileCount: 3, totalBytes: 1024, importedAt: at } })
		const scormModule = await prisma.learningModule.create({ data: { id: 'rt-scorm', kind: 'scorm', source: 'upload', title: 'RT SCORM' } })
		const scormVersion = await prisma.moduleVersion.create({ data: { moduleId: scormModule.id, contentHash: 'h', version: 1, title: 'RT', summary: 's', estimatedMinutes: 5, objectives: '[]', sections: '[]', scormPackageId: 'sha-rt', completionRule: 'CompletedAndPassed', createdAt: at } })
		const scormAttempt = await prisma.scormAttempt.create({ data: { personId: person.id, moduleId: scormModule.id, moduleVersionId: scormVersion.id, packageId: 'sha-rt', completionRule: 'Passed', purpose: 'preview', startedAt: at, updatedAt: at, completionStatus: 'completed', successStatus: 'passed', scoreScaled: 0.85, totalSeconds: 90.5, satisfiedAt: at, sequencingState: '{"v":1}', sequencingSavedBy: 'cs-rt', sequencingSequence: 7 } })
		const appSession = await prisma.session.create({ data: { personId: person.id, expiresAt: at } })
		await prisma.scormContentSession.create({ data: { id: 'cs-rt', attemptId: scormAttempt.id, appSessionId: appSession.id, createdAt: at, expiresAt: at } })
		expect(await prisma.scormContentSession.findUniqueOrThrow({ where: { id: 'cs-rt' }, select: { expiresAt: true, attempt: { select: { purpose: true, sequencingState: true, sequencingSequence: true } } } })).toEqual({
			expiresAt: at,
			attempt: { purpose: 'preview', sequencingState: '{"v":1}', sequencingSequence: 7 },
		})
		await prisma.scormScoState.create({ data: { attemptId: scormAttempt.id, scoId: 'sco-1', cmi: '{}', completionStatus: 'completed', successStatus: 'passed', scoreRaw: 85, scoreScaled: 0.85, interactionCount: 2, launchCount: 1, appliedLaunch: 1, appliedSequence: 4, terminated: true, totalSeconds: 90.5, updatedAt: at } })
		await prisma.scormLaunch.create({ data: { id: 'launch-rt', attemptId: scormAttempt.id, scoId: 'sco-1', ordinal: 1, startedAt: at, lastCommitAt: at, sessionSeconds: 90.5, commitCount: 4, lastSequence: 4, interactions: '[{"id":"q1"}]' } })
		expect(await prisma.moduleVersion.findUniqueOrThrow({ where: { id: scormVersion.id } })).toMatchObject({ scormPackageId: 'sha-rt', completionRule: 'CompletedAndPassed' })
		expect(await prisma.learningModule.findUniqueOrThrow({ where: { id: 'rt-module' } })).toMatchObject({ source: 'catalog' })
		expect(await prisma.scormAttempt.findUniqueOrThrow({ where: { id: scormAttempt.id }, select: { scoreScaled: true, totalSeconds: true, satisfiedAt: true, scos: { select: { appliedSequence: true, terminated: true, scoreRaw: true } }, launches: { select: { sessionSeconds: true, lastSequence: true, interactions: true } } } })).toEqual({
			scoreScaled: 0.85, totalSeconds: 90.5, satisfiedAt: at, scos: [{ appliedSequence: 4, terminated: true, scoreRaw: 85 }], launches: [{ sessionSeconds: 90.5, lastSequence: 4, interactions: '[{"id":"q1"}]' }],
		})
		expect(await prisma.scormPackage.findUniqueOrThrow({ where: { id: 'sha-rt' } })).toMatchObject({ totalBytes: 1024, importedAt: at })
		await prisma.courseAudience.create({ data: { moduleId: scormModule.id, orgUnitId: line.id } })
		expect(await prisma.learningModule.findUniqueOrThrow({ where: { id: scormModule.id }, select: { audience: { select: { orgUnit: { select: { code: true } } } } } })).toEqual({ audience: [{ orgUnit: { code: 'RT' } }] })

		await prisma.practicalChecklist.create({ data: { id: 'rt-checklist', title: 'RT checklist' } })
		const checklistVersion = await prisma.practicalChecklistVersion.create({ data: { checklistId: 'rt-checklist', contentHash: 'h', version: 2, title: 'RT', summary: 's', items: '[{"id":"a","text":"A"}]', createdAt: at } })
		await prisma.practicalChecklist.update({ where: { id: 'rt-checklist' }, data: { currentVersionId: checklistVersion.id } })
		await prisma.certification.update({ where: { code: 'RT-CERT' }, data: { practicalChecklistId: 'rt-checklist', practicalRequiredSince: at } })
		const practical = await prisma.practicalAssessment.create({
			data: { personId: person.id, certificationCode: 'RT-CERT', checklistVersionId: checklistVersion.id, assessorId: person.id, performedOn: at, setting: 'exercise', reference: 'EX-1', items: '[]', outcome: 'competent', notes: '', recordedAt: at },
		})
		await prisma.certificationAward.update({ where: { id: award.id }, data: { practicalAssessmentId: practical.id } })
		await prisma.pendingPractical.create({ data: { personId: person.id, certificationCode: 'RT-CERT', trainingCompletedAt: at, lapsesAt: at } })
		await expect(prisma.pendingPractical.create({ data: { personId: person.id, certificationCode: 'NO-SUCH-CERT', trainingCompletedAt: at, lapsesAt: at } })).rejects.toThrow()
		expect(await prisma.certificationAward.findUniqueOrThrow({ where: { id: award.id }, select: { practicalAssessment: { select: { performedOn: true, outcome: true, checklistVersion: { select: { version: true, checklist: { select: { currentVersionId: true } } } } } } } })).toEqual({
			practicalAssessment: { performedOn: at, outcome: 'competent', checklistVersion: { version: 2, checklist: { currentVersionId: checklistVersion.id } } },
		})
		expect(await prisma.certification.findUniqueOrThrow({ where: { code: 'RT-CERT' }, select: { practicalRequiredSince: true, pendingPracticals: { select: { lapsesAt: true } } } })).toEqual({ practicalRequiredSince: at, pendingPracticals: [{ lapsesAt: at }] })

		await prisma.retrainingDue.create({ data: { personId: person.id, certificationCode: 'RT-CERT', awardId: award.id, moduleId: module.id, moduleVersionId: moduleVersion.id, dueSince: at, deadline: at } })
		expect(await prisma.moduleVersion.findUniqueOrThrow({ where: { id: moduleVersion.id }, select: { changeKind: true, changeNote: true } })).toEqual({ changeKind: 'initial', changeNote: null })
		expect(await prisma.person.findUniqueOrThrow({ where: { id: person.id }, select: { retraining: { select: { deadline: true, closedAt: true, closedReason: true } } } })).toEqual({ retraining: [{ deadline: at, closedAt: null, closedReason: null }] })
		expect(await prisma.certification.findUniqueOrThrow({ where: { code: 'RT-CERT' }, select: { retrainingGraceDays: true } })).toEqual({ retrainingGraceDays: 90 })

		await prisma.standardRequirement.create({ data: { id: 'SP.07', title: 'Remote access', edition: 'IEC 62443-2-4:2015' } })
		await prisma.moduleVersion.update({ where: { id: moduleVersion.id }, data: { covers: '["SP.07"]', coverageEdition: 'IEC 62443-2-4:2015' } })
		expect(await prisma.moduleVersion.findUniqueOrThrow({ where: { id: moduleVersion.id }, select: { covers: true, coverageEdition: true } })).toEqual({ covers: '["SP.07"]', coverageEdition: 'IEC 62443-2-4:2015' })
		expect(await prisma.standardRequirement.findUniqueOrThrow({ where: { id: 'SP.07' } })).toEqual({ id: 'SP.07', title: 'Remote access', edition: 'IEC 62443-2-4:2015' })

		await prisma.moduleVersion.update({ where: { id: scormVersion.id }, data: { minimumMinutes: 7 } })
		await prisma.scormAttempt.update({ where: { id: scormAttempt.id }, data: { review: 'accepted', reviewedById: person.id, reviewedAt: at, reviewReason: 'Took it in full last year.' } })
		expect(await prisma.scormAttempt.findUniqueOrThrow({ where: { id: scormAttempt.id }, select: { review: true, reviewedAt: true, reviewReason: true } })).toEqual({ review: 'accepted', reviewedAt: at, reviewReason: 'Took it in full last year.' })
		expect(await prisma.moduleVersion.findUniqueOrThrow({ where: { id: scormVersion.id }, select: { minimumMinutes: true } })).toEqual({ minimumMinutes: 7 })

		await prisma.signInThrottle.create({ data: { key: 'address:203.0.113.1', windowStart: at, attempts: 3, lastAt: at, refusals: 1, unknownAccountFailures: 2, lockouts: 2, lockedUntil: at } })
		expect(await prisma.signInThrottle.findUniqueOrThrow({ where: { key: 'address:203.0.113.1' } })).toEqual({ key: 'address:203.0.113.1', windowStart: at, attempts: 3, lastAt: at, refusals: 1, unknownAccountFailures: 2, lockouts: 2, lockedUntil: at })

		await prisma.scheduledRun.create({ data: { job: 'reminders', period: '2026-11-26', holder: 'host:1', startedAt: at } })
		await expect(prisma.scheduledRun.create({ data: { job: 'reminders', period: '2026-11-26', holder: 'host:2', startedAt: at } })).rejects.toThrow()
		await prisma.scheduledRun.update({ where: { job_period: { job: 'reminders', period: '2026-11-26' } }, data: { finishedAt: at } })
		expect(await prisma.scheduledRun.findMany()).toEqual([{ job: 'reminders', period: '2026-11-26', holder: 'host:1', startedAt: at, finishedAt: at }])

		const exercised = [
			'OrgUnit', 'Person', 'PersonRole', 'Password', 'Session', 'ManagedUnit', 'AuditEvent', 'AuditChainHead',
			'LearningModule', 'ModuleVersion', 'Quiz', 'QuizVersion', 'Certification', 'CertificationRequirement', 'WorkType',
			'WorkTypeRequirement', 'CatalogSync', 'CourseAudience', 'ModuleProgress', 'ModuleCompletion', 'QuizAttempt', 'CertificationAward',
			'AwardStatusChange', 'WorkTypeAssignment', 'Notification', 'ApiClient', 'EligibilityCheck',
			'ScormPackage', 'ScormAttempt', 'ScormScoState', 'ScormLaunch', 'ScormContentSession', 'CertificationPeriod',
			'EmploymentPeriod', 'EvidenceFile', 'PracticalChecklist', 'PracticalChecklistVersion', 'PracticalAssessment', 'PendingPractical', 'RetrainingDue', 'StandardRequirement', 'SignInThrottle', 'ScheduledRun',
		]
		expect(Object.values(Prisma.ModelName).sort()).toEqual(exercised.sort())
	})
})
