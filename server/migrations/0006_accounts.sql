-- Accounts: roles, passwords and sessions; sign-in failures for the rate limit.

ALTER TABLE users
    ADD COLUMN role text NOT NULL DEFAULT 'salesperson'
        CHECK (role IN ('admin', 'manager', 'salesperson', 'read_only')),
    ADD COLUMN active boolean NOT NULL DEFAULT true,
    -- An argon2id PHC string; NULL: the account cannot sign in until a password is set.
    ADD COLUMN password_hash text;

-- The first person of each organisation administers it.
UPDATE users SET role = 'admin'
WHERE id IN (SELECT DISTINCT ON (org_id) id FROM users ORDER BY org_id, created_at, id);

-- People sign in with their email, so an address names one account on the whole server.
CREATE UNIQUE INDEX users_email_unique ON users (lower(email));

-- A session is known by the SHA-256 of its cookie's token: the table alone cannot sign anyone in.
CREATE TABLE sessions (
    token_hash bytea PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users(id),
    org_id uuid NOT NULL REFERENCES orgs(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    address text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE sign_in_failures (
    id bigserial PRIMARY KEY,
    email text NOT NULL,
    address text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_failures_email ON sign_in_failures (email, at);
CREATE INDEX sign_in_failures_address ON sign_in_failures (address, at);

-- Pull sends a deal's activities, notes and quotations along when the deal enters or leaves a
-- person's sight.
CREATE INDEX records_opportunity ON records ((data->>'opportunity_id'))
    WHERE data ? 'opportunity_id';
