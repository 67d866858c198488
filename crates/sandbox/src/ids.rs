//! Record IDs: 15 characters (key prefix, the org's ID stem, a base-62 sequence number) made
//! 18 with Salesforce's case checksum; and reading 15- or 18-character input.
//!
//! The stem makes two orgs' IDs differ: a data directory draws its own at creation (two "pod"
//! characters and three more, random, stored in `sandbox.db`), so the org ID, the admin
//! user's ID and every record ID of two sandboxes differ. Data directories made before keep
//! the fixed pod `SB` ([`LEGACY_STEM`]) and their 10-digit sequence.

use rand::distr::{Alphanumeric, SampleString};
use synccentral_engine::sfcheck::{id18, is_valid_id};

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// The stem of data directories made before orgs had their own.
pub const LEGACY_STEM: &str = "SB";
/// The length of a stem drawn for a new org.
pub const STEM_LEN: usize = 5;

/// A new org's stem: base-62 characters, never starting like [`LEGACY_STEM`] (so its IDs
/// cannot equal an older org's).
pub fn new_stem() -> String {
    loop {
        let stem = Alphanumeric.sample_string(&mut rand::rng(), STEM_LEN);
        if !stem.starts_with(LEGACY_STEM) {
            return stem;
        }
    }
}

/// The 18-character ID of record number `n` of the object with `prefix` in the org whose ID
/// stem is `stem` (2 to 5 characters; the sequence fills the rest of the 15).
pub fn make_id(stem: &str, prefix: &str, n: u64) -> String {
    let width = 15usize
        .saturating_sub(prefix.len() + stem.len())
        .clamp(1, 12);
    let mut digits = vec![b'0'; width];
    let mut rest = n;
    for d in digits.iter_mut().rev() {
        *d = BASE62[(rest % 62) as usize];
        rest /= 62;
    }
    let id15 = format!(
        "{prefix}{stem}{}",
        std::str::from_utf8(&digits).unwrap_or("0")
    );
    id18(&id15).unwrap_or(id15)
}

/// The 18-character form of a well-formed 15- or 18-character ID; `None` when malformed.
pub fn normalize(id: &str) -> Option<String> {
    if !is_valid_id(id) {
        // An 18-character ID whose checksum does not match may only differ in letter case
        // of the checksum itself (IDs are case-insensitive in their 18-character form).
        if id.len() == 18 {
            let fixed = id18(&id[..15])?;
            return fixed.eq_ignore_ascii_case(id).then_some(fixed);
        }
        return None;
    }
    if id.len() == 15 {
        id18(id)
    } else {
        Some(id.to_string())
    }
}

/// The ID of the org whose stem is `stem`.
pub fn org_id(stem: &str) -> String {
    make_id(stem, "00D", 1)
}

/// The ID of the admin user of the org whose stem is `stem`.
pub fn admin_user_id(stem: &str) -> String {
    make_id(stem, "005", 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_carry_the_prefix_and_a_valid_checksum() {
        let id = make_id(LEGACY_STEM, "003", 61);
        assert_eq!(id.len(), 18);
        assert!(id.starts_with("003SB000000000z"));
        assert!(is_valid_id(&id));
        assert_eq!(normalize(&id[..15]).as_deref(), Some(id.as_str()));
        assert_eq!(normalize("nope"), None);
        // Data directories made before keep their IDs.
        assert_eq!(org_id(LEGACY_STEM), "00DSB00000000012AA");
        assert_eq!(admin_user_id(LEGACY_STEM), "005SB0000000001YAA");
    }

    #[test]
    fn a_new_stem_makes_valid_ids_of_its_own() {
        let stem = new_stem();
        assert_eq!(stem.len(), STEM_LEN);
        assert!(!stem.starts_with(LEGACY_STEM));
        let id = make_id(&stem, "001", 62u64.pow(7) - 1);
        assert_eq!(id.len(), 18);
        assert!(is_valid_id(&id));
        assert_eq!(&id[3..8], stem);
        assert_eq!(&id[8..15], "zzzzzzz");
        assert!(make_id(&stem, "001", 1).starts_with(&format!("001{stem}0000001")));
    }
}
