//! A text file's bytes as text: in the encoding the user names (any label the WHATWG
//! Encoding Standard knows, as `encoding_rs` reads it: `windows-1252`, `latin1`,
//! `shift_jis`, `utf-16le`, …), else by its byte order mark, else as UTF-8. Text that is
//! none of these is refused with what to do, never guessed at: a wrong guess would write
//! wrong accents into an org without a word.

use super::SampleError;
use encoding_rs::Encoding;
use std::borrow::Cow;

/// Some labels a person may name, for the messages that ask for one.
pub const EXAMPLE_LABELS: &str =
    "windows-1252, iso-8859-1, iso-8859-15, shift_jis, euc-jp, gbk, big5, utf-16le";

/// A file's text and the encoding it was read in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The text.
    pub text: Cow<'a, str>,
    /// The encoding's name as the Encoding Standard spells it (`UTF-8`, `windows-1252`,
    /// `Shift_JIS`, `UTF-16LE`).
    pub encoding: &'static str,
}

/// The encoding a label names (ASCII case and surrounding spaces ignored). An unknown label,
/// and `replacement` (which reads every file as one replacement character), are refused.
pub fn encoding_for_label(label: &str) -> Result<&'static Encoding, SampleError> {
    match Encoding::for_label(label.trim().as_bytes()) {
        Some(e) if e != encoding_rs::REPLACEMENT => Ok(e),
        _ => Err(SampleError::UnknownEncoding(label.to_string())),
    }
}

/// `bytes` as text. With `encoding` named: in that encoding (a byte order mark, which is
/// stronger evidence, still wins and is dropped); bytes that are not valid in it are refused.
/// Without: a byte order mark's encoding, else UTF-8; anything else is refused with a
/// [`SampleError::NotUtf8`] that says how to name the encoding.
pub fn decode_text<'a>(
    bytes: &'a [u8],
    encoding: Option<&str>,
) -> Result<Decoded<'a>, SampleError> {
    let named = encoding
        .filter(|l| !l.trim().is_empty())
        .map(encoding_for_label)
        .transpose()?;
    let (encoding, start) = match (Encoding::for_bom(bytes), named) {
        (Some((bom, length)), _) => (bom, length),
        (None, Some(named)) => (named, 0),
        (None, None) => {
            return match std::str::from_utf8(bytes) {
                Ok(text) => Ok(Decoded {
                    text: Cow::Borrowed(text),
                    encoding: encoding_rs::UTF_8.name(),
                }),
                Err(e) => Err(SampleError::NotUtf8 {
                    offset: e.valid_up_to(),
                }),
            };
        }
    };
    let (text, bad) = encoding.decode_without_bom_handling(&bytes[start..]);
    if bad {
        return Err(SampleError::Undecodable {
            encoding: encoding.name().to_string(),
        });
    }
    Ok(Decoded {
        text,
        encoding: encoding.name(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_named_reads_its_accents_and_unnamed_is_refused_with_the_way_out() {
        let bytes = b"caf\xe9";
        let read = decode_text(bytes, Some("windows-1252")).unwrap();
        assert_eq!(read.text, "café");
        assert_eq!(read.encoding, "windows-1252");
        // Latin-1 is, as in browsers, read as windows-1252 (its superset).
        let read = decode_text(bytes, Some(" Latin1 ")).unwrap();
        assert_eq!(
            (read.text.as_ref(), read.encoding),
            ("café", "windows-1252")
        );
        let e = decode_text(bytes, None).unwrap_err();
        assert_eq!(e, SampleError::NotUtf8 { offset: 3 });
        let message = e.to_string();
        assert!(message.contains("not UTF-8"), "{message}");
        assert!(message.contains("windows-1252"), "{message}");
    }

    #[test]
    fn shift_jis_named_reads_and_invalid_bytes_in_the_named_encoding_are_refused() {
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("東京, とうきょう");
        let read = decode_text(&bytes, Some("shift_jis")).unwrap();
        assert_eq!(read.text, "東京, とうきょう");
        assert_eq!(read.encoding, "Shift_JIS");
        let e = decode_text(b"\x81", Some("sjis")).unwrap_err();
        assert!(e.to_string().contains("Shift_JIS"), "{e}");
    }

    #[test]
    fn an_unknown_label_is_refused_naming_it_and_some_that_are_known() {
        for label in ["latin-9000", "replacement"] {
            let e = decode_text(b"abc", Some(label)).unwrap_err();
            assert_eq!(e, SampleError::UnknownEncoding(label.into()));
            let message = e.to_string();
            assert!(
                message.contains(label) && message.contains("shift_jis"),
                "{message}"
            );
        }
    }

    #[test]
    fn utf8_is_read_as_it_is_and_a_byte_order_mark_wins_over_a_named_encoding() {
        let read = decode_text("Zoë".as_bytes(), None).unwrap();
        assert!(matches!(read.text, Cow::Borrowed("Zoë")));
        assert_eq!(read.encoding, "UTF-8");
        let marked = b"\xef\xbb\xbfZo\xc3\xab";
        let read = decode_text(marked, Some("windows-1252")).unwrap();
        assert_eq!((read.text.as_ref(), read.encoding), ("Zoë", "UTF-8"));
        let read = decode_text(b"Zo\xeb", Some("")).map_err(|e| e.to_string());
        assert!(read.unwrap_err().contains("not UTF-8"));
    }
}
