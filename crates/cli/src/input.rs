//! Reading the files a command names; a file that cannot be read is unusable input.

use crate::Failure;
use std::path::Path;

/// Reads a UTF-8 text file.
pub fn read(path: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(path)
        .map_err(|e| Failure::Unusable(format!("cannot read {}: {e}", path.display())))
}

/// The file's path as errors should name it.
pub fn name(path: &Path) -> String {
    path.display().to_string()
}
