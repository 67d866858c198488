//! Settings for people: the workspace's configuration as an Excel workbook to read, print
//! and edit (an overview of the options, one sheet per option with its mapping, the
//! connections scrubbed, schedules and remote sites), the edited workbook read back into a
//! configuration, and exports for support with every secret scrubbed and, on request, the
//! sample values of the mappings' test cases replaced by mock values of the same shape.
//!
//! - [`write_workbook`] (rust_xlsxwriter) and [`read_workbook`] (calamine) — `write.rs`,
//!   `read.rs`, the readable cell forms in `cells.rs`;
//! - [`scrub`] and [`mock`] — `scrub.rs`, `mock.rs`.
//!
//! No I/O: workbooks are bytes in and out.

mod cells;
pub mod mock;
mod read;
pub mod scrub;
mod write;

pub use read::read_workbook;
pub use scrub::{scrub, ScrubOptions};
pub use write::write_workbook;

/// One problem in an edited workbook, at its sheet and cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellIssue {
    /// The sheet's name.
    pub sheet: String,
    /// The cell in A1 form (`E4`).
    pub cell: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for CellIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}!{}: {}", self.sheet, self.cell, self.message)
    }
}

/// Why a workbook could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum WorkbookError {
    /// The writer failed.
    #[error("cannot write the workbook: {0}")]
    Write(#[from] rust_xlsxwriter::XlsxError),
    /// The bytes are not a workbook this build can read.
    #[error("not a readable Excel workbook: {0}")]
    Read(String),
    /// A sheet the workbook needs is missing.
    #[error("the workbook has no sheet \"{0}\": export the settings again and edit that file")]
    MissingSheet(String),
    /// Cells hold values that cannot be taken back (all of them, each at its cell).
    #[error("{} problem{} in the workbook:{}", .0.len(), if .0.len() == 1 { "" } else { "s" }, .0.iter().map(|i| format!("\n  {i}")).collect::<String>())]
    Cells(Vec<CellIssue>),
}

/// A cell's A1 name from zero-based row and column.
pub(crate) fn a1(row: u32, col: u16) -> String {
    let mut name = String::new();
    let mut c = col as u32 + 1;
    while c > 0 {
        let r = (c - 1) % 26;
        name.insert(0, (b'A' + r as u8) as char);
        c = (c - 1) / 26;
    }
    format!("{name}{}", row + 1)
}
