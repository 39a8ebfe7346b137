-- What reports need: where a lead came from (campaign, source), and the days a deal was
-- created and closed (won or lost), on its author's calendar.
ALTER TABLE opportunities
    ADD COLUMN campaign_id uuid REFERENCES records(id),
    ADD COLUMN source_id uuid REFERENCES records(id),
    ADD COLUMN created_on date,
    ADD COLUMN closed_on date;

-- Deals from before this migration: created the day their row was; closed the day it last
-- changed, when they are lost or in a won stage.
UPDATE opportunities SET created_on = created_at::date;
UPDATE opportunities o SET closed_on = o.updated_at::date
WHERE o.lost OR EXISTS (SELECT 1 FROM stages s WHERE s.id = o.stage_id AND s.is_won);
