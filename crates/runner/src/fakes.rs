//! In-memory stand-ins for the connectors, for the pipelines' tests: a page source, a fake
//! org that keeps its records and can refuse records, fail whole calls and report usage, a
//! SOQL source, a sink, and a fixed clock.

use crate::connect::{
    Clock, PageSource, RecordSink, SalesforceTarget, SendOutcome, SinkError, SoqlSource,
    SourceError, TargetError, WriteOp, WriteOutcome,
};
use serde_json::{Map, Value};
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

/// Pages handed out one at a time; an `Err` entry fails that read. After them, the pages
/// of records listed as deleted (an API's `deletions` endpoint).
pub struct Pages {
    pub pages: VecDeque<Result<Vec<Value>, SourceError>>,
    /// How many pages were asked for.
    pub reads: usize,
    /// The deletions endpoint's pages.
    pub deletions: VecDeque<Result<Vec<Value>, SourceError>>,
    /// How many deletion pages were asked for, seen from outside the run.
    pub deletion_reads: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl Pages {
    /// `records` cut into pages of `size`.
    pub fn of(records: &[Value], size: usize) -> Pages {
        Pages {
            pages: records.chunks(size).map(|c| Ok(c.to_vec())).collect(),
            reads: 0,
            deletions: VecDeque::new(),
            deletion_reads: Default::default(),
        }
    }

    /// `deleted` (records listed as deleted) in pages of `size` after the records.
    pub fn with_deletions(mut self, deleted: &[Value], size: usize) -> Pages {
        self.deletions = deleted.chunks(size).map(|c| Ok(c.to_vec())).collect();
        self
    }

    /// Adds a failing read after the pages so far.
    pub fn then_fail(mut self, message: &str) -> Pages {
        self.pages.push_back(Err(SourceError::new(message)));
        self
    }
}

impl PageSource for Pages {
    async fn next_page(&mut self) -> Result<Option<Vec<Value>>, SourceError> {
        self.reads += 1;
        self.pages.pop_front().transpose()
    }

    async fn next_deletions(&mut self) -> Result<Option<Vec<Value>>, SourceError> {
        self.deletion_reads
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.deletions.pop_front().transpose()
    }
}

/// What a write call does besides its normal work.
#[derive(Debug, Clone)]
pub enum CallFault {
    /// The call fails and nothing is written.
    Fail(String),
    /// The records are written but the answer is lost (a timeout, a crash after sending).
    LandThenFail(String),
    /// The records are written and the call never returns: the process dies mid-call (the
    /// test drops the run's future).
    LandThenHang,
}

/// A stored record of the fake org.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub object: String,
    pub id: String,
    pub fields: Map<String, Value>,
}

#[derive(Default)]
pub struct OrgState {
    pub records: Vec<Stored>,
    next_id: u64,
    /// Write calls, as (operation, number of records).
    pub calls: Vec<(WriteOp, usize)>,
    /// Lookup calls, as the keys asked for.
    pub lookups: Vec<Vec<String>>,
    /// Current-values reads, as (keys asked for, fields asked for).
    pub reads: Vec<(usize, Vec<String>)>,
    /// Records one read covers (0: one batch).
    pub read_ahead: usize,
    /// Faults by write call number (1-based).
    faults: HashMap<usize, CallFault>,
    /// Records refused: (field, value) → (code, message).
    refuse: Vec<(String, Value, String, String)>,
    /// (used, max): `used` grows by one per write call.
    usage: Option<(u64, u64)>,
}

/// A Salesforce org in memory.
#[derive(Default)]
pub struct FakeOrg {
    pub state: Mutex<OrgState>,
}

impl FakeOrg {
    pub fn new() -> FakeOrg {
        FakeOrg::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, OrgState> {
        self.state.lock().unwrap()
    }

    /// Refuses, per record, any record whose `field` holds `value`.
    pub fn refuse(&self, field: &str, value: Value, code: &str, message: &str) -> &FakeOrg {
        self.lock()
            .refuse
            .push((field.into(), value, code.into(), message.into()));
        self
    }

    /// Makes write call number `call` (1-based) fail this way.
    pub fn fault(&self, call: usize, fault: CallFault) -> &FakeOrg {
        self.lock().faults.insert(call, fault);
        self
    }

    pub fn set_usage(&self, used: u64, max: u64) {
        self.lock().usage = Some((used, max));
    }

    /// A record already in the org.
    pub fn seed(&self, object: &str, fields: Value) -> String {
        let mut s = self.lock();
        let id = new_id(&mut s);
        s.records.push(Stored {
            object: object.into(),
            id: id.clone(),
            fields: fields.as_object().cloned().unwrap_or_default(),
        });
        id
    }

    /// The stored records of `object`.
    pub fn records(&self, object: &str) -> Vec<Stored> {
        self.lock()
            .records
            .iter()
            .filter(|r| r.object == object)
            .cloned()
            .collect()
    }

    /// How many records of `object` have `field` = `value`.
    pub fn count_where(&self, object: &str, field: &str, value: &str) -> usize {
        self.records(object)
            .iter()
            .filter(|r| r.fields.get(field).and_then(Value::as_str) == Some(value))
            .count()
    }

    pub fn calls(&self) -> Vec<(WriteOp, usize)> {
        self.lock().calls.clone()
    }
}

fn new_id(s: &mut OrgState) -> String {
    s.next_id += 1;
    format!("003{:015}", s.next_id)
}

fn field<'a>(m: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    m.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

impl FakeOrg {
    /// The write's work, done at once; `true`: the call then never returns.
    fn write_now(
        &self,
        op: WriteOp,
        object: &str,
        external_id: Option<&str>,
        records: Vec<Value>,
    ) -> (Result<Vec<WriteOutcome>, TargetError>, bool) {
        let mut s = self.lock();
        s.calls.push((op, records.len()));
        if let Some((used, _)) = &mut s.usage {
            *used += 1;
        }
        let call = s.calls.len();
        let fault = s.faults.remove(&call);
        if let Some(CallFault::Fail(message)) = &fault {
            let e = TargetError {
                code: Some("SERVER_UNAVAILABLE".into()),
                message: message.clone(),
            };
            return (Err(e), false);
        }
        let mut out = Vec::new();
        for record in records {
            let fields = record.as_object().cloned().unwrap_or_default();
            if let Some((_, _, code, message)) = s
                .refuse
                .iter()
                .find(|(f, v, _, _)| field(&fields, f) == Some(v))
            {
                out.push(WriteOutcome::Error {
                    code: code.clone(),
                    message: message.clone(),
                    fields: Vec::new(),
                });
                continue;
            }
            let find = |s: &OrgState, name: &str, value: &Value| {
                s.records
                    .iter()
                    .position(|r| r.object == object && field(&r.fields, name) == Some(value))
            };
            let at = match op {
                WriteOp::Insert => None,
                WriteOp::Upsert => {
                    let ext = external_id.expect("upserts name their external ID");
                    field(&fields, ext).and_then(|v| find(&s, ext, v))
                }
                WriteOp::Update | WriteOp::Delete => {
                    let id = field(&fields, "Id").cloned().unwrap_or(Value::Null);
                    match s
                        .records
                        .iter()
                        .position(|r| r.object == object && Value::String(r.id.clone()) == id)
                    {
                        Some(at) => Some(at),
                        None => {
                            out.push(WriteOutcome::Error {
                                code: "ENTITY_IS_DELETED".into(),
                                message: "entity is deleted".into(),
                                fields: Vec::new(),
                            });
                            continue;
                        }
                    }
                }
            };
            match (op, at) {
                (WriteOp::Delete, Some(at)) => {
                    let gone = s.records.remove(at);
                    out.push(WriteOutcome::Success {
                        id: gone.id,
                        created: false,
                    });
                }
                (_, Some(at)) => {
                    let r = &mut s.records[at];
                    for (k, v) in fields {
                        if k != "Id" {
                            r.fields.insert(k, v);
                        }
                    }
                    out.push(WriteOutcome::Success {
                        id: r.id.clone(),
                        created: false,
                    });
                }
                (_, None) => {
                    let id = new_id(&mut s);
                    s.records.push(Stored {
                        object: object.into(),
                        id: id.clone(),
                        fields,
                    });
                    out.push(WriteOutcome::Success { id, created: true });
                }
            }
        }
        match fault {
            Some(CallFault::LandThenFail(message)) => (Err(TargetError::new(message)), false),
            Some(CallFault::LandThenHang) => (Ok(out), true),
            _ => (Ok(out), false),
        }
    }
}

impl SalesforceTarget for FakeOrg {
    async fn write(
        &self,
        op: WriteOp,
        object: &str,
        external_id: Option<&str>,
        records: Vec<Value>,
    ) -> Result<Vec<WriteOutcome>, TargetError> {
        let (answer, hang) = self.write_now(op, object, external_id, records);
        if hang {
            std::future::pending::<()>().await;
        }
        answer
    }

    async fn lookup_ids(
        &self,
        object: &str,
        external_id: &str,
        keys: &[String],
    ) -> Result<HashMap<String, String>, TargetError> {
        let mut s = self.lock();
        s.lookups.push(keys.to_vec());
        Ok(s.records
            .iter()
            .filter(|r| r.object == object)
            .filter_map(|r| {
                let v = field(&r.fields, external_id).and_then(crate::window::value_text)?;
                keys.contains(&v).then(|| (v, r.id.clone()))
            })
            .collect())
    }

    async fn hard_delete(
        &self,
        object: &str,
        ids: Vec<String>,
    ) -> Result<Vec<WriteOutcome>, TargetError> {
        let records = ids
            .into_iter()
            .map(|id| serde_json::json!({"Id": id}))
            .collect();
        self.write_now(WriteOp::Delete, object, None, records).0
    }

    async fn match_records(
        &self,
        object: &str,
        fields: &[String],
        tuples: &[Vec<String>],
        read: &[String],
    ) -> Result<HashMap<String, Vec<Map<String, Value>>>, TargetError> {
        let mut s = self.lock();
        s.reads.push((tuples.len(), read.to_vec()));
        let wanted: std::collections::HashSet<String> = tuples
            .iter()
            .map(|t| crate::connect::match_key(t))
            .collect();
        let mut out: HashMap<String, Vec<Map<String, Value>>> = HashMap::new();
        for r in s.records.iter().filter(|r| r.object == object) {
            let values: Option<Vec<String>> = fields
                .iter()
                .map(|f| field(&r.fields, f).and_then(crate::window::value_text))
                .collect();
            let Some(key) = values.map(|v| crate::connect::match_key(&v)) else {
                continue;
            };
            if wanted.contains(&key) {
                let mut m = Map::new();
                m.insert("Id".into(), Value::String(r.id.clone()));
                for f in read {
                    m.insert(
                        f.clone(),
                        field(&r.fields, f).cloned().unwrap_or(Value::Null),
                    );
                }
                out.entry(key).or_default().push(m);
            }
        }
        Ok(out)
    }

    async fn current_values(
        &self,
        object: &str,
        by: &str,
        keys: &[String],
        fields: &[String],
    ) -> Result<HashMap<String, Map<String, Value>>, TargetError> {
        let mut s = self.lock();
        s.reads.push((keys.len(), fields.to_vec()));
        Ok(s.records
            .iter()
            .filter(|r| r.object == object)
            .filter_map(|r| {
                let v = if by.eq_ignore_ascii_case("Id") {
                    Some(r.id.clone())
                } else {
                    field(&r.fields, by).and_then(crate::window::value_text)
                }?;
                keys.contains(&v).then(|| {
                    let mut m = Map::new();
                    m.insert("Id".into(), Value::String(r.id.clone()));
                    for f in fields {
                        m.insert(
                            f.clone(),
                            field(&r.fields, f).cloned().unwrap_or(Value::Null),
                        );
                    }
                    (v, m)
                })
            })
            .collect())
    }

    fn read_ahead(&self, batch: usize) -> usize {
        match self.lock().read_ahead {
            0 => batch,
            n => n,
        }
    }

    fn api_usage(&self) -> Option<(u64, u64)> {
        self.lock().usage
    }
}

/// A clock that always says the same instant.
pub struct FixedClock(pub jiff::Timestamp);

impl Clock for FixedClock {
    fn now(&self) -> jiff::Timestamp {
        self.0
    }
}

/// A SOQL source that answers every query with the same records, and remembers the queries.
pub struct FakeSoql {
    pub records: Vec<Value>,
    pub page_size: usize,
    pub queries: Mutex<Vec<String>>,
    pub usage: Option<(u64, u64)>,
}

impl FakeSoql {
    pub fn new(records: Vec<Value>, page_size: usize) -> FakeSoql {
        FakeSoql {
            records,
            page_size,
            queries: Mutex::new(Vec::new()),
            usage: None,
        }
    }
}

impl SoqlSource for FakeSoql {
    type Pages = Pages;
    async fn query(&self, soql: &crate::export::Soql) -> Result<Pages, SourceError> {
        self.queries.lock().unwrap().push(soql.text.clone());
        Ok(Pages::of(&self.records, self.page_size))
    }

    fn api_usage(&self) -> Option<(u64, u64)> {
        self.usage
    }
}

/// A sink that keeps what it accepts and refuses records by a field value.
#[derive(Default)]
pub struct FakeSink {
    pub sent: Mutex<Vec<Value>>,
    /// (field, value, status, body) of refused records.
    pub refuse: Vec<(String, Value, u16, String)>,
    pub fail_all: Option<String>,
}

impl RecordSink for FakeSink {
    async fn send(&self, records: Vec<Value>) -> Result<Vec<SendOutcome>, SinkError> {
        if let Some(m) = &self.fail_all {
            return Err(SinkError::new(m.clone()));
        }
        let mut sent = self.sent.lock().unwrap();
        Ok(records
            .into_iter()
            .map(
                |r| match self.refuse.iter().find(|(f, v, _, _)| r.get(f) == Some(v)) {
                    Some((_, _, status, body)) => SendOutcome {
                        ok: false,
                        status: Some(*status),
                        body: Some(body.clone()),
                        id: None,
                    },
                    None => {
                        sent.push(r);
                        SendOutcome {
                            ok: true,
                            status: Some(201),
                            body: None,
                            id: Some(format!("api-{}", sent.len())),
                        }
                    }
                },
            )
            .collect())
    }
}
