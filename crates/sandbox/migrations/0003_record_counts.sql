-- How many records each object holds, so that a bare `SELECT COUNT()` reads one row instead of
-- counting the object's index entries (about 0.1 s at 1,000,000 records, growing with it).
-- `total` is every row of the object (queryAll, recycle bin included), `live` the rows with
-- `is_deleted = 0` (query): the two counts `store::count` used to ask SQLite for.
CREATE TABLE record_counts (
    object TEXT PRIMARY KEY,
    total INTEGER NOT NULL,
    live INTEGER NOT NULL
) WITHOUT ROWID;

-- A data directory from before this migration: count what it holds.
INSERT INTO record_counts (object, total, live)
SELECT object, count(*), sum(is_deleted = 0) FROM records GROUP BY object;

-- Kept by triggers, so every write to `records` counts — whatever Rust path made it, and
-- rolled back with it (a Collections request with allOrNone, a failed Bulk row).
CREATE TRIGGER record_counts_insert AFTER INSERT ON records
BEGIN
    INSERT INTO record_counts (object, total, live) VALUES (NEW.object, 1, NEW.is_deleted = 0)
    ON CONFLICT (object) DO UPDATE SET total = total + 1, live = live + excluded.live;
END;

CREATE TRIGGER record_counts_delete AFTER DELETE ON records
BEGIN
    UPDATE record_counts SET total = total - 1, live = live - (OLD.is_deleted = 0)
    WHERE object = OLD.object;
END;

-- Soft delete (to the recycle bin) and back; an update changing neither column costs only the
-- WHEN test.
CREATE TRIGGER record_counts_update AFTER UPDATE OF object, is_deleted ON records
WHEN OLD.object IS NOT NEW.object OR (OLD.is_deleted = 0) IS NOT (NEW.is_deleted = 0)
BEGIN
    UPDATE record_counts SET total = total - 1, live = live - (OLD.is_deleted = 0)
    WHERE object = OLD.object;
    INSERT INTO record_counts (object, total, live) VALUES (NEW.object, 1, NEW.is_deleted = 0)
    ON CONFLICT (object) DO UPDATE SET total = total + 1, live = live + excluded.live;
END;
