-- PostgreSQL baseline: the schema prisma/migrations builds up to 20261205150000_course_audience, in one step.
-- From here on, each migration is written for both databases (prisma/migrations and prisma/postgresql/migrations).

CREATE TABLE "OrgUnit" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "parentId" TEXT,
    "path" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY ("id")
);

CREATE TABLE "Person" (
    "id" TEXT NOT NULL,
    "employeeId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "orgUnitId" TEXT NOT NULL,
    "leftAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    PRIMARY KEY ("id")
);

CREATE TABLE "PersonRole" (
    "personId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    PRIMARY KEY ("personId", "role")
);

CREATE TABLE "Password" (
    "personId" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    PRIMARY KEY ("personId")
);

CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY ("id")
);

CREATE TABLE "ManagedUnit" (
    "managerId" TEXT NOT NULL,
    "orgUnitId" TEXT NOT NULL,
    PRIMARY KEY ("managerId", "orgUnitId")
);

CREATE TABLE "AuditEvent" (
    "seq" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "action" TEXT NOT NULL,
    "subjectType" TEXT,
    "subjectId" TEXT,
    "details" TEXT NOT NULL,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    PRIMARY KEY ("seq")
);

CREATE TABLE "AuditChainHead" (
    "id" INTEGER NOT NULL,
    "lastSeq" INTEGER NOT NULL,
    "lastHash" TEXT NOT NULL,
    PRIMARY KEY ("id")
);

CREATE TABLE "LearningModule" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "currentVersionId" TEXT,
    "retiredAt" TIMESTAMP(3),
    "source" TEXT NOT NULL DEFAULT 'catalog',
    PRIMARY KEY ("id")
);

CREATE TABLE "ModuleVersion" (
    "id" TEXT NOT NULL,
    "moduleId" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "estimatedMinutes" INTEGER NOT NULL,
    "objectives" TEXT NOT NULL,
    "sections" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "scormPackageId" TEXT,
    "completionRule" TEXT,
    "changeKind" TEXT NOT NULL DEFAULT 'initial',
    "changeNote" TEXT,
    "covers" TEXT NOT NULL DEFAULT '[]',
    "coverageEdition" TEXT,
    "minimumMinutes" INTEGER,
    PRIMARY KEY ("id")
);

CREATE TABLE "Quiz" (
    "id" TEXT NOT NULL,
    "moduleId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "currentVersionId" TEXT,
    "retiredAt" TIMESTAMP(3),
    PRIMARY KEY ("id")
);

CREATE TABLE "QuizVersion" (
    "id" TEXT NOT NULL,
    "quizId" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "questionsPerAttempt" INTEGER NOT NULL,
    "passMark" DOUBLE PRECISION NOT NULL,
    "attemptLimitCount" INTEGER NOT NULL,
    "attemptLimitPeriodHours" INTEGER NOT NULL,
    "cooldownMinutes" INTEGER NOT NULL,
    "scoring" TEXT NOT NULL,
    "questions" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    PRIMARY KEY ("id")
);

CREATE TABLE "Certification" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "validityMonths" INTEGER NOT NULL,
    "recertificationWindowDays" INTEGER NOT NULL,
    "requiredForAllReps" BOOLEAN NOT NULL,
    "retiredAt" TIMESTAMP(3),
    "practicalChecklistId" TEXT,
    "practicalRequiredSince" TIMESTAMP(3),
    "retrainingGraceDays" INTEGER NOT NULL DEFAULT 90,
    PRIMARY KEY ("code")
);

CREATE TABLE "CertificationRequirement" (
    "certificationCode" TEXT NOT NULL,
    "moduleId" TEXT NOT NULL,
    PRIMARY KEY ("certificationCode", "moduleId")
);

CREATE TABLE "WorkType" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "retiredAt" TIMESTAMP(3),
    PRIMARY KEY ("code")
);

CREATE TABLE "WorkTypeRequirement" (
    "workTypeCode" TEXT NOT NULL,
    "certificationCode" TEXT NOT NULL,
    PRIMARY KEY ("workTypeCode", "certificationCode")
);

CREATE TABLE "CatalogSync" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "problems" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "fingerprint" TEXT,
    PRIMARY KEY ("id")
);

CREATE TABLE "ModuleProgress" (
    "personId" TEXT NOT NULL,
    "moduleVersionId" TEXT NOT NULL,
    "viewedSections" TEXT NOT NULL,
    "lastSection" INTEGER NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),
    PRIMARY KEY ("personId", "moduleVersionId")
);

CREATE TABLE "ModuleCompletion" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "moduleId" TEXT NOT NULL,
    "moduleVersionId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "completedAt" TIMESTAMP(3) NOT NULL,
    PRIMARY KEY ("id")
);

CREATE TABLE "QuizAttempt" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "quizId" TEXT NOT NULL,
    "quizVersionId" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "presented" TEXT NOT NULL,
    "submittedAt" TIMESTAMP(3),
    "answers" TEXT,
    "scorePercent" DOUBLE PRECISION,
    "passed" BOOLEAN,
    "results" TEXT,
    PRIMARY KEY ("id")
);

CREATE TABLE "CertificationAward" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "certificationCode" TEXT NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "source" TEXT NOT NULL,
    "evidence" TEXT NOT NULL,
    "evidenceNote" TEXT,
    "awardedById" TEXT,
    "verificationCode" TEXT NOT NULL,
    "renewsAwardId" TEXT,
    "evidenceFileSha256" TEXT,
    "practicalAssessmentId" TEXT,
    PRIMARY KEY ("id")
);

CREATE TABLE "AwardStatusChange" (
    "id" TEXT NOT NULL,
    "awardId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    PRIMARY KEY ("id")
);

CREATE TABLE "WorkTypeAssignment" (
    "id" TEXT NOT NULL,
    "workTypeCode" TEXT NOT NULL,
    "orgUnitId" TEXT,
    "personId" TEXT,
    PRIMARY KEY ("id")
);

CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "milestone" TEXT,
    "awardId" TEXT,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "readAt" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),
    "deliveryChannel" TEXT,
    PRIMARY KEY ("id")
);

CREATE TABLE "ApiClient" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "keyPrefix" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "createdById" TEXT,
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "scopes" TEXT NOT NULL DEFAULT 'checks',
    PRIMARY KEY ("id")
);

CREATE TABLE "EligibilityCheck" (
    "id" TEXT NOT NULL,
    "apiClientId" TEXT NOT NULL,
    "batchId" TEXT,
    "employeeId" TEXT NOT NULL,
    "personId" TEXT,
    "workTypeCode" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL,
    "eligible" BOOLEAN NOT NULL,
    "response" TEXT NOT NULL,
    "reliedOn" TEXT NOT NULL,
    "auditSeq" INTEGER,
    PRIMARY KEY ("id")
);

CREATE TABLE "ScormPackage" (
    "id" TEXT NOT NULL,
    "scormVersion" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "manifest" TEXT NOT NULL,
    "fileCount" INTEGER NOT NULL,
    "totalBytes" INTEGER NOT NULL,
    "importedAt" TIMESTAMP(3) NOT NULL,
    PRIMARY KEY ("id")
);

CREATE TABLE "ScormAttempt" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "moduleId" TEXT NOT NULL,
    "moduleVersionId" TEXT NOT NULL,
    "packageId" TEXT NOT NULL,
    "completionRule" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "completionStatus" TEXT NOT NULL,
    "successStatus" TEXT NOT NULL,
    "scoreScaled" DOUBLE PRECISION,
    "totalSeconds" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "satisfiedAt" TIMESTAMP(3),
    "purpose" TEXT NOT NULL DEFAULT 'learning',
    "sequencingState" TEXT,
    "sequencingSavedBy" TEXT,
    "sequencingSequence" INTEGER NOT NULL DEFAULT 0,
    "review" TEXT,
    "reviewedById" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "reviewReason" TEXT,
    PRIMARY KEY ("id")
);

CREATE TABLE "ScormScoState" (
    "attemptId" TEXT NOT NULL,
    "scoId" TEXT NOT NULL,
    "cmi" TEXT NOT NULL,
    "completionStatus" TEXT NOT NULL,
    "successStatus" TEXT NOT NULL,
    "scoreRaw" DOUBLE PRECISION,
    "scoreScaled" DOUBLE PRECISION,
    "interactionCount" INTEGER NOT NULL DEFAULT 0,
    "launchCount" INTEGER NOT NULL DEFAULT 0,
    "appliedLaunch" INTEGER NOT NULL DEFAULT 0,
    "appliedSequence" INTEGER NOT NULL DEFAULT 0,
    "terminated" BOOLEAN NOT NULL DEFAULT false,
    "totalSeconds" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    PRIMARY KEY ("attemptId", "scoId")
);

CREATE TABLE "ScormLaunch" (
    "id" TEXT NOT NULL,
    "attemptId" TEXT NOT NULL,
    "scoId" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "lastCommitAt" TIMESTAMP(3),
    "sessionSeconds" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "commitCount" INTEGER NOT NULL DEFAULT 0,
    "lastSequence" INTEGER NOT NULL DEFAULT 0,
    "interactions" TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY ("id")
);

CREATE TABLE "CertificationPeriod" (
    "personId" TEXT NOT NULL,
    "certificationCode" TEXT NOT NULL,
    "startsAt" BIGINT NOT NULL,
    "endsAt" BIGINT,
    "awardId" TEXT NOT NULL,
    "expiresAt" BIGINT NOT NULL,
    "eligibleUntil" BIGINT,
    "withdrawal" TEXT,
    PRIMARY KEY ("personId", "certificationCode", "startsAt")
);

CREATE TABLE "ScormContentSession" (
    "id" TEXT NOT NULL,
    "attemptId" TEXT NOT NULL,
    "appSessionId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    PRIMARY KEY ("id")
);

CREATE TABLE "EmploymentPeriod" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "startedById" TEXT,
    "startReason" TEXT NOT NULL,
    "endedById" TEXT,
    "endReason" TEXT,
    PRIMARY KEY ("id")
);

CREATE TABLE "EvidenceFile" (
    "sha256" TEXT NOT NULL,
    "mediaType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "fileName" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "uploadedById" TEXT NOT NULL,
    "uploadedAt" TIMESTAMP(3) NOT NULL,
    PRIMARY KEY ("sha256")
);

CREATE TABLE "PracticalChecklist" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "currentVersionId" TEXT,
    "retiredAt" TIMESTAMP(3),
    PRIMARY KEY ("id")
);

CREATE TABLE "PracticalChecklistVersion" (
    "id" TEXT NOT NULL,
    "checklistId" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "items" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    PRIMARY KEY ("id")
);

CREATE TABLE "PracticalAssessment" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "certificationCode" TEXT NOT NULL,
    "checklistVersionId" TEXT NOT NULL,
    "assessorId" TEXT NOT NULL,
    "performedOn" TIMESTAMP(3) NOT NULL,
    "setting" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "items" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "notes" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL,
    PRIMARY KEY ("id")
);

CREATE TABLE "PendingPractical" (
    "personId" TEXT NOT NULL,
    "certificationCode" TEXT NOT NULL,
    "trainingCompletedAt" TIMESTAMP(3) NOT NULL,
    "lapsesAt" TIMESTAMP(3) NOT NULL,
    PRIMARY KEY ("personId", "certificationCode")
);

CREATE TABLE "RetrainingDue" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "certificationCode" TEXT NOT NULL,
    "awardId" TEXT NOT NULL,
    "moduleId" TEXT NOT NULL,
    "moduleVersionId" TEXT NOT NULL,
    "dueSince" TIMESTAMP(3) NOT NULL,
    "deadline" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),
    "closedReason" TEXT,
    PRIMARY KEY ("id")
);

CREATE TABLE "StandardRequirement" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "edition" TEXT NOT NULL,
    PRIMARY KEY ("id")
);

CREATE TABLE "SignInThrottle" (
    "key" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastAt" TIMESTAMP(3) NOT NULL,
    "refusals" INTEGER NOT NULL DEFAULT 0,
    "unknownAccountFailures" INTEGER NOT NULL DEFAULT 0,
    "lockouts" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMP(3),
    PRIMARY KEY ("key")
);

CREATE TABLE "CourseAudience" (
    "moduleId" TEXT NOT NULL,
    "orgUnitId" TEXT NOT NULL,
    PRIMARY KEY ("moduleId", "orgUnitId")
);

CREATE UNIQUE INDEX "OrgUnit_code_key" ON "OrgUnit"("code");
CREATE UNIQUE INDEX "OrgUnit_path_key" ON "OrgUnit"("path");
CREATE INDEX "OrgUnit_parentId_idx" ON "OrgUnit"("parentId");
CREATE UNIQUE INDEX "Person_employeeId_key" ON "Person"("employeeId");
CREATE UNIQUE INDEX "Person_email_key" ON "Person"("email");
CREATE INDEX "Person_orgUnitId_idx" ON "Person"("orgUnitId");
CREATE INDEX "Session_personId_idx" ON "Session"("personId");
CREATE INDEX "ManagedUnit_orgUnitId_idx" ON "ManagedUnit"("orgUnitId");
CREATE INDEX "AuditEvent_action_subjectId_at_idx" ON "AuditEvent"("action", "subjectId", "at");
CREATE INDEX "AuditEvent_subjectType_subjectId_idx" ON "AuditEvent"("subjectType", "subjectId");
CREATE UNIQUE INDEX "ModuleVersion_moduleId_contentHash_key" ON "ModuleVersion"("moduleId", "contentHash");
CREATE UNIQUE INDEX "Quiz_moduleId_key" ON "Quiz"("moduleId");
CREATE UNIQUE INDEX "QuizVersion_quizId_contentHash_key" ON "QuizVersion"("quizId", "contentHash");
CREATE INDEX "ModuleCompletion_personId_moduleId_idx" ON "ModuleCompletion"("personId", "moduleId");
CREATE INDEX "QuizAttempt_personId_quizId_startedAt_idx" ON "QuizAttempt"("personId", "quizId", "startedAt");
CREATE UNIQUE INDEX "CertificationAward_verificationCode_key" ON "CertificationAward"("verificationCode");
CREATE INDEX "CertificationAward_personId_certificationCode_issuedAt_idx" ON "CertificationAward"("personId", "certificationCode", "issuedAt");
CREATE INDEX "CertificationAward_certificationCode_expiresAt_idx" ON "CertificationAward"("certificationCode", "expiresAt");
CREATE INDEX "AwardStatusChange_awardId_at_idx" ON "AwardStatusChange"("awardId", "at");
CREATE UNIQUE INDEX "WorkTypeAssignment_workTypeCode_orgUnitId_key" ON "WorkTypeAssignment"("workTypeCode", "orgUnitId");
CREATE UNIQUE INDEX "WorkTypeAssignment_workTypeCode_personId_key" ON "WorkTypeAssignment"("workTypeCode", "personId");
CREATE INDEX "WorkTypeAssignment_personId_idx" ON "WorkTypeAssignment"("personId");
CREATE UNIQUE INDEX "Notification_awardId_milestone_key" ON "Notification"("awardId", "milestone");
CREATE INDEX "Notification_personId_createdAt_idx" ON "Notification"("personId", "createdAt");
CREATE UNIQUE INDEX "ApiClient_name_key" ON "ApiClient"("name");
CREATE UNIQUE INDEX "ApiClient_keyPrefix_key" ON "ApiClient"("keyPrefix");
CREATE INDEX "EligibilityCheck_personId_checkedAt_idx" ON "EligibilityCheck"("personId", "checkedAt");
CREATE INDEX "EligibilityCheck_apiClientId_checkedAt_idx" ON "EligibilityCheck"("apiClientId", "checkedAt");
CREATE UNIQUE INDEX "ScormLaunch_attemptId_scoId_ordinal_key" ON "ScormLaunch"("attemptId", "scoId", "ordinal");
CREATE INDEX "EligibilityCheck_auditSeq_idx" ON "EligibilityCheck"("auditSeq");
CREATE INDEX "ScormContentSession_attemptId_idx" ON "ScormContentSession"("attemptId");
CREATE INDEX "ScormContentSession_appSessionId_idx" ON "ScormContentSession"("appSessionId");
CREATE INDEX "ScormContentSession_expiresAt_idx" ON "ScormContentSession"("expiresAt");
CREATE INDEX "ScormAttempt_personId_moduleId_purpose_startedAt_idx" ON "ScormAttempt"("personId", "moduleId", "purpose", "startedAt");
CREATE INDEX "EmploymentPeriod_personId_startedAt_idx" ON "EmploymentPeriod"("personId", "startedAt");
CREATE UNIQUE INDEX "EmploymentPeriod_one_open_per_person" ON "EmploymentPeriod"("personId") WHERE "endedAt" IS NULL;
CREATE INDEX "CertificationAward_evidenceFileSha256_idx" ON "CertificationAward"("evidenceFileSha256");
CREATE UNIQUE INDEX "PracticalChecklistVersion_checklistId_contentHash_key" ON "PracticalChecklistVersion"("checklistId", "contentHash");
CREATE INDEX "PracticalAssessment_personId_certificationCode_performedOn_idx" ON "PracticalAssessment"("personId", "certificationCode", "performedOn");
CREATE INDEX "PracticalAssessment_assessorId_idx" ON "PracticalAssessment"("assessorId");
CREATE INDEX "PendingPractical_certificationCode_idx" ON "PendingPractical"("certificationCode");
CREATE INDEX "RetrainingDue_awardId_moduleId_idx" ON "RetrainingDue"("awardId", "moduleId");
CREATE INDEX "RetrainingDue_personId_closedAt_idx" ON "RetrainingDue"("personId", "closedAt");
CREATE INDEX "RetrainingDue_certificationCode_closedAt_idx" ON "RetrainingDue"("certificationCode", "closedAt");
CREATE INDEX "ScormAttempt_review_idx" ON "ScormAttempt"("review");
CREATE INDEX "CourseAudience_orgUnitId_idx" ON "CourseAudience"("orgUnitId");

ALTER TABLE "OrgUnit" ADD CONSTRAINT "OrgUnit_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "OrgUnit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Person" ADD CONSTRAINT "Person_orgUnitId_fkey" FOREIGN KEY ("orgUnitId") REFERENCES "OrgUnit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "PersonRole" ADD CONSTRAINT "PersonRole_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Password" ADD CONSTRAINT "Password_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Session" ADD CONSTRAINT "Session_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ManagedUnit" ADD CONSTRAINT "ManagedUnit_orgUnitId_fkey" FOREIGN KEY ("orgUnitId") REFERENCES "OrgUnit" ("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ManagedUnit" ADD CONSTRAINT "ManagedUnit_managerId_fkey" FOREIGN KEY ("managerId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ModuleVersion" ADD CONSTRAINT "ModuleVersion_moduleId_fkey" FOREIGN KEY ("moduleId") REFERENCES "LearningModule" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "QuizVersion" ADD CONSTRAINT "QuizVersion_quizId_fkey" FOREIGN KEY ("quizId") REFERENCES "Quiz" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Certification" ADD CONSTRAINT "Certification_practicalChecklistId_fkey" FOREIGN KEY ("practicalChecklistId") REFERENCES "PracticalChecklist" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "CertificationRequirement" ADD CONSTRAINT "CertificationRequirement_certificationCode_fkey" FOREIGN KEY ("certificationCode") REFERENCES "Certification" ("code") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "WorkTypeRequirement" ADD CONSTRAINT "WorkTypeRequirement_workTypeCode_fkey" FOREIGN KEY ("workTypeCode") REFERENCES "WorkType" ("code") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "CertificationAward" ADD CONSTRAINT "CertificationAward_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "CertificationAward" ADD CONSTRAINT "CertificationAward_practicalAssessmentId_fkey" FOREIGN KEY ("practicalAssessmentId") REFERENCES "PracticalAssessment" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "CertificationAward" ADD CONSTRAINT "CertificationAward_evidenceFileSha256_fkey" FOREIGN KEY ("evidenceFileSha256") REFERENCES "EvidenceFile" ("sha256") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "AwardStatusChange" ADD CONSTRAINT "AwardStatusChange_awardId_fkey" FOREIGN KEY ("awardId") REFERENCES "CertificationAward" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "WorkTypeAssignment" ADD CONSTRAINT "WorkTypeAssignment_orgUnitId_fkey" FOREIGN KEY ("orgUnitId") REFERENCES "OrgUnit" ("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ScormScoState" ADD CONSTRAINT "ScormScoState_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "ScormAttempt" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ScormLaunch" ADD CONSTRAINT "ScormLaunch_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "ScormAttempt" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ScormContentSession" ADD CONSTRAINT "ScormContentSession_appSessionId_fkey" FOREIGN KEY ("appSessionId") REFERENCES "Session" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "ScormContentSession" ADD CONSTRAINT "ScormContentSession_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "ScormAttempt" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "EmploymentPeriod" ADD CONSTRAINT "EmploymentPeriod_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "PracticalChecklistVersion" ADD CONSTRAINT "PracticalChecklistVersion_checklistId_fkey" FOREIGN KEY ("checklistId") REFERENCES "PracticalChecklist" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "PracticalAssessment" ADD CONSTRAINT "PracticalAssessment_checklistVersionId_fkey" FOREIGN KEY ("checklistVersionId") REFERENCES "PracticalChecklistVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "PracticalAssessment" ADD CONSTRAINT "PracticalAssessment_assessorId_fkey" FOREIGN KEY ("assessorId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "PracticalAssessment" ADD CONSTRAINT "PracticalAssessment_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "PendingPractical" ADD CONSTRAINT "PendingPractical_certificationCode_fkey" FOREIGN KEY ("certificationCode") REFERENCES "Certification" ("code") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "PendingPractical" ADD CONSTRAINT "PendingPractical_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "RetrainingDue" ADD CONSTRAINT "RetrainingDue_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "CourseAudience" ADD CONSTRAINT "CourseAudience_orgUnitId_fkey" FOREIGN KEY ("orgUnitId") REFERENCES "OrgUnit" ("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "CourseAudience" ADD CONSTRAINT "CourseAudience_moduleId_fkey" FOREIGN KEY ("moduleId") REFERENCES "LearningModule" ("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The audit chain starts from a known head.
INSERT INTO "AuditChainHead" ("id", "lastSeq", "lastHash") VALUES (1, 0, 'genesis');

-- Evidence and the audit log are append-only, as on SQLite.
CREATE FUNCTION "refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER "AuditEvent_no_update" BEFORE UPDATE ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION "refuse_change"();
CREATE TRIGGER "AuditEvent_no_delete" BEFORE DELETE ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION "refuse_change"();
CREATE TRIGGER "EligibilityCheck_no_update" BEFORE UPDATE ON "EligibilityCheck" FOR EACH ROW EXECUTE FUNCTION "refuse_change"();
CREATE TRIGGER "EligibilityCheck_no_delete" BEFORE DELETE ON "EligibilityCheck" FOR EACH ROW EXECUTE FUNCTION "refuse_change"();
