-- API keys get scopes: every existing key keeps making checks and reading its own ("checks");
-- reading other clients' checks needs "audit", granted by an admin.
ALTER TABLE "ApiClient" ADD COLUMN "scopes" TEXT NOT NULL DEFAULT 'checks';
