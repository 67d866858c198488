-- Runs of sync options, what happened to each record, incremental checkpoints and the insert
-- journal that keeps a replay after a crash from inserting twice.

CREATE TABLE runs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    option      TEXT NOT NULL,
    mode        TEXT NOT NULL,
    status      TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    read        INTEGER NOT NULL DEFAULT 0,
    written     INTEGER NOT NULL DEFAULT 0,
    failed      INTEGER NOT NULL DEFAULT 0,
    skipped     INTEGER NOT NULL DEFAULT 0,
    error       TEXT
) STRICT;

CREATE INDEX runs_by_option ON runs (option, id);

CREATE TABLE run_records (
    run_id        INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    source_key    TEXT,
    target_id     TEXT,
    action        TEXT NOT NULL,
    error_code    TEXT,
    error_message TEXT,
    source        TEXT,
    mapped        TEXT,
    PRIMARY KEY (run_id, seq)
) STRICT;

CREATE INDEX run_records_by_action ON run_records (run_id, action);

CREATE TABLE checkpoints (
    option       TEXT PRIMARY KEY,
    cursor_value TEXT,
    tie_id       TEXT,
    updated_at   TEXT NOT NULL
) STRICT;

-- `state` is 'pending' (written before the insert is sent) or 'done' (the target answered
-- with `target_id`).
CREATE TABLE insert_journal (
    option       TEXT NOT NULL,
    source_key   TEXT NOT NULL,
    payload_hash TEXT NOT NULL,
    state        TEXT NOT NULL,
    target_id    TEXT,
    PRIMARY KEY (option, source_key)
) STRICT;
