-- Failed logins under names that are not users: counted and locked out like a user's, so a
-- login answers the same whether the name exists or not.
CREATE TABLE login_attempts (
    name         TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT
) STRICT;
