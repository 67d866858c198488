-- Notifications and folder drops: the workspace's mail server, warnings of runs (a mail
-- that could not be sent), and the files a folder watcher has taken but not yet moved.

-- The configuration's "smtp" as JSON with the password as "***"; the password sealed
-- (XChaCha20-Poly1305, like the connections' secrets) in nonce/ciphertext.
CREATE TABLE smtp (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    document   TEXT NOT NULL,
    nonce      BLOB,
    ciphertext BLOB
) STRICT;

-- What went wrong around a run without failing it (a notification mail not sent).
CREATE TABLE run_warnings (
    run_id  INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
) STRICT;

-- A file of a watched folder from being taken until it is moved to processed/ or failed/:
-- `run_id` and `ok` are set once its run finished, so after a restart a file whose run
-- finished is moved, not imported again.
CREATE TABLE dropped_files (
    option TEXT NOT NULL,
    file   TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    run_id INTEGER,
    ok     INTEGER,
    PRIMARY KEY (option, file, sha256)
) STRICT;
