-- Traceability: each module version records the IEC 62443-2-4 requirements it covers and the
-- edition that mapping was made against (content/standard.yaml when the version was synced).
ALTER TABLE "ModuleVersion" ADD COLUMN "covers" TEXT NOT NULL DEFAULT '[]';
ALTER TABLE "ModuleVersion" ADD COLUMN "coverageEdition" TEXT;

-- The edition, and the requirement ids with their titles, as last synced.
CREATE TABLE "StandardRequirement" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "edition" TEXT NOT NULL
);
