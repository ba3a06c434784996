-- AlterTable
ALTER TABLE "LearningModule" ADD COLUMN "source" TEXT NOT NULL DEFAULT 'catalog';

-- AlterTable
ALTER TABLE "ModuleVersion" ADD COLUMN "scormPackageId" TEXT;

-- AlterTable
ALTER TABLE "ModuleVersion" ADD COLUMN "completionRule" TEXT;

-- CreateTable
CREATE TABLE "ScormPackage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scormVersion" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "manifest" TEXT NOT NULL,
    "fileCount" INTEGER NOT NULL,
    "totalBytes" INTEGER NOT NULL,
    "importedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ScormAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "moduleId" TEXT NOT NULL,
    "moduleVersionId" TEXT NOT NULL,
    "packageId" TEXT NOT NULL,
    "completionRule" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "completionStatus" TEXT NOT NULL,
    "successStatus" TEXT NOT NULL,
    "scoreScaled" REAL,
    "totalSeconds" REAL NOT NULL DEFAULT 0,
    "satisfiedAt" DATETIME
);

-- CreateTable
CREATE TABLE "ScormScoState" (
    "attemptId" TEXT NOT NULL,
    "scoId" TEXT NOT NULL,
    "cmi" TEXT NOT NULL,
    "completionStatus" TEXT NOT NULL,
    "successStatus" TEXT NOT NULL,
    "scoreRaw" REAL,
    "scoreScaled" REAL,
    "interactionCount" INTEGER NOT NULL DEFAULT 0,
    "launchCount" INTEGER NOT NULL DEFAULT 0,
    "appliedLaunch" INTEGER NOT NULL DEFAULT 0,
    "appliedSequence" INTEGER NOT NULL DEFAULT 0,
    "terminated" BOOLEAN NOT NULL DEFAULT false,
    "totalSeconds" REAL NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("attemptId", "scoId"),
    CONSTRAINT "ScormScoState_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "ScormAttempt" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScormLaunch" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "attemptId" TEXT NOT NULL,
    "scoId" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "lastCommitAt" DATETIME,
    "sessionSeconds" REAL NOT NULL DEFAULT 0,
    "commitCount" INTEGER NOT NULL DEFAULT 0,
    "lastSequence" INTEGER NOT NULL DEFAULT 0,
    "interactions" TEXT NOT NULL DEFAULT '[]',
    CONSTRAINT "ScormLaunch_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "ScormAttempt" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ScormAttempt_personId_moduleId_startedAt_idx" ON "ScormAttempt"("personId", "moduleId", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ScormLaunch_attemptId_scoId_ordinal_key" ON "ScormLaunch"("attemptId", "scoId", "ordinal");
