-- Records of every object: the field values as one JSON object (canonical field names).
CREATE TABLE records (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    object TEXT NOT NULL,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    fields TEXT NOT NULL
);
CREATE INDEX records_object ON records (object, is_deleted);

-- The next record number per key prefix.
CREATE TABLE counters (
    prefix TEXT PRIMARY KEY,
    next INTEGER NOT NULL
);

-- OAuth access tokens, refresh tokens and authorization codes.
CREATE TABLE tokens (
    token TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    parent TEXT,
    expires_at INTEGER,
    revoked INTEGER NOT NULL DEFAULT 0,
    extra TEXT
);

-- REST requests counted per UTC day, for Sforce-Limit-Info and the daily limit.
CREATE TABLE usage (
    day TEXT PRIMARY KEY,
    count INTEGER NOT NULL
);
