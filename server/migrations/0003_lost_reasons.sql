-- Won and lost: why deals are lost, and lost deals kept off the board but not deleted.
CREATE TABLE lost_reasons (
    id uuid PRIMARY KEY,
    org_id uuid NOT NULL REFERENCES orgs(id),
    name text NOT NULL CHECK (name <> ''),
    version bigint NOT NULL,
    deleted boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    created_by uuid REFERENCES users(id)
);
CREATE INDEX lost_reasons_org_version ON lost_reasons (org_id, version);

ALTER TABLE opportunities
    ADD COLUMN lost boolean NOT NULL DEFAULT false,
    ADD COLUMN lost_reason_id uuid REFERENCES lost_reasons(id),
    ADD COLUMN lost_note text NOT NULL DEFAULT '';
