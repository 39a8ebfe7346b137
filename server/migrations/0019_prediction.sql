-- Predictive probability (app/src/domain/scoring.rs): a deal's prediction in hundredths of a
-- percent (NULL: not predicted), and whether its probability was set by hand (the prediction
-- then stops overriding it).
ALTER TABLE opportunities
    ADD COLUMN predicted smallint CHECK (predicted BETWEEN 0 AND 10000),
    ADD COLUMN probability_by_hand boolean NOT NULL DEFAULT false;
-- The learner finds an organisation whose prediction was turned off with deals still predicted.
CREATE INDEX opportunities_predicted ON opportunities (org_id) WHERE predicted IS NOT NULL;
