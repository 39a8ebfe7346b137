-- What a record belongs to, beside its document: an activity's or a note's subject, a
-- quotation's deal, a person's company (`Kind::parent`). A first pull keeps what belongs to kept
-- records (app/src/domain/keep.rs), and what hangs on a deal is found through the index instead
-- of reading every document of the organisation. Written by `db::records::save` from then on.
ALTER TABLE records ADD COLUMN parent_id uuid;

UPDATE records SET parent_id = CASE kind
    WHEN 'quotation' THEN (data->>'opportunity_id')::uuid
    WHEN 'activity' THEN (data->'subject'->>'id')::uuid
    WHEN 'note' THEN (data->'subject'->>'id')::uuid
    WHEN 'contact' THEN (data->>'company_id')::uuid
END
WHERE kind IN ('quotation', 'activity', 'note', 'contact');

CREATE INDEX records_parent ON records (org_id, parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX opportunities_closed ON opportunities (org_id, closed_on);
CREATE INDEX records_org_updated ON records (org_id, updated_at);
