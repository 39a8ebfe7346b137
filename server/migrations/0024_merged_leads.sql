-- Leads and deals merge as contacts and companies do (app/src/domain/mutation/contacts.rs): the
-- others archived, pointing to the one kept, and restorable. Its timeline holds theirs.
ALTER TABLE opportunities ADD COLUMN merged_into uuid;
CREATE INDEX opportunities_merged_into ON opportunities (org_id, merged_into)
    WHERE merged_into IS NOT NULL;

-- The duplicates page looks for leads with names alike (app/src/db/duplicates.rs): the person's
-- name, else the company's, as the browser compares them (duplicates::marks_of), folded once
-- when written (rapport_fold is costly: a probe compares many names).
ALTER TABLE opportunities ADD COLUMN folded_name text
    GENERATED ALWAYS AS (rapport_fold(coalesce(nullif(customer_name, ''), company_name))) STORED;
CREATE INDEX opportunities_lead_name_trgm ON opportunities USING gin (folded_name gin_trgm_ops)
    WHERE lead AND NOT deleted AND NOT lost;
