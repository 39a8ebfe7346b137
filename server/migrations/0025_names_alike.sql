-- Names alike across the whole organisation (app/src/db/duplicates.rs): a background pass
-- probes every contact, company and open lead in turn, a batch at a time, with PostgreSQL's
-- trigrams, and keeps the pairs it finds; the duplicates page reads them (their likeness worked
-- out again, as the names stand) beside its own probe of the records changed most recently.
CREATE TABLE alike_pairs (
    org_id uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    kind text NOT NULL,
    a uuid NOT NULL,
    b uuid NOT NULL,
    found_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, kind, a, b),
    CHECK (a < b)
);

-- Where each organisation's pass over a kind stands: the last id probed (NULL: between
-- passes), when the pass started and when the last one ended. A process works only a row it
-- has locked (`FOR UPDATE SKIP LOCKED`), so two processes never probe one batch twice.
CREATE TABLE alike_scans (
    org_id uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    kind text NOT NULL,
    after_id uuid,
    started_at timestamptz,
    passed_at timestamptz,
    PRIMARY KEY (org_id, kind)
);

-- A contact's or company's name folded once when written, as a lead's is (migration 0024), and
-- its trigram index in place of the one over the folding done at each comparison.
ALTER TABLE records ADD COLUMN folded_name text
    GENERATED ALWAYS AS (CASE WHEN kind IN ('contact', 'company')
        THEN rapport_fold(data->>'name') END) STORED;
DROP INDEX records_name_trgm;
CREATE INDEX records_folded_name_trgm ON records USING gin (folded_name gin_trgm_ops)
    WHERE kind IN ('contact', 'company') AND NOT deleted;
