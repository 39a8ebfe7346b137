-- A person's calendar feed: their activities at an address holding a secret, for their phone's
-- calendar to subscribe to. Only the secret's SHA-256 is kept, as for sessions.
CREATE TABLE calendar_feeds (
    user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    token_hash bytea NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);
