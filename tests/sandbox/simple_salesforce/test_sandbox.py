"""The sandbox org driven by simple-salesforce 1.12, a Salesforce client we did not write, over
HTTPS: session and OAuth logins, create/get/update/delete, upsert by external ID, queries
across pages, Salesforce's errors as simple-salesforce raises them, expired sessions, and
Bulk API 2.0 upsert and query jobs."""

import csv
import io
import time

import pytest
from simple_salesforce.exceptions import (
    SalesforceAuthenticationFailed,
    SalesforceExpiredSession,
    SalesforceMalformedRequest,
    SalesforceResourceNotFound,
)

from conftest import oauth_login, session_login


def create_contacts(sf, last_names, **fields):
    """Creates contacts 200 at a time through sObject Collections."""
    ids = []
    for start in range(0, len(last_names), 200):
        records = [
            {"attributes": {"type": "Contact"}, "LastName": name, **fields}
            for name in last_names[start:start + 200]
        ]
        results = sf.restful(
            "composite/sobjects", method="POST", json={"allOrNone": False, "records": records}
        )
        assert all(r["success"] for r in results), results
        ids.extend(r["id"] for r in results)
    return ids


def test_session_login_reaches_the_org_over_https(sandbox, sf):
    assert sf.sf_instance == sandbox.netloc
    assert sf.base_url == f"{sandbox.tls_url}/services/data/v59.0/"
    describe = sf.Contact.describe()
    assert describe["name"] == "Contact"
    assert describe["keyPrefix"] == "003"
    assert any(o["name"] == "Account" for o in sf.describe()["sobjects"])


def test_oauth_password_login_through_simple_salesforce_itself(sandbox):
    sf = oauth_login(sandbox)
    assert sf.auth_type == "password"
    assert sf.session_id.startswith("00D")
    assert sf.sf_instance == sandbox.netloc, "the instance comes from the token's instance_url"
    assert sf.Contact.describe()["keyPrefix"] == "003"


def test_a_wrong_password_is_refused_as_invalid_grant(sandbox):
    with pytest.raises(SalesforceAuthenticationFailed) as failure:
        oauth_login(sandbox, password="wrong")
    assert failure.value.code == "invalid_grant"
    assert failure.value.auth_message == "authentication failure"


def test_creates_reads_updates_and_deletes_a_contact(sf):
    created = sf.Contact.create({"FirstName": "Ada", "LastName": "Lovelace", "Email": "ada@example.com"})
    assert created["success"] is True
    assert created["errors"] == []
    assert created["id"].startswith("003") and len(created["id"]) == 18

    read = sf.Contact.get(created["id"])
    assert read["Name"] == "Ada Lovelace"
    assert read["Email"] == "ada@example.com"
    assert read["attributes"]["type"] == "Contact"

    assert sf.Contact.update(created["id"], {"Title": "Analyst"}) == 204
    assert sf.Contact.get(created["id"])["Title"] == "Analyst"

    assert sf.Contact.delete(created["id"]) == 204
    with pytest.raises(SalesforceResourceNotFound) as gone:
        sf.Contact.get(created["id"])
    assert gone.value.content[0]["errorCode"] == "ENTITY_IS_DELETED"


def test_upserts_by_external_id_created_then_updated(sf):
    assert sf.Contact.upsert("Contact_Id__c/c-1", {"LastName": "Hopper"}) == 201
    assert sf.Contact.upsert("Contact_Id__c/c-1", {"LastName": "Hopper", "Title": "Admiral"}) == 200

    record = sf.Contact.get_by_custom_id("Contact_Id__c", "c-1")
    assert record["Title"] == "Admiral"
    assert sf.query("SELECT Id FROM Contact WHERE Contact_Id__c = 'c-1'")["totalSize"] == 1


def test_query_all_follows_next_records_url_across_pages(sf):
    names = [f"Page {i:04d}" for i in range(2200)]
    ids = create_contacts(sf, names, LeadSource="Partner")

    first = sf.query("SELECT Id FROM Contact WHERE LeadSource = 'Partner'")
    assert first["done"] is False
    assert len(first["records"]) == 2000, "the default batch is 2,000 rows"
    assert first["nextRecordsUrl"].startswith("/services/data/v59.0/query/")

    everything = sf.query_all(
        "SELECT Id, LastName FROM Contact WHERE LeadSource = 'Partner' ORDER BY LastName"
    )
    assert everything["totalSize"] == 2200
    assert everything["done"] is True
    assert [r["LastName"] for r in everything["records"]] == names

    sf.Contact.delete(ids[0])
    live = sf.query_all("SELECT Id FROM Contact WHERE LastName = 'Page 0000'")
    assert live["totalSize"] == 0
    with_deleted = sf.query_all(
        "SELECT Id, IsDeleted FROM Contact WHERE LastName = 'Page 0000'", include_deleted=True
    )
    assert with_deleted["totalSize"] == 1
    assert with_deleted["records"][0]["IsDeleted"] is True


def test_a_value_too_long_is_a_malformed_request_with_string_too_long(sf):
    with pytest.raises(SalesforceMalformedRequest) as refused:
        sf.Contact.create({"LastName": "x" * 81})
    assert refused.value.status == 400
    [error] = refused.value.content
    assert error["errorCode"] == "STRING_TOO_LONG"
    assert error["message"] == f"Last Name: data value too large: {'x' * 81} (max length=80)"
    assert error["fields"] == ["LastName"]


def test_a_bad_query_is_a_malformed_request_with_malformed_query(sf):
    with pytest.raises(SalesforceMalformedRequest) as refused:
        sf.query("SELEC Id FROM Contact")
    assert refused.value.content[0]["errorCode"] == "MALFORMED_QUERY"


def test_records_the_api_usage_the_org_reports(sf):
    sf.describe()
    usage = sf.api_usage["api-usage"]
    assert usage.total == 100000
    assert 0 < usage.used < usage.total

    contact = sf.Contact
    contact.describe()
    assert contact.api_usage["api-usage"].used > usage.used


def test_an_expired_session_id_raises_and_a_new_login_carries_on(short_lived_sandbox):
    sf = session_login(short_lived_sandbox)
    created = sf.Contact.create({"LastName": "Before expiry"})
    time.sleep(3)

    with pytest.raises(SalesforceExpiredSession) as expired:
        sf.Contact.get(created["id"])
    assert expired.value.status == 401
    assert expired.value.content == [
        {"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}
    ]

    again = session_login(short_lived_sandbox)
    assert again.session_id != sf.session_id
    assert again.Contact.get(created["id"])["LastName"] == "Before expiry"


def test_an_oauth_login_logs_in_again_by_itself_after_expiry(short_lived_sandbox):
    sf = oauth_login(short_lived_sandbox)
    first_session = sf.session_id
    created = sf.Contact.create({"LastName": "Kept"})
    time.sleep(3)

    assert sf.Contact.get(created["id"])["LastName"] == "Kept"
    assert sf.session_id != first_session, "the 401 made simple-salesforce log in again"


def read_csv(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_bulk2_upsert_creates_updates_and_reports_failures(sf):
    first = sf.bulk2.Contact.upsert(
        records=[
            {"Contact_Id__c": "B-1", "LastName": "Bulk One", "LeadSource": "Bulk"},
            {"Contact_Id__c": "B-2", "LastName": "Bulk Two", "LeadSource": "Bulk"},
        ],
        external_id_field="Contact_Id__c",
        wait=0.2,
    )
    assert [(r["numberRecordsProcessed"], r["numberRecordsFailed"]) for r in first] == [(2, 0)]

    second = sf.bulk2.Contact.upsert(
        records=[
            {"Contact_Id__c": "B-2", "LastName": "Bulk Two", "Title": "Lead"},
            {"Contact_Id__c": "B-3", "LastName": "y" * 81},
        ],
        external_id_field="Contact_Id__c",
        wait=0.2,
    )
    [job] = second
    assert (job["numberRecordsProcessed"], job["numberRecordsFailed"]) == (2, 1)

    [updated] = read_csv(sf.bulk2.Contact.get_successful_records(job["job_id"]))
    assert updated["sf__Created"] == "false"
    assert updated["Contact_Id__c"] == "B-2"
    assert sf.Contact.get(updated["sf__Id"])["Title"] == "Lead"

    [failed] = read_csv(sf.bulk2.Contact.get_failed_records(job["job_id"]))
    assert failed["Contact_Id__c"] == "B-3"
    assert failed["sf__Error"].startswith("STRING_TOO_LONG:")


def test_bulk2_query_pages_through_csv_results(sf):
    create_contacts(sf, [f"Bulk Row {i:03d}" for i in range(250)], LeadSource="Bulk query")
    pages = list(
        sf.bulk2.Contact.query(
            "SELECT LastName, LeadSource FROM Contact WHERE LeadSource = 'Bulk query' "
            "ORDER BY LastName",
            max_records=100,
            wait=0.2,
        )
    )
    assert len(pages) == 3, "100 + 100 + 50 rows, one page per Sforce-Locator"
    rows = [row for page in pages for row in read_csv(page)]
    assert [r["LastName"] for r in rows] == [f"Bulk Row {i:03d}" for i in range(250)]
    assert {r["LeadSource"] for r in rows} == {"Bulk query"}
