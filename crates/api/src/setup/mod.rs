//! Setting a sync up from nothing: a source's first answer read for its records and paging
//! ([`sample::fetch_sample`]), the org's objects and fields ([`describe`]), another org's first records
//! ([`org_sample::org_sample`]), and what an export would send ([`payload::preview_payload`]). The app's
//! guided flow and `synccentral sample fetch` / `synccentral describe` call these.

pub mod describe;
pub mod org_sample;
pub mod payload;
pub mod sample;

pub use describe::{
    check_filter, describe_object, describe_object_json, list_objects, FilterCheck, ObjectSummary,
};
pub use org_sample::{org_sample, OrgSample, MAX_ORG_SAMPLE};
pub use payload::{preview_payload, PayloadPreview, Unsent};
pub use sample::{fetch_sample, HeaderLine, PageSeen, SampleReport, SampleRequest};
