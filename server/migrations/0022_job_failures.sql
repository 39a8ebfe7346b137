-- A background job's last failure for an organisation (scoring leads, assigning them, learning
-- the predictive probability): its admin sees it in Settings, with the reference the server's
-- log has; the next run that succeeds clears it.
CREATE TABLE job_failures (
    org_id uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    job text NOT NULL,
    failed_at timestamptz NOT NULL DEFAULT now(),
    reference text NOT NULL,
    PRIMARY KEY (org_id, job)
);
