-- CreateTable
-- WITHOUT ROWID keeps each person's periods together in primary-key order, so the readiness
-- aggregation reads them in one seek instead of one table lookup per row.
CREATE TABLE "CertificationPeriod" (
    "personId" TEXT NOT NULL,
    "certificationCode" TEXT NOT NULL,
    "startsAt" BIGINT NOT NULL,
    "endsAt" BIGINT,
    "awardId" TEXT NOT NULL,
    "expiresAt" BIGINT NOT NULL,
    "eligibleUntil" BIGINT,
    "withdrawn" BOOLEAN NOT NULL,

    PRIMARY KEY ("personId", "certificationCode", "startsAt")
) WITHOUT ROWID;

-- Backfill from the awards already recorded, by the rules of certificationPeriods()
-- (app/readiness/certification-periods.ts): an award governs from its issue until the next award
-- of the same certification is issued; a new period starts at each status change inside that
-- span, withdrawn when the latest change at or before its start is not a reinstatement.
INSERT INTO "CertificationPeriod" ("personId", "certificationCode", "startsAt", "endsAt", "awardId", "expiresAt", "eligibleUntil", "withdrawn")
WITH "award" AS (
    SELECT "id", "personId", "certificationCode",
        CAST(ROUND((julianday("issuedAt") - 2440587.5) * 86400000) AS INTEGER) AS "issuedAt",
        CAST(ROUND((julianday("expiresAt") - 2440587.5) * 86400000) AS INTEGER) AS "expiresAt"
    FROM "CertificationAward"
), "sequenced" AS (
    SELECT *, LEAD("issuedAt") OVER (PARTITION BY "personId", "certificationCode" ORDER BY "issuedAt", "id") AS "nextIssuedAt"
    FROM "award"
), "governing" AS (
    SELECT * FROM "sequenced" WHERE "nextIssuedAt" IS NULL OR "nextIssuedAt" > "issuedAt"
), "boundary" AS (
    SELECT "id" AS "awardId", "personId", "certificationCode", "expiresAt", "nextIssuedAt", "issuedAt" AS "startsAt" FROM "governing"
    UNION
    SELECT g."id", g."personId", g."certificationCode", g."expiresAt", g."nextIssuedAt", c."atMs" FROM "governing" g
    JOIN (SELECT "awardId", CAST(ROUND((julianday("at") - 2440587.5) * 86400000) AS INTEGER) AS "atMs" FROM "AwardStatusChange") c ON c."awardId" = g."id"
    WHERE c."atMs" > g."issuedAt" AND (g."nextIssuedAt" IS NULL OR c."atMs" < g."nextIssuedAt")
), "piece" AS (
    SELECT "personId", "certificationCode", "startsAt", "awardId", "expiresAt",
        COALESCE(LEAD("startsAt") OVER (PARTITION BY "awardId" ORDER BY "startsAt"), "nextIssuedAt") AS "endsAt",
        COALESCE((
            SELECT c."kind" <> 'reinstated' FROM "AwardStatusChange" c
            WHERE c."awardId" = b."awardId" AND CAST(ROUND((julianday(c."at") - 2440587.5) * 86400000) AS INTEGER) <= b."startsAt"
            ORDER BY c."at" DESC, c."id" DESC LIMIT 1
        ), 0) AS "withdrawn"
    FROM "boundary" b
)
SELECT "personId", "certificationCode", "startsAt", "endsAt", "awardId", "expiresAt",
    CASE
        WHEN "withdrawn" THEN NULL
        WHEN "endsAt" IS NOT NULL AND "endsAt" < "expiresAt" THEN CASE WHEN "endsAt" > "startsAt" THEN "endsAt" END
        WHEN "expiresAt" > "startsAt" THEN "expiresAt"
    END,
    "withdrawn"
FROM "piece";
