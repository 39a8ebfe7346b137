-- The day a deal entered its stage and the day of its last change: the days in stage on its card
-- and the rotting filter (no change for a stage's set number of days).
ALTER TABLE opportunities
    ADD COLUMN stage_since date,
    ADD COLUMN changed_on date;

-- Deals from before: their last change is the best known day for both.
UPDATE opportunities SET stage_since = updated_at::date, changed_on = updated_at::date;
