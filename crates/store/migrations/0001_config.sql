-- The workspace's configuration: connections, remote sites, sync options and the secrets of
-- the connections (encrypted), plus a key/value table for settings and workspace metadata.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- A connection as configured, as JSON with every secret replaced by "***".
CREATE TABLE connections (
    name     TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    kind     TEXT NOT NULL,
    document TEXT NOT NULL
) STRICT;

-- One encrypted secret of a connection: `field` is its JSON pointer inside the connection
-- (`/auth/password`). XChaCha20-Poly1305; the associated data binds the blob to its
-- connection and field.
CREATE TABLE secrets (
    connection TEXT NOT NULL,
    field      TEXT NOT NULL,
    nonce      BLOB NOT NULL,
    ciphertext BLOB NOT NULL,
    PRIMARY KEY (connection, field)
) STRICT;

CREATE TABLE remote_sites (
    position INTEGER PRIMARY KEY,
    url      TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE sync_options (
    name      TEXT PRIMARY KEY,
    position  INTEGER NOT NULL,
    direction TEXT NOT NULL,
    active    INTEGER NOT NULL,
    run_order INTEGER NOT NULL,
    document  TEXT NOT NULL
) STRICT;
