-- CreateTable
CREATE TABLE "ApiClient" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "keyPrefix" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "createdById" TEXT,
    "expiresAt" DATETIME,
    "revokedAt" DATETIME,
    "lastUsedAt" DATETIME
);

-- CreateTable
CREATE TABLE "EligibilityCheck" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "apiClientId" TEXT NOT NULL,
    "batchId" TEXT,
    "employeeId" TEXT NOT NULL,
    "personId" TEXT,
    "workTypeCode" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "checkedAt" DATETIME NOT NULL,
    "eligible" BOOLEAN NOT NULL,
    "response" TEXT NOT NULL,
    "reliedOn" TEXT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiClient_name_key" ON "ApiClient"("name");

-- CreateIndex
CREATE UNIQUE INDEX "ApiClient_keyPrefix_key" ON "ApiClient"("keyPrefix");

-- CreateIndex
CREATE INDEX "EligibilityCheck_personId_checkedAt_idx" ON "EligibilityCheck"("personId", "checkedAt");

-- CreateIndex
CREATE INDEX "EligibilityCheck_apiClientId_checkedAt_idx" ON "EligibilityCheck"("apiClientId", "checkedAt");
