-- The language a lead or deal is spoken to in (app/src/domain/language.rs): an ISO 639-1 code,
-- empty when not known.
ALTER TABLE opportunities ADD COLUMN language text NOT NULL DEFAULT '';
