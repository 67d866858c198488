-- Indexes that let SOQL read only the records a query can match (see src/keys.rs).

-- The fields whose values are indexed: each object's external ID and idLookup fields, as the
-- schema of the last start named them; `kind` says how a value becomes a key ('text': lower-
-- cased as SOQL compares text, 'id': the first 15 characters lower-cased).
CREATE TABLE key_fields (
    slot INTEGER PRIMARY KEY,
    object TEXT NOT NULL,
    field TEXT NOT NULL,
    kind TEXT NOT NULL,
    UNIQUE (object, field)
);

-- One row per indexed field value of a record (deleted records too: queryAll reads them).
CREATE TABLE record_keys (
    slot INTEGER NOT NULL,
    key TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (slot, key, seq)
) WITHOUT ROWID;
CREATE INDEX record_keys_seq ON record_keys (seq);

-- `Id = '…'` and `Id IN (…)`: an 18-character ID matches its 15-character form and, in its
-- 18-character form, any letter case; record IDs are ASCII, so SQLite's lower() is exact.
CREATE INDEX records_id15 ON records (lower(substr(id, 1, 15)));
