-- The foundation: organisations, users, the pipeline's stages and opportunities, and the sync
-- bookkeeping (clients, the change log, refused mutations).

CREATE TABLE orgs (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    currency text NOT NULL DEFAULT 'VND',
    -- The org's change sequence: every applied or refused mutation takes the next number.
    seq bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id uuid PRIMARY KEY,
    org_id uuid NOT NULL REFERENCES orgs(id),
    name text NOT NULL,
    email text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (org_id, email)
);

CREATE TABLE stages (
    id uuid PRIMARY KEY,
    org_id uuid NOT NULL REFERENCES orgs(id),
    name text NOT NULL,
    sequence integer NOT NULL,
    is_won boolean NOT NULL DEFAULT false,
    folded boolean NOT NULL DEFAULT false,
    probability smallint NOT NULL CHECK (probability BETWEEN 0 AND 100),
    version bigint NOT NULL,
    deleted boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    created_by uuid REFERENCES users(id)
);
CREATE INDEX stages_org_version ON stages (org_id, version);

CREATE TABLE opportunities (
    id uuid PRIMARY KEY,
    org_id uuid NOT NULL REFERENCES orgs(id),
    title text NOT NULL CHECK (title <> ''),
    customer_name text NOT NULL DEFAULT '',
    email text NOT NULL DEFAULT '',
    phone text NOT NULL DEFAULT '',
    expected_revenue bigint NOT NULL CHECK (expected_revenue >= 0),
    currency text NOT NULL,
    probability smallint NOT NULL CHECK (probability BETWEEN 0 AND 100),
    stage_id uuid NOT NULL REFERENCES stages(id),
    position text NOT NULL COLLATE "C",
    priority smallint NOT NULL DEFAULT 0 CHECK (priority BETWEEN 0 AND 3),
    salesperson_id uuid REFERENCES users(id),
    expected_close date,
    version bigint NOT NULL,
    deleted boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    created_by uuid REFERENCES users(id)
);
CREATE INDEX opportunities_org_version ON opportunities (org_id, version);

-- A client group is one user in one browser profile; a client is one tab of it.
CREATE TABLE client_groups (
    id uuid PRIMARY KEY,
    org_id uuid NOT NULL REFERENCES orgs(id),
    user_id uuid NOT NULL REFERENCES users(id),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE clients (
    id uuid PRIMARY KEY,
    client_group_id uuid NOT NULL REFERENCES client_groups(id),
    last_mutation_id bigint NOT NULL DEFAULT 0,
    -- The org change sequence at which last_mutation_id last moved: pull sends it when newer.
    last_seq bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX clients_group ON clients (client_group_id);

-- Every field every mutation changed: the record's timeline, the audit log, the conflict detector.
CREATE TABLE changes (
    org_id uuid NOT NULL REFERENCES orgs(id),
    seq bigint NOT NULL,
    record_type text NOT NULL,
    record_id uuid NOT NULL,
    field text NOT NULL,
    old_value jsonb,
    new_value jsonb,
    user_id uuid REFERENCES users(id),
    client_id uuid,
    mutation_id bigint,
    at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, seq, record_id, field)
);
CREATE INDEX changes_record ON changes (record_id, seq);

-- Mutations the rules refused, so the author's client can show why.
CREATE TABLE rejected_mutations (
    client_id uuid NOT NULL REFERENCES clients(id),
    mutation_id bigint NOT NULL,
    org_id uuid NOT NULL REFERENCES orgs(id),
    seq bigint NOT NULL,
    reason jsonb NOT NULL,
    mutation jsonb NOT NULL,
    at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (client_id, mutation_id)
);
CREATE INDEX rejected_org_seq ON rejected_mutations (org_id, seq);
