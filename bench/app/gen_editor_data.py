#!/usr/bin/env python3
"""The live-preview benchmark's workspace, written as files the editor opens: the same
1,000 records x 20 fields as crates/api/examples/preview_latency.rs (a 20-field custom object,
a mapping with a transform on most fields, records with the usual mess).

Usage: gen_editor_data.py OUT_DIR  -> OUT_DIR/{describe,mapping,sample}.json
"""
import json
import os
import sys

RECORDS = 1000


def field(name, ty, **extra):
    f = {"name": name, "label": name.removesuffix("__c").replace("_", " "), "type": ty,
         "length": 0, "precision": 0, "scale": 0, "digits": 0, "nillable": True,
         "createable": True, "updateable": True, "defaultedOnCreate": False, "externalId": False,
         "picklistValues": [], "referenceTo": [], "relationshipName": None}
    f.update(extra)
    return f


def picklist(values):
    return {"length": 40, "restrictedPicklist": True,
            "picklistValues": [{"value": v, "label": v, "active": True} for v in values]}


def describe():
    num = {"precision": 16, "scale": 2}
    fields = [
        field("Id", "id", length=18, nillable=False, createable=False, updateable=False, defaultedOnCreate=True),
        field("Name", "string", length=80, nillable=False),
        field("Ext_Id__c", "string", length=40, externalId=True),
        field("Email__c", "email", length=80),
        field("Phone__c", "phone", length=40),
        field("Website__c", "url", length=255),
        field("Signed__c", "date"),
        field("Last_Seen__c", "datetime"),
        field("Amount__c", "currency", **num),
        field("Tax__c", "currency", **num),
        field("Seats__c", "double", precision=18, scale=0),
        field("Active__c", "boolean", nillable=False, defaultedOnCreate=True),
        field("Status__c", "picklist", **picklist(["Active", "Inactive", "Pending"])),
        field("Tier__c", "picklist", **picklist(["Gold", "Silver", "Bronze"])),
        field("Tags__c", "multipicklist", **picklist(["vip", "eu", "us", "new", "churn"])),
        field("City__c", "string", length=40),
        field("Country__c", "string", length=80),
        field("Notes__c", "textarea", length=1000),
        field("Code__c", "string", length=10),
        field("Score__c", "percent", precision=5, scale=2),
        field("Account__c", "reference", length=18, referenceTo=["Account"], relationshipName="Account__r"),
    ]
    return {"name": "Bench__c", "label": "Bench", "keyPrefix": "a0B", "fields": fields}


def mapping():
    return {"object": "Bench__c", "fields": [
        {"source": "name", "target": "Name", "transforms": [{"modify": "title"}]},
        {"source": "id", "target": "Ext_Id__c"},
        {"source": "email", "target": "Email__c", "transforms": [{"modify": "lower"}]},
        {"source": "phone", "target": "Phone__c"},
        {"source": "site", "target": "Website__c"},
        {"source": "signed", "target": "Signed__c", "transforms": [{"convert": {"to": "date", "format": "%d/%m/%Y"}}]},
        {"source": "seen", "target": "Last_Seen__c", "transforms": [{"convert": {"to": "datetime", "timezone": "Europe/Paris"}}]},
        {"source": "amount", "target": "Amount__c", "transforms": [{"convert": "number"}]},
        {"source": "amount", "target": "Tax__c", "transforms": [{"calc": "ROUND(value * 0.2, 2)"}]},
        {"source": "seats", "target": "Seats__c"},
        {"source": "active", "target": "Active__c", "transforms": [{"convert": "boolean"}]},
        {"source": "status", "target": "Status__c", "transforms": [{"replace": {"map": {"active": "Active", "inactive": "Inactive", "pending": "Pending"}, "ignoreCase": True}}]},
        {"source": "tier", "target": "Tier__c", "transforms": [{"modify": "title"}]},
        {"source": "tags", "target": "Tags__c", "transforms": [{"join": ";"}]},
        {"source": "address.city", "target": "City__c", "transforms": [{"truncate": "fit"}]},
        {"source": "address.country", "target": "Country__c", "transforms": [{"default": "Unknown"}]},
        {"source": ["name", "id"], "target": "Notes__c", "transforms": [{"join": " / "}]},
        {"source": "code", "target": "Code__c", "transforms": [{"modify": "upper"}, {"validate": {"pattern": "^[A-Z0-9-]+$"}}]},
        {"source": "score", "target": "Score__c", "transforms": [{"convert": "number"}]},
        {"source": "company.id", "target": "Account__c", "transforms": [{"reference": {"object": "Account", "externalId": "External_Id__c"}}]},
    ]}


def sample():
    statuses = ["active", "INACTIVE", "Pending", "archived"]
    tiers = ["gold", "silver", "bronze", "platinum"]
    records = [{
        "id": f"B-{i:05}", "name": f"customer number {i}",
        "email": f"Customer{i}@Example.com", "phone": "+1 415 555 0100",
        "site": "https://example.com", "signed": f"{i % 28 + 1:02}/{i % 12 + 1:02}/2024",
        "seen": "2024-07-30 20:54:16", "amount": f"{i * 7}.{i % 100:02}",
        "seats": i % 500, "active": "yes" if i % 2 == 0 else "no",
        "status": statuses[i % 4], "tier": tiers[(i // 4) % 4],
        "tags": ["vip", "eu"], "address": {"city": "Paris", "country": None},
        "code": f"c-{i}", "score": str(i % 100), "company": {"id": f"A-{i % 50}"},
    } for i in range(RECORDS)]
    return {"data": records}


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, value in (("describe", describe()), ("mapping", mapping()), ("sample", sample())):
        with open(os.path.join(out, f"{name}.json"), "w", encoding="utf-8") as f:
            json.dump(value, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
