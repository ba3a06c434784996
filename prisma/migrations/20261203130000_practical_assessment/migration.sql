-- Observed practical assessments: checklists from content/checklists, versioned like modules and
-- quizzes; assessments recorded by assessors; the certifications that require one; and who now
-- awaits one (training done, practical not yet).
CREATE TABLE "PracticalChecklist" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "currentVersionId" TEXT,
    "retiredAt" DATETIME
);

CREATE TABLE "PracticalChecklistVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "checklistId" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "items" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "PracticalChecklistVersion_checklistId_fkey" FOREIGN KEY ("checklistId") REFERENCES "PracticalChecklist" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "PracticalChecklistVersion_checklistId_contentHash_key" ON "PracticalChecklistVersion"("checklistId", "contentHash");

CREATE TABLE "PracticalAssessment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "certificationCode" TEXT NOT NULL,
    "checklistVersionId" TEXT NOT NULL,
    "assessorId" TEXT NOT NULL,
    "performedOn" DATETIME NOT NULL,
    "setting" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "items" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "notes" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL,
    CONSTRAINT "PracticalAssessment_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PracticalAssessment_assessorId_fkey" FOREIGN KEY ("assessorId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PracticalAssessment_checklistVersionId_fkey" FOREIGN KEY ("checklistVersionId") REFERENCES "PracticalChecklistVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX "PracticalAssessment_personId_certificationCode_performedOn_idx" ON "PracticalAssessment"("personId", "certificationCode", "performedOn");
CREATE INDEX "PracticalAssessment_assessorId_idx" ON "PracticalAssessment"("assessorId");

CREATE TABLE "PendingPractical" (
    "personId" TEXT NOT NULL,
    "certificationCode" TEXT NOT NULL,
    "trainingCompletedAt" DATETIME NOT NULL,
    "lapsesAt" DATETIME NOT NULL,

    PRIMARY KEY ("personId", "certificationCode"),
    CONSTRAINT "PendingPractical_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PendingPractical_certificationCode_fkey" FOREIGN KEY ("certificationCode") REFERENCES "Certification" ("code") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX "PendingPractical_certificationCode_idx" ON "PendingPractical"("certificationCode");

ALTER TABLE "Certification" ADD COLUMN "practicalChecklistId" TEXT REFERENCES "PracticalChecklist" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Certification" ADD COLUMN "practicalRequiredSince" DATETIME;
ALTER TABLE "CertificationAward" ADD COLUMN "practicalAssessmentId" TEXT REFERENCES "PracticalAssessment" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
