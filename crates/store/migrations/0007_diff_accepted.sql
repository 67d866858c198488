-- Accepted exceptions of `synccentral diff accept`: a key of an option whose difference a
-- user accepted, with the hash of both sides' compared values at that moment. The row
-- shows as accepted only while both sides still hash the same.
CREATE TABLE diff_accepted (
    option      TEXT NOT NULL,
    key         TEXT NOT NULL,
    hash        TEXT NOT NULL,
    accepted_at TEXT NOT NULL,
    PRIMARY KEY (option, key)
) STRICT;
