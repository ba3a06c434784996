-- Retraining on material change: module versions say whether they change the procedure,
-- certifications give holders a grace period, and who must retrain is recorded per award.
ALTER TABLE "ModuleVersion" ADD COLUMN "changeKind" TEXT NOT NULL DEFAULT 'initial';
ALTER TABLE "ModuleVersion" ADD COLUMN "changeNote" TEXT;
ALTER TABLE "Certification" ADD COLUMN "retrainingGraceDays" INTEGER NOT NULL DEFAULT 90;

CREATE TABLE "RetrainingDue" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "certificationCode" TEXT NOT NULL,
    "awardId" TEXT NOT NULL,
    "moduleId" TEXT NOT NULL,
    "moduleVersionId" TEXT NOT NULL,
    "dueSince" DATETIME NOT NULL,
    "deadline" DATETIME NOT NULL,
    "closedAt" DATETIME,
    "closedReason" TEXT,
    CONSTRAINT "RetrainingDue_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX "RetrainingDue_awardId_moduleId_idx" ON "RetrainingDue"("awardId", "moduleId");
CREATE INDEX "RetrainingDue_personId_closedAt_idx" ON "RetrainingDue"("personId", "closedAt");
CREATE INDEX "RetrainingDue_certificationCode_closedAt_idx" ON "RetrainingDue"("certificationCode", "closedAt");
