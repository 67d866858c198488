//! The composite resources beyond sObject Collections (which live in `rest`): sObject Tree
//! (`/composite/tree/{Object}`).

pub mod tree;

/// A reference ID as Salesforce takes it (sObject Tree records):
/// letters, digits and underscores, first a letter or a digit.
pub fn valid_reference(r: &str) -> bool {
    r.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && r.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}
