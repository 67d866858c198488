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

    /// Reads a sample file as the app does (`synccentral_api::editor::sample_file`): JSON as
    /// it is, CSV or XLSX (by the extension) as row objects, its text in `encoding` when one
    /// is named. A text not read as UTF-8 is said on stderr, so a wrong reading shows.
    pub fn sample(path: &Path, encoding: Option<&str>) -> Result<Loaded, Failure> {
        let name = path.display().to_string();
        let read = synccentral_api::editor::sample_file(&name, encoding).map_err(|e| {
            let hint = if e.code == synccentral_api::editor::editor_codes::ENCODING {
                " (--encoding LABEL)"
            } else {
                ""
            };
            Failure::Unusable(format!("{}: {}{hint}", e.code, e.message))
        })?;
        if let Some(used) = read.encoding.as_deref().filter(|e| *e != "UTF-8") {
            eprintln!("{name}: read as {used}");
        }
        Ok(Loaded {
            name,
            text: read.text,
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
