//! Text values: length against the field's, active picklist values (with a hint naming the
//! close active value or the transform that fixes the value) and email addresses.

use super::{add, CheckOutcome, Checker};
use crate::{ErrorCode, FieldDescribe, FieldError, FieldType};

impl Checker {
    pub(super) fn check_text(
        &self,
        key: &str,
        f: &FieldDescribe,
        index: usize,
        s: &str,
        out: &mut CheckOutcome,
    ) {
        if s.is_empty() {
            return;
        }
        let is_picklist = matches!(f.field_type, FieldType::Picklist | FieldType::Multipicklist);
        if is_picklist && !self.check_picklist(key, f, index, s, out) {
            return;
        }
        let max = f.length as usize;
        if max > 0 && s.len() > max && s.chars().count() > max {
            let hint = if is_picklist {
                String::new()
            } else {
                add(r#"{"truncate": "fit"}"#)
            };
            out.errors.push(FieldError::new(
                key,
                ErrorCode::StringTooLong,
                format!(
                    "{}: data value too large: {s} (max length={max}){hint}",
                    f.label
                ),
            ));
            return;
        }
        if f.field_type == FieldType::Email && !is_valid_email(s) {
            out.errors.push(FieldError::new(
                key,
                ErrorCode::InvalidEmailAddress,
                format!("{}: invalid email address: {s}", f.label),
            ));
        }
    }

    /// Checks a picklist value (each `;` part of a multi-select one); false when an error
    /// was pushed.
    fn check_picklist(
        &self,
        key: &str,
        f: &FieldDescribe,
        index: usize,
        s: &str,
        out: &mut CheckOutcome,
    ) -> bool {
        let Some(active) = self.active[index].as_ref() else {
            return true;
        };
        let mut ok = true;
        let parts: &mut dyn Iterator<Item = &str> = if f.field_type == FieldType::Multipicklist {
            &mut s.split(';').filter(|p| !p.is_empty())
        } else {
            &mut std::iter::once(s)
        };
        for part in parts {
            if active.contains(part) {
                continue;
            }
            let hint = picklist_hint(f, part);
            if f.restricted_picklist {
                ok = false;
                out.errors.push(FieldError::new(
                    key,
                    ErrorCode::InvalidOrNullForRestrictedPicklist,
                    format!(
                        "{}: bad value for restricted picklist field: {part}{hint}",
                        f.label
                    ),
                ));
            } else {
                out.warnings.push(FieldError::new(
                    key,
                    ErrorCode::InvalidOrNullForRestrictedPicklist,
                    format!(
                        "{}: value not in the picklist: {part} (the picklist is not restricted, \
                         so Salesforce will save it as an inactive value){hint}",
                        f.label
                    ),
                ));
            }
        }
        ok
    }
}

/// The hint for a picklist value that is not an active value.
fn picklist_hint(f: &FieldDescribe, part: &str) -> String {
    if f.picklist_values
        .iter()
        .any(|p| !p.active && p.value == part)
    {
        return " (the value is inactive in this picklist)".to_string();
    }
    // Same letters and digits, whatever the case and punctuation ("usd" → "USD", "Mrs" →
    // "Mrs.").
    fn loose(s: &str) -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    }
    let lower = part.to_lowercase();
    let wanted = loose(part);
    let close = f
        .active_values()
        .find(|a| a.to_lowercase() == lower)
        .or_else(|| {
            f.active_values()
                .find(|a| !wanted.is_empty() && loose(a) == wanted)
        });
    if let Some(close) = close {
        let modify = if close.to_lowercase() != lower {
            None
        } else if close == part.to_uppercase() {
            Some("upper")
        } else if close == lower {
            Some("lower")
        } else if close == title_case(part) {
            Some("title")
        } else {
            None
        };
        return match modify {
            Some(m) => format!(
                " (did you mean '{close}'? add {{\"replace\": …}} or {{\"modify\": \"{m}\"}} to \
                 this field's transforms)"
            ),
            None => format!(
                " (did you mean '{close}'? add {{\"replace\": …}} to this field's transforms)"
            ),
        };
    }
    let active: Vec<&str> = f.active_values().collect();
    if active.len() <= 12 {
        format!(
            " (allowed: {}; add {{\"replace\": …}} to this field's transforms)",
            active.join(", ")
        )
    } else {
        String::new()
    }
}

/// Each word's first letter upper-cased, the rest lower-cased.
fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphanumeric();
    }
    out
}

/// A pragmatic check close to Salesforce's: `local@domain`, no spaces, the local part made
/// of letters, digits and ``!#$%&'*+/=?^_`{|}~.-`` (no leading, trailing or doubled dot),
/// the domain dot-separated labels of letters, digits and inner hyphens with at least one
/// dot.
pub fn is_valid_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    let mut labels = 0;
    let domain_ok = domain.split('.').all(|label| {
        labels += 1;
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    });
    local_ok && domain_ok && labels >= 2
}
