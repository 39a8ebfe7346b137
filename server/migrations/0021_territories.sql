-- Territories (app/src/domain/territory.rs): where a lead or deal is, a country's ISO code, a
-- province's code and a postcode (empty: not known).
ALTER TABLE opportunities
    ADD COLUMN country text NOT NULL DEFAULT '',
    ADD COLUMN province text NOT NULL DEFAULT '',
    ADD COLUMN postcode text NOT NULL DEFAULT '';
