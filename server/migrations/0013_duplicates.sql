-- The duplicates page (app/src/db/duplicates.rs). Emails, phones and names folded the way the
-- browser folds them are grouped in Rust; names alike but not the same are found by PostgreSQL's
-- trigrams, over names folded here: without accents (unaccent), in lower case, with the Arabic
-- yeh and kaf as Persian writes them.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE FUNCTION rapport_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT lower(unaccent('unaccent'::regdictionary, translate($1, 'يىك', 'ییک'))) $$;

CREATE INDEX records_name_trgm ON records USING gin (rapport_fold(data->>'name') gin_trgm_ops)
    WHERE kind IN ('contact', 'company') AND NOT deleted;

-- Records a person said are not the same (the smaller id first).
CREATE TABLE not_duplicates (
    org_id uuid NOT NULL REFERENCES orgs(id),
    a uuid NOT NULL,
    b uuid NOT NULL,
    decided_by uuid,
    decided_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, a, b),
    CHECK (a < b)
);

-- A record's timeline holds those merged into it (app/src/db/history.rs).
CREATE INDEX records_merged_into ON records (org_id, (data->>'merged_into'))
    WHERE data ? 'merged_into';
