-- A suspension (temporary) and a revocation (final) mean different things to a manager and an
-- auditor, so the read model keeps which one withdrew a period instead of a flag for either.
ALTER TABLE "CertificationPeriod" ADD COLUMN "withdrawal" TEXT;
UPDATE "CertificationPeriod" SET "withdrawal" = (
    SELECT c."kind" FROM "AwardStatusChange" c
    WHERE c."awardId" = "CertificationPeriod"."awardId"
        AND CAST(ROUND((julianday(c."at") - 2440587.5) * 86400000) AS INTEGER) <= "CertificationPeriod"."startsAt"
    ORDER BY c."at" DESC, c."id" DESC LIMIT 1
) WHERE "withdrawn";
ALTER TABLE "CertificationPeriod" DROP COLUMN "withdrawn";
