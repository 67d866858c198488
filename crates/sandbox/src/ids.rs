//! Record IDs: 15 characters (key prefix, the sandbox's pod letters `SB`, a base-62 sequence
//! number) made 18 with Salesforce's case checksum; and reading 15- or 18-character input.

use synccentral_engine::sfcheck::{id18, is_valid_id};

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// The 18-character ID of record number `n` of the object with `prefix`.
pub fn make_id(prefix: &str, n: u64) -> String {
    let mut digits = [b'0'; 10];
    let mut rest = n;
    for d in digits.iter_mut().rev() {
        *d = BASE62[(rest % 62) as usize];
        rest /= 62;
    }
    let id15 = format!(
        "{prefix}SB{}",
        std::str::from_utf8(&digits).unwrap_or("0000000000")
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

/// The org's ID.
pub fn org_id() -> String {
    make_id("00D", 1)
}

/// The admin user's ID.
pub fn admin_user_id() -> String {
    make_id("005", 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_carry_the_prefix_and_a_valid_checksum() {
        let id = make_id("003", 61);
        assert_eq!(id.len(), 18);
        assert!(id.starts_with("003SB000000000z"));
        assert!(is_valid_id(&id));
        assert_eq!(normalize(&id[..15]).as_deref(), Some(id.as_str()));
        assert_eq!(normalize("nope"), None);
    }
}
