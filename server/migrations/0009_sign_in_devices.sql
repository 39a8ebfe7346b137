-- Browsers a person has signed in from (OWASP's "device cookie"): their attempts on that account
-- are counted apart from everyone else's, so guesses from elsewhere slow the guesser down
-- without locking the person out of their usual browser.
CREATE TABLE sign_in_devices (
    token_hash bytea PRIMARY KEY,
    email text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_devices_email ON sign_in_devices (email);

-- A failure from a known browser names it (hex of its token's hash); from elsewhere, NULL.
ALTER TABLE sign_in_failures ADD COLUMN device text;
CREATE INDEX sign_in_failures_device ON sign_in_failures (device, at) WHERE device IS NOT NULL;
