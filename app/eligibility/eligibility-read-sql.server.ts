/**
 * The eligibility read as both databases run it, given how each tests membership of a list passed
 * as one parameter. People are found once; their employment periods, pending practicals and
 * retraining come as rows of their own (UNION ALL) rather than as joins that would repeat every
 * award. Row shape: EligibilityRow (eligibility-store.server.ts).
 */
export const eligibilityReadSql = ({ employeeIdIn, certificationCodeIn }: { employeeIdIn: string; certificationCodeIn: string }) => `
	WITH people AS (SELECT "id", "employeeId" FROM "Person" WHERE "employeeId" ${employeeIdIn})
	SELECT p."id" AS "personId", p."employeeId", 0 AS "source",
	       a."id" AS "awardId", a."certificationCode", a."issuedAt", a."expiresAt",
	       c."kind", c."at" AS "changedAt"
	FROM people p
	LEFT JOIN "CertificationAward" a ON a."personId" = p."id" AND a."certificationCode" ${certificationCodeIn}
	LEFT JOIN "AwardStatusChange" c ON c."awardId" = a."id"
	UNION ALL
	SELECT p."id", p."employeeId", 1, NULL, NULL, e."startedAt", e."endedAt", NULL, NULL
	FROM people p
	JOIN "EmploymentPeriod" e ON e."personId" = p."id"
	UNION ALL
	SELECT p."id", p."employeeId", 2, NULL, r."certificationCode", r."trainingCompletedAt", r."lapsesAt", NULL, NULL
	FROM people p
	JOIN "PendingPractical" r ON r."personId" = p."id" AND r."certificationCode" ${certificationCodeIn}
	UNION ALL
	SELECT p."id", p."employeeId", 3, t."awardId", t."certificationCode", t."dueSince", t."deadline", t."moduleId", t."closedAt"
	FROM people p
	JOIN "RetrainingDue" t ON t."personId" = p."id" AND t."certificationCode" ${certificationCodeIn}`
