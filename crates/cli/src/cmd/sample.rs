//! `synccentral sample fetch`: one real request on an HTTP connection (through the remote
//! sites), and what its answer proposes: where the records are, how the API pages (proven by
//! following it for `--pages` pages) and the records' fields. The app's guided import calls
//! the same service function (`setup::fetch_sample`).
//!
//! `--json` prints one object: `url`, `status`, `recordsPath`, `paging` (as the
//! configuration document writes it), `pages` (`url` and `records` of each page read),
//! `fields` (`path`, `kind`, `sample`), and `problem` when following the paging stopped
//! early (exit 1 then).

use crate::Failure;
use clap::{Args as ClapArgs, Subcommand};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;
use synccentral_api::setup::{self, SampleRequest};

#[derive(Subcommand)]
pub enum SampleCommand {
    /// Call an HTTP connection once and propose the records path and paging.
    Fetch(FetchArgs),
}

#[derive(ClapArgs)]
pub struct FetchArgs {
    /// The HTTP connection.
    #[arg(long)]
    connection: String,
    /// Joined to the connection's base URL.
    #[arg(long)]
    path: String,
    /// GET (default) or POST.
    #[arg(long, default_value = "GET", value_parser = ["GET", "POST", "get", "post"])]
    method: String,
    /// A query parameter, `name=value` (repeatable).
    #[arg(long = "param", value_name = "K=V")]
    params: Vec<String>,
    /// A request header, `name=value` (repeatable).
    #[arg(long = "header", value_name = "K=V")]
    headers: Vec<String>,
    /// The JSON body of a POST.
    #[arg(long)]
    body: Option<String>,
    /// Pages to read with the proposed paging (1-20).
    #[arg(long, default_value_t = 1)]
    pages: u32,
    /// Where the records are, instead of the proposed place (JSONPath).
    #[arg(long)]
    records_path: Option<String>,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

fn pairs(what: &str, items: &[String]) -> Result<BTreeMap<String, String>, Failure> {
    items
        .iter()
        .map(|item| match item.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
            _ => Err(Failure::Unusable(format!(
                "--{what} '{item}': write it as name=value"
            ))),
        })
        .collect()
}

pub fn run(command: SampleCommand, workspace: Option<&Path>) -> Result<(), Failure> {
    let SampleCommand::Fetch(args) = command;
    let body = match &args.body {
        None => None,
        Some(text) => Some(
            serde_json::from_str::<Value>(text)
                .map_err(|e| Failure::Unusable(format!("--body is not JSON: {e}")))?,
        ),
    };
    let request = SampleRequest {
        connection: args.connection.clone(),
        method: if args.method.eq_ignore_ascii_case("post") {
            synccentral_api::setup::sample::ReadMethod::Post
        } else {
            synccentral_api::setup::sample::ReadMethod::Get
        },
        path: args.path.clone(),
        params: pairs("param", &args.params)?,
        headers: pairs("header", &args.headers)?,
        body,
        pages: args.pages,
        records_path: args.records_path.clone(),
        paging: None,
    };
    let app = crate::workspace::app(workspace)?;
    let report = setup::fetch_sample(&app, &request)?;
    if args.json {
        let out = json!({
            "url": report.url,
            "status": report.status,
            "recordsPath": report.records_path,
            "candidates": report.candidates,
            "paging": report.paging,
            "pagingReason": report.paging_reason,
            "pages": report.pages,
            "fields": report.fields,
            "problem": report.problem,
        });
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    } else {
        println!("{} answered {}", report.url, report.status);
        match &report.records_path {
            Some(p) => println!("records: {p}"),
            None => println!("records: none found (no array of objects in the answer)"),
        }
        for other in report.candidates.iter().skip(1) {
            println!("  also an array: {} ({} objects)", other.path, other.count);
        }
        println!(
            "paging: {} ({})",
            serde_json::to_string(&report.paging).unwrap_or_default(),
            report.paging_reason
        );
        for page in &report.pages {
            println!(
                "  page {}: {} records from {}",
                page.number, page.records, page.url
            );
        }
        println!("fields:");
        for f in &report.fields {
            println!("  {} ({}) {}", f.path, f.kind, f.sample);
        }
    }
    match report.problem {
        Some(problem) => {
            eprintln!("following the paging stopped: {problem}");
            Err(Failure::Found)
        }
        None => Ok(()),
    }
}
