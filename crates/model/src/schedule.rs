//! The document's schedules (`schedules`): cron expressions that run options on their own.
//! Their rules and what a scheduler keeps (fire times, locks) live with the store.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How a scheduled run reads its source.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ScheduleMode {
    /// From the checkpoint (the default).
    #[default]
    Incremental,
    /// Everything, as `run --full`.
    Full,
}

/// One schedule: when (cron in a time zone) to run which options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
pub struct Schedule {
    /// A name for people and for the fire times kept in the workspace (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A cron expression: 5 fields (minute hour day month weekday), or 6 with seconds first.
    pub cron: String,
    /// The IANA time zone the expression is read in (default UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// The options it runs (by name; they run as a graph, parents first).
    pub options: Vec<String>,
    /// `incremental` (default) or `full`.
    #[serde(default)]
    pub mode: ScheduleMode,
    /// `false` turns the schedule off without removing it.
    #[serde(default = "yes")]
    pub active: bool,
    /// Fire times that passed while no scheduler ran make it run once when a scheduler
    /// next looks (not once per missed time); `false` (default): they are only reported.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub run_missed: bool,
}

fn yes() -> bool {
    true
}

impl Schedule {
    /// The key its fire times are kept under: its name, else its cron and options.
    pub fn key(&self) -> String {
        match &self.name {
            Some(n) => n.clone(),
            None => format!("{} {}", self.cron, self.options.join(",")),
        }
    }
}
