//! Writing the workbook: "Options" (one row per option), one sheet per option with its
//! mapping (one row per field, further transforms on the rows below it), "Connections"
//! (scrubbed), "Schedules" and "Remote sites". Headers are bold and frozen, columns have
//! filters and widths, operations and transform kinds have drop-down lists, pages print
//! landscape, one page wide, with the header row repeated. Every text is written as a
//! string cell, so a value starting with `=`, `+`, `-` or `@` is never a formula.

use crate::cells::encode;
use crate::WorkbookError;
use rust_xlsxwriter::{
    Color, DataValidation, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};
use serde_json::{json, Value};
use synccentral_engine::Describe;
use synccentral_store::config::{Connection, HttpAuth, ImportSource, SalesforceAuth};
use synccentral_store::{Config, SyncOption};

pub(crate) const OPTIONS: &str = "Options";
pub(crate) const CONNECTIONS: &str = "Connections";
pub(crate) const SCHEDULES: &str = "Schedules";
pub(crate) const REMOTE_SITES: &str = "Remote sites";

/// Columns of the "Options" sheet.
pub(crate) const OPTION_COLUMNS: &[(&str, f64)] = &[
    ("Option", 22.0),
    ("Direction", 10.0),
    ("Object", 20.0),
    ("Source / target", 34.0),
    ("Operation", 11.0),
    ("External ID", 20.0),
    ("Schedule", 24.0),
    ("Active", 8.0),
    ("Order", 7.0),
    ("Description", 30.0),
    ("Mapping sheet", 20.0),
];
pub(crate) const O_NAME: u16 = 0;
pub(crate) const O_OBJECT: u16 = 2;
pub(crate) const O_OPERATION: u16 = 4;
pub(crate) const O_EXTERNAL_ID: u16 = 5;
pub(crate) const O_ACTIVE: u16 = 7;
pub(crate) const O_ORDER: u16 = 8;
pub(crate) const O_DESCRIPTION: u16 = 9;
pub(crate) const O_SHEET: u16 = 10;

/// Columns of an option's mapping sheet.
pub(crate) const MAPPING_COLUMNS: &[(&str, f64)] = &[
    ("Source", 24.0),
    ("Value", 14.0),
    ("Transform", 11.0),
    ("Setting", 30.0),
    ("Target field", 22.0),
    ("Target label", 22.0),
    ("Type", 11.0),
    ("Length", 7.0),
    ("Required", 9.0),
    ("Skip null", 9.0),
    ("Description", 28.0),
];
pub(crate) const M_SOURCE: u16 = 0;
pub(crate) const M_VALUE: u16 = 1;
pub(crate) const M_TRANSFORM: u16 = 2;
pub(crate) const M_SETTING: u16 = 3;
pub(crate) const M_TARGET: u16 = 4;
pub(crate) const M_SKIP_NULL: u16 = 9;
pub(crate) const M_DESCRIPTION: u16 = 10;

/// The write operations an import option may have.
pub(crate) const OPERATIONS: &[&str] = &["insert", "update", "upsert", "delete"];

/// Rows the drop-down lists cover below the data (room for added rows).
const SPARE_ROWS: u32 = 200;

/// The workbook of `config`, scrubbed as [`crate::scrub`] does. `describes` give the target fields' labels,
/// types, lengths and whether they are required (matched to an import's object by name).
pub fn write_workbook(config: &Config, describes: &[Describe]) -> Result<Vec<u8>, WorkbookError> {
    let config = crate::scrub(config, crate::ScrubOptions::default(), &[]);
    let styles = Styles::new();
    let mut book = Workbook::new();
    let sheet_names = mapping_sheet_names(&config);

    let sheet = book.add_worksheet();
    sheet.set_name(OPTIONS)?;
    header(sheet, OPTION_COLUMNS, &styles)?;
    for (i, o) in config.options.iter().enumerate() {
        let row = i as u32 + 1;
        let (object, route, operation, external_id) = describe_option(o);
        let schedules: Vec<String> = config
            .schedules
            .iter()
            .filter(|s| s.options.iter().any(|n| n == o.name()))
            .map(|s| {
                let mut text = s.cron.clone();
                if let Some(tz) = &s.timezone {
                    text.push_str(&format!(" ({tz})"));
                }
                if !s.active {
                    text.push_str(" off");
                }
                text
            })
            .collect();
        let description = match o {
            SyncOption::Import(x) => x.description.clone(),
            SyncOption::Export(x) => x.description.clone(),
        };
        let cells = [
            o.name().to_string(),
            o.direction().to_string(),
            object,
            route,
            operation,
            external_id,
            schedules.join("\n"),
            yes_no(o.active()).to_string(),
        ];
        for (col, text) in cells.iter().enumerate() {
            text_cell(sheet, row, col as u16, text, &styles.body)?;
        }
        sheet.write_number_with_format(row, O_ORDER, o.order() as f64, &styles.body)?;
        text_cell(
            sheet,
            row,
            O_DESCRIPTION,
            description.as_deref().unwrap_or(""),
            &styles.body,
        )?;
        text_cell(sheet, row, O_SHEET, &sheet_names[i], &styles.body)?;
    }
    let last = config.options.len() as u32 + SPARE_ROWS;
    let operation_list = DataValidation::new()
        .allow_list_strings(OPERATIONS)?
        .set_error_title("Operation")?
        .set_error_message("An import's operation is insert, update, upsert or delete.")?;
    sheet.add_data_validation(1, O_OPERATION, last, O_OPERATION, &operation_list)?;
    let yes_no_list = DataValidation::new().allow_list_strings(&["yes", "no"])?;
    sheet.add_data_validation(1, O_ACTIVE, last, O_ACTIVE, &yes_no_list)?;
    finish(sheet, config.options.len() as u32, OPTION_COLUMNS)?;

    for (i, o) in config.options.iter().enumerate() {
        let describe = match o {
            SyncOption::Import(x) => describes
                .iter()
                .find(|d| d.name.eq_ignore_ascii_case(&x.target.object)),
            SyncOption::Export(_) => None,
        };
        let sheet = book.add_worksheet();
        sheet.set_name(&sheet_names[i])?;
        write_mapping(sheet, o.mapping(), describe, &styles)?;
    }

    let sheet = book.add_worksheet();
    sheet.set_name(CONNECTIONS)?;
    let columns: &[(&str, f64)] = &[
        ("Connection", 20.0),
        ("Type", 11.0),
        ("URL", 36.0),
        ("Auth", 18.0),
        ("User / client ID", 30.0),
        ("Secrets", 30.0),
    ];
    header(sheet, columns, &styles)?;
    for (i, c) in config.connections.iter().enumerate() {
        let (url, auth, who) = describe_connection(c);
        let secrets: Vec<String> = c
            .secrets()
            .iter()
            .map(|(f, s)| format!("{} = {}", f.trim_start_matches("/auth/"), s.expose()))
            .collect();
        let row = i as u32 + 1;
        for (col, text) in [
            c.name().to_string(),
            c.kind().to_string(),
            url,
            auth,
            who,
            secrets.join("\n"),
        ]
        .iter()
        .enumerate()
        {
            text_cell(sheet, row, col as u16, text, &styles.body)?;
        }
    }
    finish(sheet, config.connections.len() as u32, columns)?;

    let sheet = book.add_worksheet();
    sheet.set_name(SCHEDULES)?;
    let columns: &[(&str, f64)] = &[
        ("Schedule", 18.0),
        ("Cron", 16.0),
        ("Time zone", 16.0),
        ("Options", 34.0),
        ("Mode", 12.0),
        ("Active", 8.0),
    ];
    header(sheet, columns, &styles)?;
    for (i, s) in config.schedules.iter().enumerate() {
        let mode = serde_json::to_value(s.mode).expect("a mode serialises");
        let row = i as u32 + 1;
        for (col, text) in [
            s.name.clone().unwrap_or_default(),
            s.cron.clone(),
            s.timezone.clone().unwrap_or_else(|| "UTC".to_string()),
            s.options.join(", "),
            mode.as_str().unwrap_or_default().to_string(),
            yes_no(s.active).to_string(),
        ]
        .iter()
        .enumerate()
        {
            text_cell(sheet, row, col as u16, text, &styles.body)?;
        }
    }
    finish(sheet, config.schedules.len() as u32, columns)?;

    let sheet = book.add_worksheet();
    sheet.set_name(REMOTE_SITES)?;
    let columns: &[(&str, f64)] = &[("Remote site", 48.0)];
    header(sheet, columns, &styles)?;
    for (i, site) in config.remote_sites.iter().enumerate() {
        text_cell(sheet, i as u32 + 1, 0, site, &styles.body)?;
    }
    finish(sheet, config.remote_sites.len() as u32, columns)?;

    Ok(book.save_to_buffer()?)
}

fn write_mapping(
    sheet: &mut Worksheet,
    mapping: &Value,
    describe: Option<&Describe>,
    styles: &Styles,
) -> Result<(), WorkbookError> {
    header(sheet, MAPPING_COLUMNS, styles)?;
    let mut row = 1u32;
    for field in mapping_fields(mapping) {
        let get = |k: &str| field.get(k);
        if let Some(source) = get("source") {
            text_cell(sheet, row, M_SOURCE, &encode(source), &styles.body)?;
        }
        if let Some(value) = get("value") {
            text_cell(sheet, row, M_VALUE, &encode(value), &styles.body)?;
        }
        let target = get("target").and_then(Value::as_str).unwrap_or_default();
        text_cell(sheet, row, M_TARGET, target, &styles.body)?;
        if let Some(f) =
            describe.and_then(|d| d.field(target).or_else(|| d.field_by_relationship(target)))
        {
            text_cell(sheet, row, 5, &f.label, &styles.body)?;
            let kind = serde_json::to_value(&f.field_type).expect("a field type serialises");
            text_cell(
                sheet,
                row,
                6,
                kind.as_str().unwrap_or_default(),
                &styles.body,
            )?;
            if f.length > 0 {
                sheet.write_number_with_format(row, 7, f.length as f64, &styles.body)?;
            }
            text_cell(sheet, row, 8, yes_no(f.required_on_create()), &styles.body)?;
        }
        if let Some(Value::Bool(b)) = get("skipNull") {
            text_cell(sheet, row, M_SKIP_NULL, yes_no(*b), &styles.body)?;
        }
        if let Some(Value::String(d)) = get("description") {
            text_cell(sheet, row, M_DESCRIPTION, d, &styles.body)?;
        }
        let transforms = get("transforms")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if transforms.is_empty() {
            row += 1;
        }
        for (n, t) in transforms.iter().enumerate() {
            let (kind, arg) = match t.as_object().filter(|o| o.len() == 1) {
                Some(o) => {
                    let (k, v) = o.iter().next().expect("one key");
                    (k.clone(), encode(v))
                }
                None => (String::new(), encode(t)),
            };
            let style = if n == 0 { &styles.body } else { &styles.more };
            text_cell(sheet, row, M_TRANSFORM, &kind, style)?;
            text_cell(sheet, row, M_SETTING, &arg, style)?;
            row += 1;
        }
    }
    let kinds = DataValidation::new()
        .allow_list_strings(synccentral_engine::transform::NAMES)?
        .set_input_title("Transform")?
        .set_input_message("One transform per row; more transforms of the same field go on the rows below it, with Source, Value and Target field left empty.")?;
    sheet.add_data_validation(1, M_TRANSFORM, row + SPARE_ROWS, M_TRANSFORM, &kinds)?;
    let yes_no_list = DataValidation::new().allow_list_strings(&["yes", "no"])?;
    sheet.add_data_validation(1, M_SKIP_NULL, row + SPARE_ROWS, M_SKIP_NULL, &yes_no_list)?;
    finish(sheet, row - 1, MAPPING_COLUMNS)
}

/// A mapping's field list: the full form's `fields`, or the shorthand's pairs.
pub(crate) fn mapping_fields(mapping: &Value) -> Vec<Value> {
    match mapping.get("fields").and_then(Value::as_array) {
        Some(fields) => fields.clone(),
        None => mapping
            .as_object()
            .map(|o| {
                o.iter()
                    .map(|(s, t)| json!({"source": s, "target": t}))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// Object, source/target route, operation and external ID as the overview shows them.
fn describe_option(o: &SyncOption) -> (String, String, String, String) {
    match o {
        SyncOption::Import(x) => (
            x.target.object.clone(),
            match &x.source {
                ImportSource::Api(s) => format!(
                    "{} {:?} {} → {}",
                    s.connection, s.method, s.path, x.target.connection
                )
                .replace("Get", "GET")
                .replace("Post", "POST"),
                ImportSource::Org(s) => {
                    format!("{} {} → {}", s.connection, s.object, x.target.connection)
                }
            },
            serde_json::to_value(x.target.operation)
                .expect("an operation serialises")
                .as_str()
                .unwrap_or_default()
                .to_string(),
            x.target.external_id.clone().unwrap_or_default(),
        ),
        SyncOption::Export(x) => {
            let to = match (&x.target.connection, &x.target.file) {
                (Some(c), _) => format!(
                    "{c} {} {}",
                    serde_json::to_value(x.target.method)
                        .expect("a method serialises")
                        .as_str()
                        .unwrap_or_default(),
                    x.target.path.as_deref().unwrap_or("")
                ),
                (None, Some(f)) => format!("file {f}"),
                (None, None) => String::new(),
            };
            (
                x.source.object.clone(),
                format!("{} → {to}", x.source.connection),
                String::new(),
                String::new(),
            )
        }
    }
}

fn describe_connection(c: &Connection) -> (String, String, String) {
    match c {
        Connection::Salesforce(s) => {
            let (flow, who) = match &s.auth {
                SalesforceAuth::Password(a) => {
                    ("password", format!("{} / {}", a.username, a.client_id))
                }
                SalesforceAuth::ClientCredentials(a) => ("client_credentials", a.client_id.clone()),
                SalesforceAuth::Jwt(a) => ("jwt", format!("{} / {}", a.username, a.client_id)),
                SalesforceAuth::Web(a) => ("web", a.client_id.clone()),
            };
            (s.login_url.clone(), flow.to_string(), who)
        }
        Connection::Http(h) => {
            let (kind, who) = match &h.auth {
                HttpAuth::None => ("none", String::new()),
                HttpAuth::ApiKey(a) => ("apiKey", a.name.clone()),
                HttpAuth::Basic(a) => ("basic", a.username.clone()),
                HttpAuth::Bearer(_) => ("bearer", String::new()),
                HttpAuth::Oauth2(a) => ("oauth2", a.client_id.clone()),
                HttpAuth::Custom(a) => ("custom", a.url.clone()),
            };
            (h.base_url.clone(), kind.to_string(), who)
        }
    }
}

/// Sheet names for the options' mappings: the option's name made a valid, unique sheet name
/// (at most 31 characters, none of `[]:*?/\`).
pub(crate) fn mapping_sheet_names(config: &Config) -> Vec<String> {
    let mut taken: Vec<String> = [OPTIONS, CONNECTIONS, SCHEDULES, REMOTE_SITES]
        .iter()
        .map(|s| s.to_lowercase())
        .collect();
    let mut names = Vec::new();
    for o in &config.options {
        let clean: String = o
            .name()
            .chars()
            .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
            .collect();
        let clean = clean.trim_matches('\'').to_string();
        let base: String = if clean.is_empty() {
            "option".to_string()
        } else {
            clean
        };
        let mut candidate: String = base.chars().take(31).collect();
        let mut n = 2;
        while taken.contains(&candidate.to_lowercase()) {
            let suffix = format!(" ({n})");
            candidate = base
                .chars()
                .take(31 - suffix.chars().count())
                .collect::<String>()
                + &suffix;
            n += 1;
        }
        taken.push(candidate.to_lowercase());
        names.push(candidate);
    }
    names
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// Text as a string cell (never a formula, whatever it starts with).
fn text_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    style: &Format,
) -> Result<(), WorkbookError> {
    if !text.is_empty() {
        sheet.write_string_with_format(row, col, text, style)?;
    }
    Ok(())
}

struct Styles {
    header: Format,
    body: Format,
    more: Format,
}

impl Styles {
    fn new() -> Styles {
        Styles {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xDCE6F1))
                .set_border_bottom(FormatBorder::Thin)
                .set_align(FormatAlign::Top)
                .set_text_wrap(),
            body: Format::new().set_align(FormatAlign::Top).set_text_wrap(),
            more: Format::new()
                .set_align(FormatAlign::Top)
                .set_text_wrap()
                .set_font_color(Color::RGB(0x404040)),
        }
    }
}

fn header(
    sheet: &mut Worksheet,
    columns: &[(&str, f64)],
    styles: &Styles,
) -> Result<(), WorkbookError> {
    for (col, (title, width)) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *title, &styles.header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    Ok(())
}

/// Frozen header, filters over the data, and a print layout a person can read.
fn finish(sheet: &mut Worksheet, rows: u32, columns: &[(&str, f64)]) -> Result<(), WorkbookError> {
    let last_col = columns.len() as u16 - 1;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, rows.max(1), last_col)?;
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_header("&L&A&RSync Central settings");
    sheet.set_footer("&CPage &P of &N");
    Ok(())
}
