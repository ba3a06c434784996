-- Who an uploaded course is offered to: people in these org units and the units below them.
-- A course with no rows is offered to everyone. Retiring a course (LearningModule.retiredAt)
-- takes it off offer; records of those who took it stay.
CREATE TABLE "CourseAudience" (
    "moduleId" TEXT NOT NULL,
    "orgUnitId" TEXT NOT NULL,
    PRIMARY KEY ("moduleId", "orgUnitId"),
    CONSTRAINT "CourseAudience_moduleId_fkey" FOREIGN KEY ("moduleId") REFERENCES "LearningModule" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CourseAudience_orgUnitId_fkey" FOREIGN KEY ("orgUnitId") REFERENCES "OrgUnit" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "CourseAudience_orgUnitId_idx" ON "CourseAudience"("orgUnitId");
