//! The desktop app's view of a workspace for tests that call the service layer as the app
//! does (`AppWorkspace`, signed in as admin): its own runtime, the sandbox org on loopback,
//! and a configuration document written once the test's servers are up.

use serde_json::Value;
use synccentral_api::workspace::AppWorkspace;
use synccentral_sandbox::Sandbox;

pub struct AppOrg {
    pub rt: tokio::runtime::Runtime,
    pub org: Sandbox,
    pub org_url: String,
    pub app: AppWorkspace,
    pub dir: tempfile::TempDir,
}

/// The sandbox org with the sample describes and an empty workspace beside it. The tests
/// of one binary share the process's key settings: one key file for all, named by `tag`.
pub fn start_app_org(tag: &str) -> AppOrg {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    static KEY: std::sync::Once = std::sync::Once::new();
    KEY.call_once(|| {
        let key = std::env::temp_dir().join(format!("sc-{tag}-{}.key", std::process::id()));
        std::env::set_var("SYNCCENTRAL_MASTER_KEY_FILE", key);
        std::env::set_var("SYNCCENTRAL_KEYCHAIN", "off");
    });
    let mut config = synccentral_sandbox::Config::new(dir.path().join("org"));
    config.schema_dir = Some(super::describes());
    let org = rt.block_on(Sandbox::start(config)).unwrap();
    let org_url = org.base_url().trim_end_matches('/').to_string();
    let app = AppWorkspace::at(dir.path().join("ws.db"));
    AppOrg {
        rt,
        org,
        org_url,
        app,
        dir,
    }
}

impl AppOrg {
    /// The `org` connection (the sandbox, password flow) as a document spells it.
    pub fn org_connection(&self, name: &str) -> Value {
        serde_json::json!({"name": name, "type": "salesforce", "loginUrl": self.org_url,
            "auth": {"flow": "password", "clientId": "sandbox", "clientSecret": "sandbox-secret",
                     "username": "admin@sandbox.local", "password": "sandbox"}})
    }

    /// Imports `doc` into the workspace and signs in as admin (the first password changed).
    pub fn configure(&self, doc: &Value) {
        synccentral_store::Workspace::open(self.app.path())
            .unwrap()
            .import_config(doc)
            .unwrap();
        synccentral_api::users::log_in(&self.app, "admin", "sync-central").unwrap();
        synccentral_api::users::change_password(&self.app, "sync-central", "a long admin password")
            .unwrap();
    }
}
