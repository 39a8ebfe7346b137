-- Where a card stands in its column, for finding the cards that tie with a card put in place
-- (push moves it just after them) and the ties left from before (repaired at start-up in Rust,
-- server/src/repair.rs: positions are base-62 fractional keys SQL cannot compute).
CREATE INDEX opportunities_column ON opportunities (org_id, stage_id, position)
    WHERE NOT deleted AND NOT lost;
