-- SCORM content is played from its own origin: a content session is the capability, signed into
-- the framed URL, that lets the content listener serve one attempt's files and record its commits.
-- It ends with the app session that opened it (which, deleted at sign-out, leaves it without one).
CREATE TABLE "ScormContentSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "attemptId" TEXT NOT NULL,
    "appSessionId" TEXT,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    CONSTRAINT "ScormContentSession_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "ScormAttempt" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ScormContentSession_appSessionId_fkey" FOREIGN KEY ("appSessionId") REFERENCES "Session" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
CREATE INDEX "ScormContentSession_attemptId_idx" ON "ScormContentSession"("attemptId");
CREATE INDEX "ScormContentSession_appSessionId_idx" ON "ScormContentSession"("appSessionId");
CREATE INDEX "ScormContentSession_expiresAt_idx" ON "ScormContentSession"("expiresAt");

-- Managers, admins and authors preview a course in attempts of their own that never count.
ALTER TABLE "ScormAttempt" ADD COLUMN "purpose" TEXT NOT NULL DEFAULT 'learning';
-- SCORM 2004 sequencing state, kept between visits; the content session and sequence number of
-- the save that wrote it keep a late save from overwriting a newer one.
ALTER TABLE "ScormAttempt" ADD COLUMN "sequencingState" TEXT;
ALTER TABLE "ScormAttempt" ADD COLUMN "sequencingSavedBy" TEXT;
ALTER TABLE "ScormAttempt" ADD COLUMN "sequencingSequence" INTEGER NOT NULL DEFAULT 0;
DROP INDEX "ScormAttempt_personId_moduleId_startedAt_idx";
CREATE INDEX "ScormAttempt_personId_moduleId_purpose_startedAt_idx" ON "ScormAttempt"("personId", "moduleId", "purpose", "startedAt");
