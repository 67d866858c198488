-- Who this org is: the ID stem written after the key prefix of every ID it makes (its org
-- ID, the admin user's, every record's), drawn at random when the data directory is made.
CREATE TABLE org (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    stem TEXT NOT NULL
);
-- A data directory from before keeps the fixed pod its IDs already carry.
INSERT INTO org (one, stem)
SELECT 1, 'SB' WHERE EXISTS (SELECT 1 FROM records) OR EXISTS (SELECT 1 FROM counters);
