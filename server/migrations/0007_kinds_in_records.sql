-- Stages and lost reasons join every other kind but the deals in `records`: one storage, one
-- pull section, one save, declared by the kind (app/src/domain/kinds.rs). The deals keep their
-- typed table: they are the hot path. The rules, which run on every push, check what a deal's
-- stage and lost reason point at, as they already did for its team, contact and company.
ALTER TABLE opportunities DROP CONSTRAINT IF EXISTS opportunities_stage_id_fkey;
ALTER TABLE opportunities DROP CONSTRAINT IF EXISTS opportunities_lost_reason_id_fkey;

INSERT INTO records (id, org_id, kind, data, version, deleted, created_at, updated_at, created_by)
SELECT id, org_id, 'stage',
       jsonb_strip_nulls(jsonb_build_object(
           'kind', 'Stage', 'id', id, 'name', name, 'sequence', sequence, 'is_won', is_won,
           'folded', folded, 'probability', probability, 'team_id', team_id,
           'version', version, 'deleted', deleted)),
       version, deleted, created_at, updated_at, created_by
FROM stages;

INSERT INTO records (id, org_id, kind, data, version, deleted, created_at, updated_at, created_by)
SELECT id, org_id, 'lost_reason',
       jsonb_build_object('kind', 'LostReason', 'id', id, 'name', name, 'version', version)
           || CASE WHEN deleted THEN '{"deleted": true}'::jsonb ELSE '{}'::jsonb END,
       version, deleted, created_at, updated_at, created_by
FROM lost_reasons;

DROP TABLE stages;
DROP TABLE lost_reasons;
