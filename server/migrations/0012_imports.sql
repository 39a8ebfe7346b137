-- Imports (app/src/db/import): the file as uploaded, the plan it is imported with, and where
-- it stands. A queued import is run by whichever server process claims it first (a lease:
-- `claimed_by` and `heartbeat`); each batch is written in a transaction that locks the row and
-- checks the lease and `rows_done`, so two processes never write the same batch twice, and a
-- process that dies mid-import leaves its finished batches for another to go on from.
CREATE TABLE imports (
    id uuid PRIMARY KEY,
    org_id uuid NOT NULL REFERENCES orgs(id),
    user_id uuid NOT NULL,
    kind text NOT NULL,
    file_name text NOT NULL,
    file bytea NOT NULL,
    encoding text,
    delimiter text,
    plan jsonb,
    -- draft (uploaded), queued, running, done, cancelled, failed, undone.
    status text NOT NULL DEFAULT 'draft',
    total integer NOT NULL DEFAULT 0,
    rows_done integer NOT NULL DEFAULT 0,
    created integer NOT NULL DEFAULT 0,
    updated integer NOT NULL DEFAULT 0,
    skipped integer NOT NULL DEFAULT 0,
    failed integer NOT NULL DEFAULT 0,
    error text,
    claimed_by uuid,
    heartbeat timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    finished_at timestamptz
);
CREATE INDEX imports_org ON imports (org_id, created_at DESC);
CREATE INDEX imports_waiting ON imports (created_at) WHERE status IN ('queued', 'running');

-- What an import created, each with the version it was written at: undone while untouched.
CREATE TABLE import_records (
    import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    record_id uuid NOT NULL,
    seq bigint NOT NULL,
    PRIMARY KEY (import_id, record_id)
);

-- The rows an import could not take: line, column and why, with the row as it was.
CREATE TABLE import_failures (
    import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    line bigint NOT NULL,
    col text NOT NULL,
    reason jsonb NOT NULL,
    cells text[] NOT NULL
);
CREATE INDEX import_failures_import ON import_failures (import_id, line);

-- Mappings people saved, to reuse with the next file of the same shape.
CREATE TABLE import_mappings (
    org_id uuid NOT NULL REFERENCES orgs(id),
    kind text NOT NULL,
    name text NOT NULL,
    headers text[] NOT NULL,
    columns jsonb NOT NULL,
    saved_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, kind, name)
);
