//! The TypeScript types of everything that crosses to the UI are generated from the Rust
//! types (ts-rs) and committed in `ui/src/bindings/`. This test fails when the committed files
//! differ from what the Rust types generate; `UPDATE_BINDINGS=1 cargo test -p synccentral-api
//! --test bindings` writes them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use synccentral_api::connections::{ConnectionAnswer, ConnectionView};
use synccentral_api::editor::{
    DemoWorkspace, EditorInput, FilePurpose, SampleFile, SourceOutline, TargetObject,
};
use synccentral_api::options::{OptionView, OptionWorkspace};
use synccentral_api::orchestration::{
    CronPreview, EndpointView, NewToken, PlanView, ScheduleRow, ScheduleView, ScheduledRun,
    SchedulerStatus,
};
use synccentral_api::reconcile::{DiffQuery, DiffView, ResyncView};
use synccentral_api::runs::{ExportedRun, RunDetail, RunProgress, RunReport, RunWhich};
use synccentral_api::settings::{AppExport, ExportedSettings, ImportPreview};
use synccentral_api::users::{AuditView, Session, UserView};
use synccentral_api::workspace::WorkspaceInfo;
use synccentral_api::ApiError;
use synccentral_engine::automap::Suggestions;
use synccentral_engine::preview::PreviewReport;
use synccentral_engine::testcase::TestReport;
use synccentral_engine::{ErrorCode, MappingIssue};
use ts_rs::{Config, TS};

fn committed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings")
}

/// Every type the UI receives or sends, with the types they use.
fn export_all(dir: &Path) {
    let cfg = Config::new().with_out_dir(dir);
    PreviewReport::export_all(&cfg).unwrap();
    ErrorCode::export_all(&cfg).unwrap();
    MappingIssue::export_all(&cfg).unwrap();
    TestReport::export_all(&cfg).unwrap();
    Suggestions::export_all(&cfg).unwrap();
    ApiError::export_all(&cfg).unwrap();
    EditorInput::export_all(&cfg).unwrap();
    TargetObject::export_all(&cfg).unwrap();
    SourceOutline::export_all(&cfg).unwrap();
    DemoWorkspace::export_all(&cfg).unwrap();
    SampleFile::export_all(&cfg).unwrap();
    FilePurpose::export_all(&cfg).unwrap();
    WorkspaceInfo::export_all(&cfg).unwrap();
    ConnectionView::export_all(&cfg).unwrap();
    ConnectionAnswer::export_all(&cfg).unwrap();
    OptionView::export_all(&cfg).unwrap();
    OptionWorkspace::export_all(&cfg).unwrap();
    synccentral_api::options::references::MappedRecord::export_all(&cfg).unwrap();
    synccentral_api::options::references::ParentCheck::export_all(&cfg).unwrap();
    RunProgress::export_all(&cfg).unwrap();
    RunReport::export_all(&cfg).unwrap();
    RunWhich::export_all(&cfg).unwrap();
    RunDetail::export_all(&cfg).unwrap();
    ExportedRun::export_all(&cfg).unwrap();
    DiffView::export_all(&cfg).unwrap();
    DiffQuery::export_all(&cfg).unwrap();
    ResyncView::export_all(&cfg).unwrap();
    Session::export_all(&cfg).unwrap();
    UserView::export_all(&cfg).unwrap();
    AuditView::export_all(&cfg).unwrap();
    PlanView::export_all(&cfg).unwrap();
    ScheduleView::export_all(&cfg).unwrap();
    ScheduleRow::export_all(&cfg).unwrap();
    CronPreview::export_all(&cfg).unwrap();
    SchedulerStatus::export_all(&cfg).unwrap();
    ScheduledRun::export_all(&cfg).unwrap();
    EndpointView::export_all(&cfg).unwrap();
    NewToken::export_all(&cfg).unwrap();
    AppExport::export_all(&cfg).unwrap();
    ExportedSettings::export_all(&cfg).unwrap();
    ImportPreview::export_all(&cfg).unwrap();
    // Setting a sync up: fetch sample, the org's objects.
    synccentral_api::setup::SampleRequest::export_all(&cfg).unwrap();
    synccentral_api::setup::SampleReport::export_all(&cfg).unwrap();
    synccentral_api::setup::ObjectSummary::export_all(&cfg).unwrap();
    synccentral_api::setup::PayloadPreview::export_all(&cfg).unwrap();
    synccentral_api::setup::FilterCheck::export_all(&cfg).unwrap();
    synccentral_api::setup::OrgSample::export_all(&cfg).unwrap();
    // The configuration document (connections, options, schedules, mail), one declaration
    // in crates/model.
    synccentral_store::config::Config::export_all(&cfg).unwrap();
}

fn files(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "ts") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            out.insert(name, std::fs::read_to_string(&path).unwrap());
        }
    }
    out
}

#[test]
fn the_committed_ui_bindings_are_what_the_rust_types_generate() {
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        let dir = committed_dir();
        for name in files(&dir).keys() {
            std::fs::remove_file(dir.join(name)).unwrap();
        }
        export_all(&dir);
    }
    let fresh = std::env::temp_dir().join(format!("sc-bindings-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&fresh);
    export_all(&fresh);
    let generated = files(&fresh);
    std::fs::remove_dir_all(&fresh).unwrap();
    let committed = files(&committed_dir());

    let names = |m: &BTreeMap<String, String>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&committed),
        names(&generated),
        "ui/src/bindings/ holds other files than the Rust types generate \
         (run UPDATE_BINDINGS=1 cargo test -p synccentral-api --test bindings)"
    );
    for (name, text) in &generated {
        assert_eq!(
            &committed[name], text,
            "ui/src/bindings/{name} differs from what the Rust type generates \
             (run UPDATE_BINDINGS=1 cargo test -p synccentral-api --test bindings)"
        );
    }
}
