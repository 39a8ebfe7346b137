-- A record's timeline says which import made it: import_records read by record.
CREATE INDEX import_records_record ON import_records (record_id);
