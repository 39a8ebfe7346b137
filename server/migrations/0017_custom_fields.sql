-- Custom fields' values on the deals (the other kinds keep theirs in their documents, in
-- `records.data`): by key, as the records hold them (see app/src/domain/custom_field.rs). The
-- fields themselves are set-up records of kind `custom_field`.
ALTER TABLE opportunities ADD COLUMN custom jsonb NOT NULL DEFAULT '{}';
