-- Eligibility checks are sealed into the audit chain a group commit at a time: one audit event
-- per API client and commit holds the number of checks and the SHA-256 of their digests, and each
-- check records that event's seq (verification and evidence packs read a seal's checks by it).
-- Checks recorded before this migration keep the audit event of their own (subject
-- "eligibility_check") and a NULL auditSeq.
ALTER TABLE "EligibilityCheck" ADD COLUMN "auditSeq" INTEGER;
CREATE INDEX "EligibilityCheck_auditSeq_idx" ON "EligibilityCheck"("auditSeq");

-- Nothing looks an event up by its hash (verification walks the chain by seq), and the index
-- cost a write to a random page of it for every event appended.
DROP INDEX "AuditEvent_hash_key";
