-- Allowlist federation: with federation.mode = "allowlist" only these
-- domains (and their subdomains) are federated with.
CREATE TABLE instance_domain_allows (
	domain     TEXT PRIMARY KEY,
	created_at INTEGER NOT NULL
) STRICT;

-- The instance rules a "violation" report names, as a JSON list of ids.
ALTER TABLE reports ADD COLUMN rule_ids TEXT NOT NULL DEFAULT '[]';
