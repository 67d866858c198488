"""Times SOQL queries against a sandbox org holding RECORDS Accounts written by load_org.py,
over one keep-alive HTTP connection: by Id, by external ID IN (200 keys), SELECT COUNT(), and
a filtered scan on a field without an index (BillingCity, 1 record in 1,000). Each kind runs
for up to BUDGET seconds (at least once, at most 500 times); every answer is checked. Prints
one line per kind: "kind requests median_ms p95_ms queries_per_second". Python stdlib only.

Usage: query.py BASE_URL RECORDS BUDGET
"""

import http.client
import json
import random
import statistics
import sys
import time
from urllib.parse import quote, urlencode, urlsplit

from load_org import make_id


def main():
    base, records, budget = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    url = urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=600)
    form = urlencode(
        {
            "grant_type": "password",
            "client_id": "sandbox",
            "client_secret": "sandbox-secret",
            "username": "admin@sandbox.local",
            "password": "sandbox",
        }
    )
    conn.request(
        "POST",
        "/services/oauth2/token",
        form,
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    token = json.loads(conn.getresponse().read())["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    rng = random.Random(7)

    def by_id():
        i = rng.randint(1, records)
        return f"SELECT Id, Name FROM Account WHERE Id = '{make_id('001', i)}'", 1

    def by_external_ids():
        keys = rng.sample(range(1, records + 1), 200)
        listed = ", ".join(f"'EXT-{k:07d}'" for k in keys)
        return f"SELECT Id, Name FROM Account WHERE External_Id__c IN ({listed})", 200

    def count():
        return "SELECT COUNT() FROM Account", records

    def scan():
        city = rng.randrange(1000)
        expected = len(range(city if city else 1000, records + 1, 1000))
        return f"SELECT Id, Name FROM Account WHERE BillingCity = 'City {city}'", expected

    for name, make in [
        ("by_id", by_id),
        ("external_id_in_200", by_external_ids),
        ("count", count),
        ("filtered_scan", scan),
    ]:
        times = []
        began = time.perf_counter()
        while len(times) < 500 and (not times or time.perf_counter() - began < budget):
            soql, expected = make()
            start = time.perf_counter()
            conn.request("GET", "/services/data/v62.0/query?q=" + quote(soql), headers=headers)
            response = conn.getresponse()
            body = response.read()
            times.append(time.perf_counter() - start)
            if response.status != 200:
                sys.exit(f"{name}: HTTP {response.status}: {body[:300]!r}")
            got = json.loads(body)["totalSize"]
            if got != expected:
                sys.exit(f"{name}: totalSize {got}, expected {expected}: {soql[:200]}")
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(
            f"{name} {len(times)} {statistics.median(times) * 1000:.2f} {p95 * 1000:.2f} "
            f"{len(times) / sum(times):.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
