//! The bundled demo workspace: the contacts sample, its mapping and the Contact describe,
//! compiled into the binaries so the demo runs anywhere.

use crate::{Document, PreviewRequest};
use synccentral_engine::Operation;

pub const MAPPING_NAME: &str = "fixtures/demo/contacts.mapping.json";
pub const MAPPING: &str = include_str!("../../../../fixtures/demo/contacts.mapping.json");
pub const SAMPLE_NAME: &str = "fixtures/samples/api/contacts.json";
pub const SAMPLE: &str = include_str!("../../../../fixtures/samples/api/contacts.json");
pub const DESCRIBE_NAME: &str = "fixtures/samples/describe/Contact.json";
pub const DESCRIBE: &str = include_str!("../../../../fixtures/samples/describe/Contact.json");
pub const RECORDS_PATH: &str = "$.data";

/// The demo as a preview request.
pub fn request() -> PreviewRequest<'static> {
    PreviewRequest {
        mapping: Document::new(MAPPING_NAME, MAPPING),
        sample: Document::new(SAMPLE_NAME, SAMPLE),
        describe: Some(Document::new(DESCRIBE_NAME, DESCRIBE)),
        records_path: Some(RECORDS_PATH),
        operation: Operation::Upsert,
    }
}
