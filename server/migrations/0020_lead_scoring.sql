-- Lead scoring (app/src/domain/lead_scoring.rs): a lead's score (the points of the scoring
-- rules it meets), where it stands between marketing and sales, the days it became marketing-
-- and sales-qualified, and why sales sent it back.
ALTER TABLE opportunities
    ADD COLUMN score integer,
    ADD COLUMN qualification text NOT NULL DEFAULT 'lead'
        CHECK (qualification IN ('lead', 'mql', 'sql', 'returned')),
    ADD COLUMN mql_on date,
    ADD COLUMN sql_on date,
    ADD COLUMN returned_reason text NOT NULL DEFAULT '';
-- When each organisation's leads were last scored by a server process, and with the rules of
-- which change number (a rule changed since, or an hour passed: score again).
CREATE TABLE lead_scoring_runs (
    org_id uuid PRIMARY KEY REFERENCES orgs (id) ON DELETE CASCADE,
    scored_at timestamptz NOT NULL,
    rules_version bigint NOT NULL
);
-- Leads not scored yet (imported, or made before the first rule): the job finds them at once.
CREATE INDEX opportunities_unscored ON opportunities (org_id)
    WHERE lead AND score IS NULL AND NOT deleted AND NOT lost;
