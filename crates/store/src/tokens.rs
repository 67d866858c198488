//! The tokens of the push (import) and pull (export) endpoints: one per option, 32 random
//! bytes shown once when created; the workspace keeps only their SHA-256, so a copy of the
//! workspace does not give the tokens away. (A token is long and random: a fast hash is
//! enough, no password hashing needed.)

use crate::{StoreError, Workspace};
use base64::Engine;
use chacha20poly1305::aead::rand_core::RngCore;
use chacha20poly1305::aead::OsRng;
use jiff::Timestamp;
use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};

/// Tokens start with this, so they are recognisable in logs and secret scanners.
pub const TOKEN_PREFIX: &str = "sct_";

fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// An option's token, as listed (never the token itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    /// The option.
    pub option: String,
    /// When it was created.
    pub created: Timestamp,
}

impl Workspace {
    /// A new token for `option`, replacing its previous one. Returned once; only its hash
    /// is kept.
    pub fn create_token(&self, option: &str, now: Timestamp) -> Result<String, StoreError> {
        let mut bytes = [0u8; 32];
        OsRng.fill_bytes(&mut bytes);
        let token = format!(
            "{TOKEN_PREFIX}{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
        );
        self.db.execute(
            "INSERT INTO endpoint_tokens (option, hash, created) VALUES (?1, ?2, ?3)
             ON CONFLICT (option) DO UPDATE SET hash = excluded.hash, created = excluded.created",
            params![option, hash(&token), now.to_string()],
        )?;
        Ok(token)
    }

    /// `token` is `option`'s token.
    pub fn token_matches(&self, option: &str, token: &str) -> Result<bool, StoreError> {
        let stored: Option<String> = self
            .db
            .query_row(
                "SELECT hash FROM endpoint_tokens WHERE option = ?1",
                [option],
                |r| r.get(0),
            )
            .optional()?;
        // Both sides are hashes of the same length: comparing them leaks nothing useful.
        Ok(stored.is_some_and(|h| h == hash(token)))
    }

    /// The options that have a token.
    pub fn tokens(&self) -> Result<Vec<TokenInfo>, StoreError> {
        let mut stmt = self
            .db
            .prepare("SELECT option, created FROM endpoint_tokens ORDER BY option")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (option, created) = row?;
            out.push(TokenInfo {
                option,
                created: created
                    .parse()
                    .map_err(|e| StoreError::Corrupt(format!("token time \"{created}\": {e}")))?,
            });
        }
        Ok(out)
    }

    /// Removes `option`'s token; `false` when it had none.
    pub fn revoke_token(&self, option: &str) -> Result<bool, StoreError> {
        Ok(self
            .db
            .execute("DELETE FROM endpoint_tokens WHERE option = ?1", [option])?
            > 0)
    }
}

#[cfg(test)]
mod tests {
    use crate::{KeySource, MasterKey, Workspace};

    #[test]
    fn a_token_is_shown_once_kept_hashed_and_replaced_by_a_new_one() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::open_with(
            dir.path().join("ws.db"),
            KeySource::Key(MasterKey::from_bytes([1; 32])),
        )
        .unwrap();
        let now: jiff::Timestamp = "2026-03-01T10:00:00Z".parse().unwrap();
        let token = ws.create_token("invoices", now).unwrap();
        assert!(token.starts_with("sct_") && token.len() > 40, "{token}");
        assert!(ws.token_matches("invoices", &token).unwrap());
        assert!(!ws.token_matches("payments", &token).unwrap());
        assert!(!ws.token_matches("invoices", "sct_wrong").unwrap());
        let stored: String = ws
            .db
            .query_row("SELECT hash FROM endpoint_tokens", [], |r| r.get(0))
            .unwrap();
        assert!(!stored.contains(&token[4..]), "only the hash is stored");
        let again = ws.create_token("invoices", now).unwrap();
        assert!(!ws.token_matches("invoices", &token).unwrap());
        assert!(ws.token_matches("invoices", &again).unwrap());
        assert_eq!(ws.tokens().unwrap().len(), 1);
        assert!(ws.revoke_token("invoices").unwrap());
        assert!(!ws.token_matches("invoices", &again).unwrap());
    }
}
