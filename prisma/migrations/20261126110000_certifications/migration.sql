-- CreateTable
CREATE TABLE "CertificationAward" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "certificationCode" TEXT NOT NULL,
    "issuedAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "source" TEXT NOT NULL,
    "evidence" TEXT NOT NULL,
    "evidenceNote" TEXT,
    "awardedById" TEXT,
    "verificationCode" TEXT NOT NULL,
    "renewsAwardId" TEXT,
    CONSTRAINT "CertificationAward_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AwardStatusChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "awardId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    CONSTRAINT "AwardStatusChange_awardId_fkey" FOREIGN KEY ("awardId") REFERENCES "CertificationAward" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WorkTypeAssignment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workTypeCode" TEXT NOT NULL,
    "orgUnitId" TEXT,
    "personId" TEXT,
    CONSTRAINT "WorkTypeAssignment_orgUnitId_fkey" FOREIGN KEY ("orgUnitId") REFERENCES "OrgUnit" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "milestone" TEXT,
    "awardId" TEXT,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "readAt" DATETIME,
    "deliveredAt" DATETIME,
    "deliveryChannel" TEXT
);

-- CreateIndex
CREATE UNIQUE INDEX "CertificationAward_verificationCode_key" ON "CertificationAward"("verificationCode");

-- CreateIndex
CREATE INDEX "CertificationAward_personId_certificationCode_issuedAt_idx" ON "CertificationAward"("personId", "certificationCode", "issuedAt");

-- CreateIndex
CREATE INDEX "CertificationAward_certificationCode_expiresAt_idx" ON "CertificationAward"("certificationCode", "expiresAt");

-- CreateIndex
CREATE INDEX "AwardStatusChange_awardId_at_idx" ON "AwardStatusChange"("awardId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "WorkTypeAssignment_workTypeCode_orgUnitId_key" ON "WorkTypeAssignment"("workTypeCode", "orgUnitId");

-- CreateIndex
CREATE UNIQUE INDEX "WorkTypeAssignment_workTypeCode_personId_key" ON "WorkTypeAssignment"("workTypeCode", "personId");

-- CreateIndex
CREATE INDEX "WorkTypeAssignment_personId_idx" ON "WorkTypeAssignment"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_awardId_milestone_key" ON "Notification"("awardId", "milestone");

-- CreateIndex
CREATE INDEX "Notification_personId_createdAt_idx" ON "Notification"("personId", "createdAt");
