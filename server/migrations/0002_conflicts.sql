-- When a change overwrote a value its author had not seen (their base version was older than
-- the value's change), the overwritten value is kept here and its author's client group is told.
CREATE TABLE conflicts (
    org_id uuid NOT NULL REFERENCES orgs(id),
    -- The change that won (server order).
    seq bigint NOT NULL,
    record_id uuid NOT NULL,
    field text NOT NULL,
    lost_value jsonb,
    won_value jsonb,
    -- The mutation whose value was overwritten.
    lost_client_id uuid NOT NULL REFERENCES clients(id),
    lost_mutation_id bigint NOT NULL,
    won_by uuid REFERENCES users(id),
    at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, seq, record_id, field)
);
CREATE INDEX conflicts_client ON conflicts (lost_client_id, seq);
