-- Undo of runs and the Day-Zero guard: the values a run's updates replaced (stored before
-- each batch is written), the fields the guard found a source blanking, and the run an undo
-- run reverted.

ALTER TABLE runs ADD COLUMN undo_of INTEGER;

CREATE INDEX runs_by_undo_of ON runs (undo_of);

-- One row per updated record of a run: its Id, the key it was matched on, the fields as they
-- were before the run (`prior`, JSON object) and as the run sent them (`written`).
CREATE TABLE run_priors (
    run_id    INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    target_id TEXT NOT NULL,
    match_key TEXT,
    prior     TEXT NOT NULL,
    written   TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
) STRICT;

-- A target field holding a value where the source would write null or empty. `mode` is the
-- option's guard mode when it was found: warn, protect (the field was not written) or block.
CREATE TABLE guard_findings (
    run_id     INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    source_key TEXT,
    target_id  TEXT,
    field      TEXT NOT NULL,
    prior      TEXT NOT NULL,
    mode       TEXT NOT NULL
) STRICT;

CREATE INDEX guard_findings_by_run ON guard_findings (run_id, seq);
