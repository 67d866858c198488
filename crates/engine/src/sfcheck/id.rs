//! Record IDs: the 15-character form, the 18-character form with its case checksum.

/// The 3-character case checksum of a 15-character ID:
/// for each 5-character chunk, bit i is set when character i is an upper-case letter.
fn id_checksum(id15: &[u8]) -> [u8; 3] {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    let mut out = [0u8; 3];
    for (k, chunk) in id15.chunks(5).take(3).enumerate() {
        let n = chunk
            .iter()
            .enumerate()
            .filter(|(_, c)| c.is_ascii_uppercase())
            .fold(0usize, |n, (i, _)| n | (1 << i));
        out[k] = ALPHABET[n];
    }
    out
}

/// The 18-character form of a 15-character record ID (`001D000000IqhSL` →
/// `001D000000IqhSLIAZ`); `None` when `id15` is not 15 letters and digits.
pub fn id18(id15: &str) -> Option<String> {
    let b = id15.as_bytes();
    if b.len() != 15 || !b.iter().all(u8::is_ascii_alphanumeric) {
        return None;
    }
    let sum = id_checksum(b);
    let mut out = String::with_capacity(18);
    out.push_str(id15);
    out.extend(sum.iter().map(|&c| c as char));
    Some(out)
}

/// A well-formed record ID: 15 letters and digits, or 18 whose last 3 are the checksum of
/// the first 15.
pub fn is_valid_id(s: &str) -> bool {
    let b = s.as_bytes();
    match b.len() {
        15 => b.iter().all(u8::is_ascii_alphanumeric),
        18 => b.iter().all(u8::is_ascii_alphanumeric) && id_checksum(&b[..15]) == b[15..],
        _ => false,
    }
}
