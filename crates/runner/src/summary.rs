//! The summary of a "run" command and its exit code:
//! `{"runs":[{"option","status","read","written","failed","skipped","durationMs","apiCalls"}]}`;
//! exit 0 when every record landed, 1 when some did not, 2 for configuration errors.

use crate::journal::{ApiCalls, RunStatus};
use crate::run::RunOutcome;
use serde::{Deserialize, Serialize};

/// Every record landed (skipped records count as landed: they were done before).
pub const EXIT_OK: i32 = 0;
/// Some records failed, or a run failed, stopped at the quota or was cancelled.
pub const EXIT_RECORDS_FAILED: i32 = 1;
/// The configuration is invalid (options, mappings, ordering); nothing ran.
pub const EXIT_CONFIG: i32 = 2;

/// One run's line of the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunLine {
    /// The option's name.
    pub option: String,
    /// How the run ended.
    pub status: RunStatus,
    /// Records read.
    pub read: u64,
    /// Records that landed.
    pub written: u64,
    /// Records that failed.
    pub failed: u64,
    /// Records skipped as already done.
    pub skipped: u64,
    /// How long the run took.
    pub duration_ms: u64,
    /// What went wrong around the run without failing it (a notification not sent).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// The API requests the run cost its org, when it talked to one that said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_calls: Option<ApiCalls>,
}

/// The runs of one command, in the order they ran.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RunSummary {
    /// One line per run.
    pub runs: Vec<RunLine>,
}

impl From<&RunOutcome> for RunLine {
    fn from(o: &RunOutcome) -> RunLine {
        RunLine {
            option: o.option.clone(),
            status: o.status,
            read: o.counts.read,
            written: o.counts.written,
            failed: o.counts.failed,
            skipped: o.counts.skipped,
            duration_ms: o.duration_ms,
            warnings: o.warnings.clone(),
            api_calls: o.api_calls,
        }
    }
}

impl RunSummary {
    /// Adds a run's line.
    pub fn push(&mut self, outcome: &RunOutcome) {
        self.runs.push(outcome.into());
    }

    /// 0 when every run succeeded without a failed record, else 1. (Configuration errors,
    /// found before anything runs, are [`EXIT_CONFIG`].)
    pub fn exit_code(&self) -> i32 {
        let all_landed = self
            .runs
            .iter()
            .all(|r| r.status == RunStatus::Succeeded && r.failed == 0);
        if all_landed {
            EXIT_OK
        } else {
            EXIT_RECORDS_FAILED
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(status: RunStatus, failed: u64) -> RunLine {
        RunLine {
            option: "contacts".into(),
            status,
            read: 3,
            written: 3 - failed,
            failed,
            skipped: 0,
            duration_ms: 12,
            warnings: Vec::new(),
            api_calls: None,
        }
    }

    #[test]
    fn the_summary_has_the_documented_shape() {
        let s = RunSummary {
            runs: vec![line(RunStatus::StoppedQuota, 1)],
        };
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"runs":[{"option":"contacts","status":"stopped-quota","read":3,"written":2,"failed":1,"skipped":0,"durationMs":12}]}"#
        );
        let mut with_calls = line(RunStatus::Succeeded, 0);
        with_calls.api_calls = ApiCalls::between(Some((10, 15000)), Some((13, 15000)));
        assert!(serde_json::to_string(&with_calls).unwrap().ends_with(
            r#""durationMs":12,"apiCalls":{"made":3,"before":10,"after":13,"limit":15000}}"#
        ));
    }

    #[test]
    fn exit_code_is_0_only_when_every_record_landed() {
        let ok = RunSummary {
            runs: vec![line(RunStatus::Succeeded, 0)],
        };
        assert_eq!(ok.exit_code(), EXIT_OK);
        let some_failed = RunSummary {
            runs: vec![line(RunStatus::Succeeded, 0), line(RunStatus::Succeeded, 1)],
        };
        assert_eq!(some_failed.exit_code(), EXIT_RECORDS_FAILED);
        for status in [
            RunStatus::Failed,
            RunStatus::Cancelled,
            RunStatus::StoppedQuota,
        ] {
            assert_eq!(
                RunSummary {
                    runs: vec![line(status, 0)]
                }
                .exit_code(),
                EXIT_RECORDS_FAILED
            );
        }
        assert_eq!(RunSummary::default().exit_code(), EXIT_OK);
    }
}
