-- A SCORM completion reached faster than the module's minimum plausible time does not count until
-- a manager accepts it.
ALTER TABLE "ModuleVersion" ADD COLUMN "minimumMinutes" INTEGER;
ALTER TABLE "ScormAttempt" ADD COLUMN "review" TEXT;
ALTER TABLE "ScormAttempt" ADD COLUMN "reviewedById" TEXT;
ALTER TABLE "ScormAttempt" ADD COLUMN "reviewedAt" DATETIME;
ALTER TABLE "ScormAttempt" ADD COLUMN "reviewReason" TEXT;
CREATE INDEX "ScormAttempt_review_idx" ON "ScormAttempt"("review");
