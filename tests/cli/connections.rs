//! `synccentral connections test` against the sandbox org and the sample API, and
//! `connections login` of a web-flow connection driven by an HTTP client that follows the
//! authorize redirect as a browser would.

use serde_json::json;
use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};
use synccentral_httpapi::sample_api::{SampleApi, SampleConfig};

struct Env {
    rt: tokio::runtime::Runtime,
    _org: synccentral_sandbox::Sandbox,
    _api: SampleApi,
    org_url: String,
    api_url: String,
    dir: tempfile::TempDir,
    redirect_port: u16,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start() -> Env {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let org = rt
        .block_on(synccentral_sandbox::Sandbox::start(
            synccentral_sandbox::Config::new(dir.path().join("org")),
        ))
        .unwrap();
    let api = rt
        .block_on(SampleApi::start(SampleConfig {
            records: 5,
            ..SampleConfig::default()
        }))
        .unwrap();
    let env = Env {
        org_url: org.base_url().trim_end_matches('/').to_string(),
        api_url: api.base_url().trim_end_matches('/').to_string(),
        rt,
        _org: org,
        _api: api,
        dir,
        redirect_port: free_port(),
    };
    let doc = json!({
        "format": "sync-central/1",
        "connections": [
            {"name": "org", "type": "salesforce", "loginUrl": env.org_url,
             "auth": {"flow": "password", "clientId": "sandbox", "clientSecret": "sandbox-secret",
                      "username": "admin@sandbox.local", "password": "sandbox"}},
            {"name": "wrong", "type": "salesforce", "loginUrl": env.org_url,
             "auth": {"flow": "password", "clientId": "sandbox", "clientSecret": "sandbox-secret",
                      "username": "admin@sandbox.local", "password": "not-it"}},
            {"name": "browser", "type": "salesforce", "loginUrl": env.org_url,
             "auth": {"flow": "web", "clientId": "sandbox", "clientSecret": "sandbox-secret",
                      "redirectPort": env.redirect_port}},
            {"name": "api", "type": "http", "baseUrl": env.api_url},
            {"name": "prod", "type": "salesforce", "loginUrl": "https://login.salesforce.com",
             "auth": {"flow": "password", "clientId": "ck", "clientSecret": "cs",
                      "username": "admin@example.com", "password": "pw"}}
        ],
        "remoteSites": [env.org_url, env.api_url, "https://login.salesforce.com"],
        "options": []
    });
    let path = env.dir.path().join("config.json");
    std::fs::write(&path, doc.to_string()).unwrap();
    let o = env.sc(&["config", "import", path.to_str().unwrap(), "--apply"]);
    assert!(o.status.success(), "{}", super::stderr(&o));
    env
}

impl Env {
    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_synccentral"));
        c.args(args)
            .env("SYNCCENTRAL_WORKSPACE", self.dir.path().join("ws.db"))
            .env(
                "SYNCCENTRAL_MASTER_KEY_FILE",
                self.dir.path().join("master.key"),
            )
            .env("SYNCCENTRAL_KEYCHAIN", "off");
        c
    }

    fn sc(&self, args: &[&str]) -> Output {
        self.cmd(args).output().expect("synccentral runs")
    }
}

#[test]
fn connections_test_logs_in_to_the_org_and_calls_the_api() {
    let env = start();
    let o = env.sc(&["connections", "test", "org"]);
    let out = super::stdout(&o);
    assert!(o.status.success(), "{}", super::stderr(&o));
    assert!(out.contains("org: logged in to"), "{out}");
    assert!(out.contains("00D"), "the org's Id: {out}");
    assert!(out.contains("API requests today"), "{out}");

    let o = env.sc(&[
        "connections",
        "test",
        "api",
        "--path",
        "/v1/invoices",
        "--records-path",
        "$.invoices",
    ]);
    let out = super::stdout(&o);
    assert!(o.status.success(), "{}", super::stderr(&o));
    assert!(out.contains("answered 5 records"), "{out}");
    assert!(out.contains("INV-000001"), "{out}");

    let o = env.sc(&["connections", "test", "wrong"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        super::stderr(&o).contains("login to wrong failed"),
        "{}",
        super::stderr(&o)
    );
    let o = env.sc(&["connections", "test", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(super::stderr(&o).contains("no connection named \"nope\""));
    // A web connection that never logged in says how to.
    let o = env.sc(&["connections", "test", "browser"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        super::stderr(&o).contains("no refresh token"),
        "{}",
        super::stderr(&o)
    );
}

#[test]
fn connections_login_follows_the_browser_redirect_and_stores_the_refresh_token() {
    let env = start();
    let mut child = env
        .cmd(&[
            "connections",
            "login",
            "browser",
            "--no-browser",
            "--timeout",
            "60",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut url = None;
    for line in BufReader::new(stderr).lines() {
        let line = line.unwrap();
        if line.starts_with("http") {
            url = Some(line);
            break;
        }
    }
    let url = url.expect("the login URL on stderr");
    assert!(url.contains("code_challenge="), "{url}");
    // The "browser": follows the authorize redirect back to the CLI's loopback listener.
    let loopback = format!("http://localhost:{}", env.redirect_port);
    let page = env.rt.block_on(async {
        use synccentral_net::{reqwest::Method, Egress, EgressConfig, RemoteSites};
        let egress = Egress::new(EgressConfig::new(
            RemoteSites::parse(&[env.org_url.as_str(), loopback.as_str()]).unwrap(),
        ))
        .unwrap();
        let request = egress
            .request(Method::GET, url::Url::parse(&url).unwrap())
            .build()
            .unwrap();
        let response = egress.send(request).await.unwrap();
        (response.status(), response.text().await.unwrap())
    });
    assert!(page.0.is_success(), "{page:?}");
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    assert!(super::stdout(&o).contains("refresh token is stored"));

    // The stored refresh token logs in from now on.
    let o = env.sc(&["connections", "test", "browser"]);
    assert!(o.status.success(), "{}", super::stderr(&o));
    assert!(super::stdout(&o).contains("browser: logged in to"));
    let o = env.sc(&["config", "show"]);
    assert!(
        super::stdout(&o).contains("\"refreshToken\": \"***\""),
        "{}",
        super::stdout(&o)
    );
}

#[test]
fn sample_fetch_proposes_records_and_paging_and_describe_lists_the_org() {
    let env = start();
    let o = env.sc(&[
        "sample",
        "fetch",
        "--connection",
        "api",
        "--path",
        "/v1/payments",
        "--param",
        "page_size=2",
        "--pages",
        "3",
        "--json",
    ]);
    assert!(o.status.success(), "{}", super::stderr(&o));
    let out = super::json(&o);
    assert_eq!(out["status"], 200);
    assert!(
        out["url"]
            .as_str()
            .unwrap()
            .ends_with("/v1/payments?page_size=2"),
        "{out}"
    );
    assert_eq!(out["recordsPath"], "$.items");
    // Exactly as the configuration document writes it.
    assert_eq!(
        out["paging"],
        json!({"type": "nextUrl", "path": "$.links.next"})
    );
    let pages: Vec<u64> = out["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["records"].as_u64().unwrap())
        .collect();
    assert_eq!(pages, [2, 2, 1]);
    assert!(
        out["pages"][1]["url"]
            .as_str()
            .unwrap()
            .contains("offset=2"),
        "{out}"
    );
    assert!(
        out["fields"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["path"] == "payment_id"),
        "{out}"
    );

    // The text form says the same, and a bad parameter is unusable input.
    let o = env.sc(&[
        "sample",
        "fetch",
        "--connection",
        "api",
        "--path",
        "/v1/invoices",
        "--param",
        "page_size=2",
    ]);
    let out = super::stdout(&o);
    assert!(o.status.success(), "{}", super::stderr(&o));
    assert!(out.contains("records: $.invoices"), "{out}");
    assert!(out.contains("\"nextUrl\""), "{out}");
    let o = env.sc(&[
        "sample",
        "fetch",
        "--connection",
        "api",
        "--path",
        "/",
        "--param",
        "x",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        super::stderr(&o).contains("name=value"),
        "{}",
        super::stderr(&o)
    );

    let o = env.sc(&["describe", "--connection", "org", "--json"]);
    assert!(o.status.success(), "{}", super::stderr(&o));
    let objects = super::json(&o);
    assert!(
        objects
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["name"] == "Account" && o["createable"] == true),
        "{objects}"
    );
    let o = env.sc(&["describe", "--connection", "org", "--object", "Account"]);
    let out = super::stdout(&o);
    assert!(o.status.success(), "{}", super::stderr(&o));
    assert!(out.starts_with("Account ("), "{out}");
    assert!(out.contains("  Name\tstring"), "{out}");
    let o = env.sc(&["describe", "--connection", "api"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        super::stderr(&o).contains("INVALID_REQUEST"),
        "{}",
        super::stderr(&o)
    );
}

#[test]
fn a_run_says_when_the_password_login_of_a_real_org_ends_and_what_to_use() {
    let env = start();
    let o = env.sc(&["run", "--all"]);
    let err = super::stderr(&o);
    // The production org is named; the local sandbox org keeps the flow and is not.
    assert!(
        err.contains("prod: Salesforce ends the username-password login on 2027-02-20"),
        "{err}"
    );
    assert!(err.contains("JWT or client credentials"), "{err}");
    assert!(!err.contains("org: Salesforce ends"), "{err}");
    assert!(!err.contains("wrong: Salesforce ends"), "{err}");
}
