//! Reading the files a command names; a file that cannot be read is unusable input.

use crate::Failure;
use std::path::Path;
use synccentral_api::Document;

/// A file read as text, with the name errors should cite.
pub struct Loaded {
    pub name: String,
    pub text: String,
}

impl Loaded {
    /// Reads a UTF-8 text file.
    pub fn read(path: &Path) -> Result<Loaded, Failure> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Failure::Unusable(format!("cannot read {}: {e}", path.display())))?;
        Ok(Loaded {
            name: path.display().to_string(),
            text,
        })
    }

    /// Reads the file when a path is given.
    pub fn read_opt(path: Option<&Path>) -> Result<Option<Loaded>, Failure> {
        path.map(Loaded::read).transpose()
    }

    /// The file as an API document.
    pub fn doc(&self) -> Document<'_> {
        Document::new(&self.name, &self.text)
    }
}
