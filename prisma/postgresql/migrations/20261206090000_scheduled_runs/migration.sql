-- One run of a scheduled job per period (npm run reminders: one per UTC day), however many app
-- instances start it: the first to insert the row runs it, the others stop.
CREATE TABLE "ScheduledRun" (
    "job" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    PRIMARY KEY ("job", "period")
);
