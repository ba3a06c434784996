-- What the sync loaded, as one hash: a start whose catalog matches the last sync's writes nothing,
-- so a full disk or read-only database does not stop an unchanged installation from starting.
ALTER TABLE "CatalogSync" ADD COLUMN "fingerprint" TEXT;
