-- Eligibility checks are sealed into the audit chain a group commit at a time: one audit event
-- per API client and commit lists each check's id and the SHA-256 of its stored evidence, and
-- each check records that event's seq. Checks recorded before this migration keep the audit
-- event of their own (subject "eligibility_check") and a NULL auditSeq.
ALTER TABLE "EligibilityCheck" ADD COLUMN "auditSeq" INTEGER;

-- Nothing looks an event up by its hash (verification walks the chain by seq), and the index
-- cost a write to a random page of it for every event appended.
DROP INDEX "AuditEvent_hash_key";
