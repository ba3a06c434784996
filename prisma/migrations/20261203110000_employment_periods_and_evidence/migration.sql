-- Employment as periods: a person who leaves and is rehired has two, and "was this person employed
-- then?" is answered from the period covering the instant. At most one period is open at a time.
CREATE TABLE "EmploymentPeriod" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "endedAt" DATETIME,
    "startedById" TEXT,
    "startReason" TEXT NOT NULL,
    "endedById" TEXT,
    "endReason" TEXT,
    CONSTRAINT "EmploymentPeriod_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX "EmploymentPeriod_personId_startedAt_idx" ON "EmploymentPeriod"("personId", "startedAt");
-- Not expressible in schema.prisma; PostgreSQL supports the same partial index.
CREATE UNIQUE INDEX "EmploymentPeriod_one_open_per_person" ON "EmploymentPeriod"("personId") WHERE "endedAt" IS NULL;

-- Everyone so far has one period, ending when they left. Its start is unknown, so it is the
-- earliest fact on record (record creation, first award, leaving), so nobody becomes "not
-- employed" at a time they already held a certification.
INSERT INTO "EmploymentPeriod" ("id", "personId", "startedAt", "endedAt", "startedById", "startReason", "endedById", "endReason")
SELECT
    'employment-' || p."id",
    p."id",
    (SELECT "t" FROM (
        SELECT p."createdAt" AS "t"
        UNION ALL SELECT p."leftAt" WHERE p."leftAt" IS NOT NULL
        UNION ALL SELECT a."issuedAt" FROM "CertificationAward" a WHERE a."personId" = p."id"
    ) ORDER BY julianday("t") LIMIT 1),
    p."leftAt",
    NULL,
    'Employed since at least the earliest record of this person (recorded when employment periods were introduced).',
    NULL,
    CASE WHEN p."leftAt" IS NULL THEN NULL ELSE 'Left the company (recorded when employment periods were introduced; the person.deactivated audit event gives the reason).' END
FROM "Person" p;

-- Evidence files for manual awards, stored once per SHA-256 of their bytes.
CREATE TABLE "EvidenceFile" (
    "sha256" TEXT NOT NULL PRIMARY KEY,
    "mediaType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "fileName" TEXT NOT NULL,
    "bytes" BLOB NOT NULL,
    "uploadedById" TEXT NOT NULL,
    "uploadedAt" DATETIME NOT NULL
);
ALTER TABLE "CertificationAward" ADD COLUMN "evidenceFileSha256" TEXT REFERENCES "EvidenceFile" ("sha256") ON DELETE RESTRICT ON UPDATE CASCADE;
CREATE INDEX "CertificationAward_evidenceFileSha256_idx" ON "CertificationAward"("evidenceFileSha256");
