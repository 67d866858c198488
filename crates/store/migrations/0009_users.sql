-- The app's users (argon2id hashes in PHC form; failed logins counted for the lockout) and
-- the audit log of configuration changes (who, when, what).
CREATE TABLE users (
    name         TEXT PRIMARY KEY,
    role         TEXT NOT NULL CHECK (role IN ('admin', 'operator')),
    hash         TEXT NOT NULL,
    must_change  INTEGER NOT NULL DEFAULT 0,
    failures     INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    created      TEXT NOT NULL
) STRICT;

CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL
) STRICT;
