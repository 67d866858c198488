-- Tokens of the push and pull endpoints (`synccentral serve`): one per option, kept as the
-- SHA-256 of the token (the token itself is shown once, when created).
CREATE TABLE endpoint_tokens (
    option  TEXT PRIMARY KEY,
    hash    TEXT NOT NULL,
    created TEXT NOT NULL
) STRICT;
