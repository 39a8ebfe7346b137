-- Activities and notes are about a record of any kind: a subject (its kind and id) in place of
-- the deal and contact links, so an order, an invoice or a ticket gets activities, notes and a
-- timeline by being declared (app/src/domain/subject.rs).
UPDATE records
SET data = (data - 'opportunity_id' - 'contact_id')
    || jsonb_build_object('subject',
        CASE WHEN data ? 'opportunity_id'
             THEN jsonb_build_object('kind', 'opportunity', 'id', data->'opportunity_id')
             ELSE jsonb_build_object('kind', 'contact', 'id', data->'contact_id')
        END)
WHERE kind IN ('activity', 'note') AND NOT data ? 'subject'
  AND (data ? 'opportunity_id' OR data ? 'contact_id');

-- What hangs on a deal is found by its subject too (pull sends it with the deal).
CREATE INDEX records_subject ON records ((data->'subject'->>'id')) WHERE data ? 'subject';
