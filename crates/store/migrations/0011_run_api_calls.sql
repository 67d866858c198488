-- The API requests a run cost its org, read from Sforce-Limit-Info before and after the run
-- (null when the run talked to no org, or the org said nothing of its usage).
ALTER TABLE runs ADD COLUMN api_calls INTEGER;
ALTER TABLE runs ADD COLUMN api_before INTEGER;
ALTER TABLE runs ADD COLUMN api_after INTEGER;
ALTER TABLE runs ADD COLUMN api_limit INTEGER;
