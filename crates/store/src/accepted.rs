//! Accepted exceptions of the diff: per option, the keys a user accepted and the hash of
//! both sides' compared values when they did. The diff compares the hash again each time,
//! so an accepted row stops being accepted as soon as either side changes.

use crate::{StoreError, Workspace};
use jiff::Timestamp;
use rusqlite::params;
use std::collections::HashMap;

impl Workspace {
    /// Accepts `(key, hash)` pairs of `option`, replacing earlier acceptances of those keys.
    pub fn accept_diff(
        &self,
        option: &str,
        rows: &[(String, String)],
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let tx = self.db.unchecked_transaction()?;
        {
            let mut stmt = tx.prepare(
                "INSERT INTO diff_accepted (option, key, hash, accepted_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (option, key) DO UPDATE SET hash = excluded.hash,
                     accepted_at = excluded.accepted_at",
            )?;
            for (key, hash) in rows {
                stmt.execute(params![option, key, hash, now.to_string()])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The accepted keys of `option` with their hashes.
    pub fn accepted_diff(&self, option: &str) -> Result<HashMap<String, String>, StoreError> {
        let mut stmt = self
            .db
            .prepare("SELECT key, hash FROM diff_accepted WHERE option = ?1")?;
        let rows = stmt.query_map([option], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use crate::{KeySource, Workspace};

    #[test]
    fn accepting_again_replaces_the_hash_and_options_stay_apart() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::open_with(
            dir.path().join("w.db"),
            KeySource::File(dir.path().join("k")),
        )
        .unwrap();
        let now = jiff::Timestamp::UNIX_EPOCH;
        ws.accept_diff("a", &[("K1".into(), "h1".into())], now)
            .unwrap();
        ws.accept_diff("a", &[("K1".into(), "h2".into())], now)
            .unwrap();
        ws.accept_diff("b", &[("K1".into(), "x".into())], now)
            .unwrap();
        assert_eq!(ws.accepted_diff("a").unwrap()["K1"], "h2");
        assert_eq!(ws.accepted_diff("a").unwrap().len(), 1);
        assert!(ws.accepted_diff("c").unwrap().is_empty());
    }
}
