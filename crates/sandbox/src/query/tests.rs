//! The indexed query path against the reference (every record read and judged): the same
//! answers for a table of queries and for generated ones, over records built to trip folding
//! (letter case, Unicode case, numbers in text fields, nulls, deleted rows, 15-character IDs);
//! what each reads; a bare COUNT() after any sequence of writes; and an old data file gaining
//! its indexes and record counts.

use super::*;
use proptest::prelude::*;
use serde_json::json;

struct Org {
    _dir: tempfile::TempDir,
    conn: Connection,
    schema: Schema,
}

fn org() -> Org {
    let dir = tempfile::tempdir().unwrap();
    let schema = Schema::load(None).unwrap();
    let mut conn = store::open(&dir.path().join("sandbox.db")).unwrap();
    keys::sync(&mut conn, &schema).unwrap();
    Org {
        _dir: dir,
        conn,
        schema,
    }
}

fn account_id(n: u64) -> String {
    ids::make_id(ids::LEGACY_STEM, "001", n)
}

fn contact_id(n: u64) -> String {
    ids::make_id(ids::LEGACY_STEM, "003", n)
}

/// Values chosen to catch a fold that differs from the evaluator's: ASCII and Unicode case
/// (the Kelvin sign lower-cases to `k`), numbers and booleans stored in text fields, nulls.
fn value(i: usize) -> Value {
    const TEXTS: [&str; 8] = ["a-1", "A-1", "b-2", "k", "\u{212A}", "É", "é", ""];
    match i % 11 {
        8 => Value::Null,
        9 => json!(5),
        10 => json!(true),
        n => json!(TEXTS[n]),
    }
}

/// `accounts` accounts and one contact per entry of `contacts`: (Contact_Id__c, Email,
/// LastName, account number or none, deleted).
fn fill(org: &Org, accounts: u64, contacts: &[(usize, usize, usize, Option<u64>, bool)]) {
    for n in 1..=accounts {
        let fields = json!({
            "Id": account_id(n),
            "Name": value(n as usize),
            "External_Id__c": format!("ACC-{n}"),
        });
        store::insert(
            &org.conn,
            &account_id(n),
            "Account",
            fields.as_object().unwrap(),
        )
        .unwrap();
    }
    for (i, (ext, email, last, account, deleted)) in contacts.iter().enumerate() {
        let id = contact_id(i as u64 + 1);
        let mut fields = json!({
            "Id": id,
            "IsDeleted": deleted,
            "Contact_Id__c": value(*ext),
            "Email": value(*email),
            "LastName": value(*last),
            "AccountId": account.map(account_id),
        });
        if i % 4 == 0 {
            // A field name stored in another letter case than the describe's.
            let v = fields["LastName"].take();
            fields.as_object_mut().unwrap().remove("LastName");
            fields["lastname"] = v;
        }
        store::insert(&org.conn, &id, "Contact", fields.as_object().unwrap()).unwrap();
        if *deleted {
            let mut r = store::get(&org.conn, &id).unwrap().unwrap();
            r.deleted = true;
            store::save(&org.conn, &r).unwrap();
        }
    }
}

/// (answer or error code, records of the object read).
fn run(
    org: &Org,
    soql: &str,
    all: bool,
    use_indexes: bool,
) -> (Result<QueryResult, String>, usize) {
    let ctx = Context {
        now: "2026-06-01T12:00:00Z".parse().unwrap(),
        time_zone: jiff::tz::TimeZone::UTC,
        api_version: "62.0".into(),
        include_deleted: all,
    };
    let parsed = match synccentral_soql::parse(soql) {
        Ok(p) => p,
        Err(e) => return (Err(e.code.as_str().to_string()), 0),
    };
    let checked = match synccentral_soql::check(&parsed, &org.schema) {
        Ok(c) => c,
        Err(e) => return (Err(e.code.as_str().to_string()), 0),
    };
    match answer(&org.conn, &org.schema, &parsed, &checked, &ctx, use_indexes) {
        Ok((result, read)) => (Ok(result), read),
        Err(e) => (Err(e.code.as_str().to_string()), 0),
    }
}

/// Runs `soql` (query and queryAll) both ways; the answers must be the same. Returns the
/// indexed answer (query) and what it read.
fn same_both_ways(org: &Org, soql: &str) -> (Result<QueryResult, String>, usize) {
    for all in [true, false] {
        let (indexed, _) = run(org, soql, all, true);
        let (reference, _) = run(org, soql, all, false);
        assert_eq!(indexed, reference, "{soql} (queryAll: {all})");
    }
    run(org, soql, false, true)
}

fn rows(r: &Result<QueryResult, String>) -> usize {
    match r {
        Ok(QueryResult::Rows(rows)) => rows.len(),
        Ok(QueryResult::Count(n)) => *n,
        Err(e) => panic!("query failed: {e}"),
    }
}

fn contacts(n: usize) -> Vec<(usize, usize, usize, Option<u64>, bool)> {
    (0..n)
        .map(|i| {
            (
                i,
                i * 7 + 3,
                i * 5 + 1,
                (i % 3 != 0).then_some(i as u64 % 4 + 1),
                i % 9 == 4,
            )
        })
        .collect()
}

#[test]
fn a_table_of_queries_answers_the_same_with_and_without_the_indexes() {
    let org = org();
    fill(&org, 5, &contacts(60));
    let c1 = contact_id(1);
    let c2 = contact_id(2);
    let c5 = contact_id(5);
    let a2 = account_id(2);
    let queries = [
        format!("SELECT Id, LastName FROM Contact WHERE Id = '{c1}'"),
        format!("SELECT Id FROM Contact WHERE Id = '{}'", &c2[..15]),
        format!("SELECT Id FROM Contact WHERE Id = '{}'", c2.to_lowercase()),
        format!("SELECT Id FROM Contact WHERE Id = '{}'", c2.to_uppercase()),
        format!("SELECT Id FROM Contact WHERE Id IN ('{c1}', '{}', '{a2}')", &c5[..15]),
        format!("SELECT Id FROM Contact WHERE Id != '{c1}'"),
        format!("SELECT Id FROM Contact WHERE Id NOT IN ('{c1}', '{c2}')"),
        "SELECT Id FROM Contact WHERE Contact_Id__c = 'a-1'".into(),
        "SELECT Id FROM Contact WHERE Contact_Id__c = 'K'".into(),
        "SELECT Id FROM Contact WHERE Contact_Id__c = 'é'".into(),
        "SELECT Id FROM Contact WHERE Contact_Id__c = '5'".into(),
        "SELECT Id FROM Contact WHERE Contact_Id__c = 'TRUE'".into(),
        "SELECT Id FROM Contact WHERE Contact_Id__c = ''".into(),
        "SELECT Id FROM Contact WHERE Contact_Id__c = null".into(),
        "SELECT Id FROM Contact WHERE Contact_Id__c != null".into(),
        "SELECT Id FROM Contact WHERE Contact_Id__c IN ('A-1', 'B-2', 'nope')".into(),
        "SELECT Id FROM Contact WHERE Contact_Id__c IN ('a-1', null)".into(),
        "SELECT Id FROM Contact WHERE Contact_Id__c NOT IN ('a-1', 'b-2')".into(),
        "SELECT Id FROM Contact WHERE NOT Contact_Id__c = 'a-1'".into(),
        "SELECT Id FROM Contact WHERE Contact_Id__c = 'a-1' AND Email = 'b-2'".into(),
        "SELECT Id FROM Contact WHERE Contact_Id__c = 'a-1' AND LastName LIKE 'B%'".into(),
        "SELECT Id FROM Contact WHERE Contact_Id__c = 'a-1' OR Email = 'É'".into(),
        "SELECT Id FROM Contact WHERE Contact_Id__c = 'a-1' OR LastName LIKE '%2'".into(),
        "SELECT Id FROM Contact WHERE (Contact_Id__c = 'a-1' OR Contact_Id__c = 'k') AND NOT Email = 'k'".into(),
        "SELECT Id FROM Contact WHERE LastName = 'a-1'".into(),
        "SELECT Id FROM Contact WHERE LastName IN ('K', '5', 'true')".into(),
        "SELECT Id FROM Contact WHERE LastName LIKE '%-%'".into(),
        format!("SELECT Id FROM Contact WHERE AccountId = '{a2}'"),
        format!("SELECT Id FROM Contact WHERE AccountId = '{}'", &a2[..15]),
        "SELECT Id FROM Contact WHERE AccountId = ''".into(),
        "SELECT Id, Account.Name FROM Contact WHERE Account.Name = 'a-1'".into(),
        "SELECT Id, Account.External_Id__c FROM Contact WHERE Account.External_Id__c IN ('ACC-1', 'acc-3')".into(),
        "SELECT Id FROM Account WHERE External_Id__c = 'acc-2'".into(),
        "SELECT Id FROM Account WHERE Name = 'A-1'".into(),
        // idLookup text fields (Contact.Email, Account.Name) go through the key index.
        "SELECT Id FROM Contact WHERE Email = 'A-1'".into(),
        "SELECT Id FROM Contact WHERE Email IN ('K', 'É', 'TRUE', '5')".into(),
        "SELECT Id FROM Contact WHERE Email IN ('b-2', '') AND LastName != 'k'".into(),
        "SELECT Id FROM Account WHERE Name IN ('a-1', 'k', 'é')".into(),
        "SELECT Id, Email FROM Contact WHERE Contact_Id__c IN ('a-1', 'b-2') ORDER BY Email DESC NULLS LAST, Id".into(),
        "SELECT Id FROM Contact WHERE Contact_Id__c IN ('a-1', 'b-2', 'k') ORDER BY LastName LIMIT 3 OFFSET 2".into(),
        "SELECT Id FROM Contact ORDER BY Contact_Id__c NULLS FIRST, Id LIMIT 7 OFFSET 5".into(),
        "SELECT COUNT() FROM Contact".into(),
        "SELECT COUNT() FROM Contact LIMIT 10".into(),
        "SELECT COUNT() FROM Contact LIMIT 100 OFFSET 30".into(),
        "SELECT COUNT() FROM Contact WHERE Contact_Id__c IN ('a-1', 'K')".into(),
        "SELECT COUNT() FROM Account".into(),
        "SELECT COUNT(Contact_Id__c) FROM Contact WHERE Email = 'a-1'".into(),
        "SELECT Id FROM Contact WHERE Contact_Id__c = 'a-1' AND Id = 'nope'".into(),
        "SELECT FIELDS(ALL) FROM Contact WHERE Contact_Id__c = 'b-2' LIMIT 200".into(),
    ];
    let mut answered = 0;
    for q in &queries {
        if same_both_ways(&org, q).0.is_ok() {
            answered += 1;
        }
    }
    // Only the malformed Id literal is refused.
    assert_eq!(answered, queries.len() - 1);
}

#[test]
fn key_queries_read_only_the_records_they_can_match() {
    let org = org();
    fill(&org, 3, &contacts(200));
    let total = 200;
    let (r, read) = same_both_ways(
        &org,
        &format!(
            "SELECT Id FROM Contact WHERE Id IN ('{}', '{}')",
            contact_id(7),
            &contact_id(8)[..15]
        ),
    );
    assert_eq!((rows(&r), read), (2, 2));
    // 'a-1' and 'A-1' fold together; deleted rows are not read by query.
    let (r, read) = same_both_ways(&org, "SELECT Id FROM Contact WHERE Contact_Id__c = 'A-1'");
    assert_eq!(rows(&r), read);
    assert!(read > 0 && read < total / 4, "read {read}");
    let (r, read) = same_both_ways(&org, "SELECT COUNT() FROM Contact");
    assert_eq!((rows(&r), read), (total - 22, 0));
    // Not an indexed field: SQLite folds the stored strings, so only near-matches are decoded.
    let (r, read) = same_both_ways(&org, "SELECT Id FROM Contact WHERE Email = 'b-2'");
    assert!(
        rows(&r) > 0 && read < total / 2,
        "{} rows, read {read}",
        rows(&r)
    );
    // Nothing to narrow by: every live record is read.
    let (_, read) = same_both_ways(&org, "SELECT Id FROM Contact WHERE Email != 'b-2'");
    assert_eq!(read, total - 22);
    let (_, read_ref) = run(
        &org,
        "SELECT Id FROM Contact WHERE Email = 'b-2'",
        false,
        false,
    );
    assert_eq!(read_ref, total - 22);
}

#[test]
fn every_write_keeps_the_keys_current() {
    let org = org();
    fill(&org, 1, &[(0, 0, 0, None, false), (2, 0, 0, None, false)]);
    let ids_of = |ext: &str| -> Vec<Value> {
        let (r, _) = same_both_ways(
            &org,
            &format!("SELECT Id FROM Contact WHERE Contact_Id__c = '{ext}'"),
        );
        match r.unwrap() {
            QueryResult::Rows(rows) => rows.into_iter().map(|r| r["Id"].clone()).collect(),
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(ids_of("a-1"), vec![json!(contact_id(1))]);
    // An update moves the key.
    let mut r = store::get(&org.conn, &contact_id(1)).unwrap().unwrap();
    r.fields.insert("Contact_Id__c".into(), json!("NEW-1"));
    store::save(&org.conn, &r).unwrap();
    assert!(ids_of("a-1").is_empty());
    assert_eq!(ids_of("new-1"), vec![json!(contact_id(1))]);
    // Erasing drops the record's keys.
    store::erase(&org.conn, &contact_id(2)).unwrap();
    assert!(ids_of("b-2").is_empty());
    let left: i64 = org
        .conn
        .query_row("SELECT count(*) FROM record_keys", [], |r| r.get(0))
        .unwrap();
    // Account's Name and External_Id__c, contact 1's Contact_Id__c and Email (idLookup).
    assert_eq!(left, 4);
}

#[test]
fn an_existing_data_file_is_indexed_when_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sandbox.db");
    {
        // A data file as the sandbox wrote it before the key index.
        let mut conn = Connection::open(&path).unwrap();
        rusqlite_migration::Migrations::new(vec![rusqlite_migration::M::up(include_str!(
            "../../migrations/0001_init.sql"
        ))])
        .to_latest(&mut conn)
        .unwrap();
        for n in 1..=30u64 {
            let fields = json!({"Id": contact_id(n), "Contact_Id__c": format!("OLD-{n}"), "LastName": "Old"});
            conn.execute(
                "INSERT INTO records (id, object, is_deleted, fields) VALUES (?1, 'Contact', 0, ?2)",
                rusqlite::params![contact_id(n), fields.to_string()],
            )
            .unwrap();
        }
    }
    let schema = Schema::load(None).unwrap();
    let mut conn = store::open(&path).unwrap();
    keys::sync(&mut conn, &schema).unwrap();
    let mut org = Org {
        _dir: dir,
        conn,
        schema,
    };
    let (r, read) = same_both_ways(
        &org,
        "SELECT Id FROM Contact WHERE Contact_Id__c IN ('old-3', 'OLD-30')",
    );
    assert_eq!((rows(&r), read), (2, 2));
    let (r, read) = same_both_ways(
        &org,
        &format!("SELECT Id FROM Contact WHERE Id = '{}'", contact_id(9)),
    );
    assert_eq!((rows(&r), read), (1, 1));
    // Opening again indexes nothing twice.
    let keys_now = |org: &Org| -> i64 {
        org.conn
            .query_row("SELECT count(*) FROM record_keys", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(keys_now(&org), 30);
    keys::sync(&mut org.conn, &org.schema).unwrap();
    assert_eq!(keys_now(&org), 30);
}

#[test]
fn an_existing_data_file_is_counted_when_opened() {
    // Data files as the sandbox wrote them before the record counts: from before the key
    // index (migration 0001 only) and with it (0001 and 0002).
    let migrations = [
        include_str!("../../migrations/0001_init.sql"),
        include_str!("../../migrations/0002_record_keys.sql"),
    ];
    for applied in 1..=migrations.len() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sandbox.db");
        {
            let mut conn = Connection::open(&path).unwrap();
            rusqlite_migration::Migrations::new(
                migrations[..applied]
                    .iter()
                    .map(|sql| rusqlite_migration::M::up(sql))
                    .collect(),
            )
            .to_latest(&mut conn)
            .unwrap();
            let put = |id: String, object: &str, deleted: bool| {
                let fields = json!({"Id": id, "Name": "Old", "LastName": "Old"});
                conn.execute(
                    "INSERT INTO records (id, object, is_deleted, fields) VALUES (?1, ?2, ?3, ?4)",
                    rusqlite::params![id, object, deleted, fields.to_string()],
                )
                .unwrap();
            };
            for n in 1..=30u64 {
                put(contact_id(n), "Contact", n % 4 == 0);
            }
            for n in 1..=5u64 {
                put(account_id(n), "Account", n == 5);
            }
        }
        let schema = Schema::load(None).unwrap();
        let mut conn = store::open(&path).unwrap();
        keys::sync(&mut conn, &schema).unwrap();
        let org = Org {
            _dir: dir,
            conn,
            schema,
        };
        let counts = |org: &Org| -> Vec<(usize, usize)> {
            ["Contact", "Account", "User"]
                .iter()
                .map(|o| {
                    let soql = format!("SELECT COUNT() FROM {o}");
                    let (live, read) = same_both_ways(org, &soql);
                    assert_eq!(read, 0, "{soql} is answered from the counts");
                    (rows(&live), rows(&run(org, &soql, true, true).0))
                })
                .collect()
        };
        assert_eq!(
            counts(&org),
            [(23, 30), (4, 5), (0, 0)],
            "{applied} applied"
        );
        // And the counts follow the writes made after the migration.
        let mut r = store::get(&org.conn, &contact_id(1)).unwrap().unwrap();
        r.deleted = true;
        store::save(&org.conn, &r).unwrap();
        store::erase(&org.conn, &contact_id(4)).unwrap();
        store::insert(
            &org.conn,
            &ids::make_id(ids::LEGACY_STEM, "005", 1),
            "User",
            json!({"LastName": "New"}).as_object().unwrap(),
        )
        .unwrap();
        assert_eq!(
            counts(&org),
            [(22, 29), (4, 5), (1, 1)],
            "{applied} applied"
        );
    }
}

/// A write to the store, generated; a `usize` picks one of the records written so far.
#[derive(Debug, Clone)]
enum Write {
    Insert {
        account: bool,
    },
    /// A row stored already deleted: no API writes one, but the counts must not care how a
    /// row came to be.
    InsertDeleted,
    Update(usize),
    /// To the recycle bin, and back.
    Delete(usize),
    Undelete(usize),
    /// Bulk API hardDelete.
    Erase(usize),
    /// An insert and a delete in a transaction that is rolled back (allOrNone).
    RolledBack(usize),
}

fn write() -> impl Strategy<Value = Write> {
    prop_oneof![
        4 => any::<bool>().prop_map(|account| Write::Insert { account }),
        1 => Just(Write::InsertDeleted),
        1 => any::<usize>().prop_map(Write::Update),
        2 => any::<usize>().prop_map(Write::Delete),
        1 => any::<usize>().prop_map(Write::Undelete),
        2 => any::<usize>().prop_map(Write::Erase),
        1 => any::<usize>().prop_map(Write::RolledBack),
    ]
}

/// Applies `w`; `written` holds the IDs of the records stored so far, `made` how many IDs were
/// made.
fn apply(conn: &Connection, written: &mut Vec<String>, made: &mut u64, w: &Write) {
    let pick = |i: usize| (!written.is_empty()).then(|| written[i % written.len()].clone());
    let mut new_id = |account: bool| {
        *made += 1;
        if account {
            account_id(*made)
        } else {
            contact_id(*made)
        }
    };
    let set_deleted = |id: &str, deleted: bool| {
        let mut r = store::get(conn, id).unwrap().unwrap();
        r.deleted = deleted;
        store::save(conn, &r).unwrap();
    };
    match w {
        Write::Insert { account } => {
            let id = new_id(*account);
            let object = if *account { "Account" } else { "Contact" };
            let fields = json!({"Id": id, "Name": "W", "LastName": "W"});
            store::insert(conn, &id, object, fields.as_object().unwrap()).unwrap();
            written.push(id);
        }
        Write::InsertDeleted => {
            let id = new_id(false);
            conn.execute(
                "INSERT INTO records (id, object, is_deleted, fields) VALUES (?1, 'Contact', 1, '{}')",
                [&id],
            )
            .unwrap();
            written.push(id);
        }
        Write::Update(i) => {
            if let Some(id) = pick(*i) {
                let mut r = store::get(conn, &id).unwrap().unwrap();
                r.fields.insert("LastName".into(), json!("Updated"));
                store::save(conn, &r).unwrap();
            }
        }
        Write::Delete(i) => {
            if let Some(id) = pick(*i) {
                set_deleted(&id, true);
            }
        }
        Write::Undelete(i) => {
            if let Some(id) = pick(*i) {
                set_deleted(&id, false);
            }
        }
        Write::Erase(i) => {
            if let Some(id) = pick(*i) {
                store::erase(conn, &id).unwrap();
                written.retain(|w| *w != id);
            }
        }
        Write::RolledBack(i) => {
            let tx = conn.unchecked_transaction().unwrap();
            let id = new_id(false);
            store::insert(
                &tx,
                &id,
                "Contact",
                json!({"LastName": "Gone"}).as_object().unwrap(),
            )
            .unwrap();
            if let Some(id) = pick(*i) {
                set_deleted(&id, true);
            }
            tx.rollback().unwrap();
        }
    }
}

/// A WHERE clause, generated.
#[derive(Debug, Clone)]
enum Cond {
    Leaf(usize, usize, Vec<usize>),
    And(Vec<Cond>),
    Or(Vec<Cond>),
    Not(Box<Cond>),
}

const FIELDS: [&str; 7] = [
    "Id",
    "Contact_Id__c",
    "Email",
    "LastName",
    "AccountId",
    "Account.Name",
    "Account.External_Id__c",
];

fn literal(field: &str, i: usize) -> String {
    if field == "Id" || field == "AccountId" {
        let c = |n| contact_id(n);
        let a = |n| account_id(n);
        let ids = [
            c(1),
            c(2)[..15].to_string(),
            c(3).to_lowercase(),
            a(1),
            a(2)[..15].to_string(),
            String::new(),
        ];
        return ids.get(i % 7).map_or("null".into(), |s| format!("'{s}'"));
    }
    const TEXTS: [&str; 13] = [
        "a-1", "A-1", "b-2", "k", "K", "\\u212A", "É", "é", "", "5", "true", "ACC-2", "zz",
    ];
    TEXTS
        .get(i % 14)
        .map_or("null".into(), |s| format!("'{s}'"))
}

fn render(c: &Cond) -> String {
    match c {
        Cond::Leaf(f, op, values) => {
            let field = FIELDS[f % FIELDS.len()];
            let first = literal(field, values[0]);
            let list = values
                .iter()
                .map(|v| literal(field, *v))
                .collect::<Vec<_>>()
                .join(", ");
            let text = !field.ends_with("Id");
            match op % 6 {
                0 => format!("{field} = {first}"),
                1 => format!("{field} != {first}"),
                2 => format!("{field} IN ({list})"),
                3 => format!("{field} NOT IN ({list})"),
                4 if text => format!("{field} LIKE '%{}'", values[0] % 3),
                _ => format!("{field} IN ({list})"),
            }
        }
        Cond::And(items) => items
            .iter()
            .map(|i| format!("({})", render(i)))
            .collect::<Vec<_>>()
            .join(" AND "),
        Cond::Or(items) => items
            .iter()
            .map(|i| format!("({})", render(i)))
            .collect::<Vec<_>>()
            .join(" OR "),
        Cond::Not(inner) => format!("NOT ({})", render(inner)),
    }
}

fn cond() -> impl Strategy<Value = Cond> {
    let leaf = (
        0..7usize,
        0..6usize,
        prop::collection::vec(0..14usize, 1..4),
    )
        .prop_map(|(f, op, v)| Cond::Leaf(f, op, v));
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 2..4).prop_map(Cond::And),
            prop::collection::vec(inner.clone(), 2..4).prop_map(Cond::Or),
            inner.prop_map(|c| Cond::Not(Box::new(c))),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any WHERE clause, with or without ORDER BY / LIMIT / OFFSET, and as a COUNT():
    /// the indexed path answers as the reference does.
    #[test]
    fn generated_queries_answer_the_same_with_and_without_the_indexes(
        records in prop::collection::vec(
            (0..11usize, 0..11usize, 0..11usize, prop::option::of(1..4u64), any::<bool>()),
            0..30,
        ),
        where_ in cond(),
        shape in 0..4usize,
    ) {
        let org = org();
        fill(&org, 3, &records);
        let filter = render(&where_);
        let soql = match shape {
            0 => format!("SELECT Id, LastName, Account.Name FROM Contact WHERE {filter}"),
            1 => format!("SELECT Id FROM Contact WHERE {filter} ORDER BY LastName DESC, Id LIMIT 5 OFFSET 1"),
            2 => format!("SELECT COUNT() FROM Contact WHERE {filter}"),
            _ => format!("SELECT COUNT() FROM Contact WHERE {filter} LIMIT 3"),
        };
        for all in [false, true] {
            let (indexed, _) = run(&org, &soql, all, true);
            let (reference, _) = run(&org, &soql, all, false);
            prop_assert_eq!(indexed, reference, "{} (queryAll: {})", soql, all);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any sequence of writes (inserts, updates, deletes to the recycle bin and back, erases,
    /// rolled-back transactions): after each one, a bare COUNT() — query and queryAll, with
    /// LIMIT and OFFSET — answered from the record counts equals the reference's, which reads
    /// and counts every record.
    #[test]
    fn a_bare_count_follows_every_write(writes in prop::collection::vec(write(), 1..40)) {
        let org = org();
        let (mut written, mut made) = (Vec::new(), 0);
        for w in &writes {
            apply(&org.conn, &mut written, &mut made, w);
            for soql in [
                "SELECT COUNT() FROM Contact",
                "SELECT COUNT() FROM Account",
                "SELECT COUNT() FROM Contact LIMIT 5 OFFSET 2",
            ] {
                for all in [false, true] {
                    let (indexed, read) = run(&org, soql, all, true);
                    let (reference, _) = run(&org, soql, all, false);
                    prop_assert_eq!(&indexed, &reference, "{} (queryAll: {}) after {:?}", soql, all, w);
                    prop_assert_eq!(read, 0, "{} is answered from the counts", soql);
                }
            }
        }
    }
}
