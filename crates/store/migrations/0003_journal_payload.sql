-- The insert journal keeps the record as mapped, so a rerun after a crash can send exactly
-- what was in flight when it cannot tell whether the insert landed.
ALTER TABLE insert_journal ADD COLUMN payload TEXT;
