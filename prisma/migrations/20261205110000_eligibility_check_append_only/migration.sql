-- Dispatch evidence is append-only, like the audit log that seals it: refuse any UPDATE or DELETE
-- at the database itself.
CREATE TRIGGER "EligibilityCheck_no_update" BEFORE UPDATE ON "EligibilityCheck"
BEGIN
    SELECT RAISE(ABORT, 'EligibilityCheck is append-only');
END;

CREATE TRIGGER "EligibilityCheck_no_delete" BEFORE DELETE ON "EligibilityCheck"
BEGIN
    SELECT RAISE(ABORT, 'EligibilityCheck is append-only');
END;
