-- Schedules (the configuration's "schedules", each as JSON), when each last fired, and the
-- locks that keep one option from running twice at once across processes.

CREATE TABLE schedules (
    position INTEGER PRIMARY KEY,
    document TEXT NOT NULL
) STRICT;

-- The last fire time a scheduler acted on, per schedule key (its name, else its cron and
-- options), RFC 3339.
CREATE TABLE schedule_fires (
    schedule  TEXT PRIMARY KEY,
    last_fire TEXT NOT NULL
) STRICT;

-- A held lock: `name` is what is locked (`option:invoices`), `owner` who holds it (unique
-- per holder, with its pid), `heartbeat` when the holder last said it is alive (RFC 3339).
-- A lock whose heartbeat is older than the taker's stale limit may be taken over.
CREATE TABLE locks (
    name      TEXT PRIMARY KEY,
    owner     TEXT NOT NULL,
    pid       INTEGER NOT NULL,
    acquired  TEXT NOT NULL,
    heartbeat TEXT NOT NULL
) STRICT;
