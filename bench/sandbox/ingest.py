"""Ingests ROWS contacts into the sandbox org through sObject Collections (200 records per
POST /composite/sobjects) over one keep-alive connection, checks every result and prints
"rows seconds rows_per_second". With --external-ids every record also carries a new
Contact_Id__c value (an external ID the org checks for uniqueness). Python stdlib only.

Usage: ingest.py BASE_URL TOKEN ROWS [--external-ids] [--tag TAG]
"""

import http.client
import json
import sys
import time
from urllib.parse import urlsplit


def main():
    base, token, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
    external_ids = "--external-ids" in sys.argv[4:]
    tag = sys.argv[sys.argv.index("--tag") + 1] if "--tag" in sys.argv else "ING"
    url = urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    bodies = []
    for start in range(0, rows, 200):
        records = [
            {
                "attributes": {"type": "Contact"},
                "FirstName": "Ingest",
                "LastName": f"Row {i:06d}",
                "Email": f"row{i}@example.com",
                "LeadSource": "Partner",
                **({"Contact_Id__c": f"{tag}-{i:06d}"} if external_ids else {}),
            }
            for i in range(start, min(start + 200, rows))
        ]
        bodies.append(json.dumps({"allOrNone": False, "records": records}).encode())

    began = time.perf_counter()
    for body in bodies:
        conn.request("POST", "/services/data/v62.0/composite/sobjects", body, headers)
        response = conn.getresponse()
        results = json.loads(response.read())
        if response.status != 200 or not all(r.get("success") for r in results):
            sys.exit(f"ingest failed: HTTP {response.status}: {str(results)[:300]}")
    seconds = time.perf_counter() - began
    print(f"{rows} {seconds:.3f} {rows / seconds:.0f}")


if __name__ == "__main__":
    main()
