//! Auto-map for every host: reads the sample, describe and existing mapping documents and
//! asks the engine for suggested field mappings (the desktop mapping editor and
//! `synccentral mapping suggest` call these).

use crate::{codes, load_describe, load_mapping, ApiError, Document};
use serde_json::Value;
use synccentral_engine::automap::{self, SuggestOptions, Suggestions};
use synccentral_engine::preview;

/// What to suggest a mapping for.
#[derive(Debug, Clone, Copy)]
pub struct SuggestRequest<'a> {
    pub sample: Document<'a>,
    pub records_path: Option<&'a str>,
    /// The target object's describe.
    pub describe: Document<'a>,
    /// A mapping whose sources and targets are left alone.
    pub existing: Option<Document<'a>>,
    /// Describes of the objects lookups point to (their external ID fields are used).
    pub parents: &'a [Document<'a>],
    /// The sample is another Salesforce org's records (an import from an org): lookups are
    /// set by their parents' fields, never by that org's Ids.
    pub source_is_org: bool,
}

/// Suggestions, with the mapping document that accepts them all.
#[derive(Debug, Clone, PartialEq)]
pub struct SuggestOutcome {
    pub suggestions: Suggestions,
    /// The existing mapping (or a new one for the describe's object) with every suggestion
    /// appended.
    pub mapping: Value,
}

/// Suggested field mappings from a sample into the described object, leaving an existing
/// mapping's sources and targets alone.
pub fn suggest_mapping(
    sample: Document,
    records_path: Option<&str>,
    describe: Document,
    existing: Option<Document>,
) -> Result<Suggestions, ApiError> {
    suggest(SuggestRequest {
        sample,
        records_path,
        describe,
        existing,
        parents: &[],
        source_is_org: false,
    })
    .map(|o| o.suggestions)
}

/// [`suggest_mapping`] with parent describes, also giving the mapping document with every
/// suggestion accepted.
pub fn suggest(req: SuggestRequest) -> Result<SuggestOutcome, ApiError> {
    let describe = load_describe(req.describe)?;
    let parents = req
        .parents
        .iter()
        .map(|p| load_describe(*p))
        .collect::<Result<Vec<_>, _>>()?;
    let existing_value = req.existing.map(|d| d.json()).transpose()?;
    let existing = req
        .existing
        .map(|d| load_mapping(d, Some(&describe)))
        .transpose()?;
    if let (Some(object), Some(doc)) = (
        existing.as_ref().and_then(|m| m.object.as_ref()),
        req.existing,
    ) {
        if !object.eq_ignore_ascii_case(&describe.name) {
            return Err(ApiError::new(
                codes::OBJECT_MISMATCH,
                format!(
                    "{} maps to {object} but {} describes {}",
                    doc.name, req.describe.name, describe.name
                ),
            ));
        }
    }
    let sample = req.sample.json()?;
    let records = preview::select_records(&sample, req.records_path).map_err(|e| {
        ApiError::new(
            codes::INVALID_RECORDS_PATH,
            format!("{}: {e}", req.sample.name),
        )
    })?;
    let suggestions = automap::suggest(
        &records,
        &describe,
        &SuggestOptions {
            existing: existing.as_ref(),
            parents: &parents,
            source_is_org: req.source_is_org,
        },
    );
    let mapping = automap::merge_into(existing_value.as_ref(), &suggestions, &describe.name);
    Ok(SuggestOutcome {
        suggestions,
        mapping,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONTACT: &str = include_str!("../../../../fixtures/samples/describe/Contact.json");
    const CONTACTS: &str = include_str!("../../../../fixtures/samples/api/contacts.json");

    fn doc(text: &str) -> Document<'_> {
        Document::new("doc.json", text)
    }

    #[test]
    fn suggests_from_the_records_the_path_selects() {
        let s = suggest_mapping(doc(CONTACTS), Some("$.data"), doc(CONTACT), None).unwrap();
        assert!(s
            .fields
            .iter()
            .any(|f| f.source == "email" && f.target == "Email"));
    }

    #[test]
    fn unusable_documents_are_errors_with_their_codes() {
        let code = |r: Result<Suggestions, ApiError>| r.unwrap_err().code;
        assert_eq!(
            code(suggest_mapping(doc("{"), None, doc(CONTACT), None)),
            codes::INVALID_JSON
        );
        assert_eq!(
            code(suggest_mapping(doc(CONTACTS), None, doc("{}"), None)),
            codes::INVALID_DESCRIBE
        );
        assert_eq!(
            code(suggest_mapping(
                doc(CONTACTS),
                Some("$.nope"),
                doc(CONTACT),
                None
            )),
            codes::INVALID_RECORDS_PATH
        );
        assert_eq!(
            code(suggest_mapping(
                doc(CONTACTS),
                Some("$.data"),
                doc(CONTACT),
                Some(doc(r#"{"email": 3}"#))
            )),
            codes::INVALID_MAPPING
        );
    }
}
