-- The rest of the pipeline: sales teams, tags, activity types, activities, contacts and
-- companies. Their rows are documents (the record as the shared rules read and write it, as
-- JSON), validated by those rules inside the push transaction; the columns beside the document
-- are what sync and the access rules select on.
CREATE TABLE records (
    id uuid PRIMARY KEY,
    org_id uuid NOT NULL REFERENCES orgs(id),
    kind text NOT NULL,
    data jsonb NOT NULL,
    version bigint NOT NULL,
    deleted boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    created_by uuid REFERENCES users(id)
);
CREATE INDEX records_org_version ON records (org_id, version);
CREATE INDEX records_org_kind ON records (org_id, kind);

-- A stage is every team's (NULL) or one team's.
ALTER TABLE stages ADD COLUMN team_id uuid REFERENCES records(id);

ALTER TABLE opportunities
    ADD COLUMN team_id uuid REFERENCES records(id),
    ADD COLUMN tag_ids uuid[] NOT NULL DEFAULT '{}',
    ADD COLUMN contact_id uuid REFERENCES records(id),
    ADD COLUMN company_id uuid REFERENCES records(id),
    -- Unqualified leads live on the leads list until converted.
    ADD COLUMN lead boolean NOT NULL DEFAULT false,
    ADD COLUMN description text NOT NULL DEFAULT '',
    ADD COLUMN company_name text NOT NULL DEFAULT '';
CREATE INDEX opportunities_stage ON opportunities (stage_id) WHERE NOT deleted;
