-- CreateTable
CREATE TABLE "LearningModule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "currentVersionId" TEXT,
    "retiredAt" DATETIME
);

-- CreateTable
CREATE TABLE "ModuleVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "moduleId" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "estimatedMinutes" INTEGER NOT NULL,
    "objectives" TEXT NOT NULL,
    "sections" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "ModuleVersion_moduleId_fkey" FOREIGN KEY ("moduleId") REFERENCES "LearningModule" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Quiz" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "moduleId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "currentVersionId" TEXT,
    "retiredAt" DATETIME
);

-- CreateTable
CREATE TABLE "QuizVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "quizId" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "questionsPerAttempt" INTEGER NOT NULL,
    "passMark" REAL NOT NULL,
    "attemptLimitCount" INTEGER NOT NULL,
    "attemptLimitPeriodHours" INTEGER NOT NULL,
    "cooldownMinutes" INTEGER NOT NULL,
    "scoring" TEXT NOT NULL,
    "questions" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "QuizVersion_quizId_fkey" FOREIGN KEY ("quizId") REFERENCES "Quiz" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Certification" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "validityMonths" INTEGER NOT NULL,
    "recertificationWindowDays" INTEGER NOT NULL,
    "requiredForAllReps" BOOLEAN NOT NULL,
    "retiredAt" DATETIME
);

-- CreateTable
CREATE TABLE "CertificationRequirement" (
    "certificationCode" TEXT NOT NULL,
    "moduleId" TEXT NOT NULL,

    PRIMARY KEY ("certificationCode", "moduleId"),
    CONSTRAINT "CertificationRequirement_certificationCode_fkey" FOREIGN KEY ("certificationCode") REFERENCES "Certification" ("code") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WorkType" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "retiredAt" DATETIME
);

-- CreateTable
CREATE TABLE "WorkTypeRequirement" (
    "workTypeCode" TEXT NOT NULL,
    "certificationCode" TEXT NOT NULL,

    PRIMARY KEY ("workTypeCode", "certificationCode"),
    CONSTRAINT "WorkTypeRequirement_workTypeCode_fkey" FOREIGN KEY ("workTypeCode") REFERENCES "WorkType" ("code") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CatalogSync" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "problems" TEXT NOT NULL,
    "summary" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "ModuleProgress" (
    "personId" TEXT NOT NULL,
    "moduleVersionId" TEXT NOT NULL,
    "viewedSections" TEXT NOT NULL,
    "lastSection" INTEGER NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "completedAt" DATETIME,

    PRIMARY KEY ("personId", "moduleVersionId")
);

-- CreateTable
CREATE TABLE "ModuleCompletion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "moduleId" TEXT NOT NULL,
    "moduleVersionId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "completedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "QuizAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "quizId" TEXT NOT NULL,
    "quizVersionId" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "presented" TEXT NOT NULL,
    "submittedAt" DATETIME,
    "answers" TEXT,
    "scorePercent" REAL,
    "passed" BOOLEAN,
    "results" TEXT
);

-- CreateIndex
CREATE UNIQUE INDEX "ModuleVersion_moduleId_contentHash_key" ON "ModuleVersion"("moduleId", "contentHash");

-- CreateIndex
CREATE UNIQUE INDEX "Quiz_moduleId_key" ON "Quiz"("moduleId");

-- CreateIndex
CREATE UNIQUE INDEX "QuizVersion_quizId_contentHash_key" ON "QuizVersion"("quizId", "contentHash");

-- CreateIndex
CREATE INDEX "ModuleCompletion_personId_moduleId_idx" ON "ModuleCompletion"("personId", "moduleId");

-- CreateIndex
CREATE INDEX "QuizAttempt_personId_quizId_startedAt_idx" ON "QuizAttempt"("personId", "quizId", "startedAt");
