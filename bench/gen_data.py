#!/usr/bin/env python3
"""Writes the benchmark input: {"data": [...]} with N customer records as a REST API returns
them (mixed-case names, dd/mm/yyyy dates, amounts as numeric text, yes/no flags, tag arrays,
a nested company). Seeded, so the same arguments always write the same bytes."""

import argparse
import json
import random
import unicodedata

FIRST = ["mary", "JOHN", "Élodie", "aïsha", "Pierre", "sean", "jean-luc", "Anna", "mohammed",
         "LI", "Carlos", "fatima", "KLAUS", "Priya", "Olga", "tom", "Ngozi", "sofia", "Yuki",
         "Ben", "chloe", "Dmitri", "Grace", "ÅSA"]
LAST = ["o'brien", "SMITH", "de la cruz", "D'ANGELO", "Müller", "nguyen", "Garcia-Lopez",
        "KOWALSKI", "van der berg", "Okafor", "Rossi", "o'neil-smith", "Tanaka", "Dubois",
        "Ivanova", "patel", "MacDonald", "Schmidt", "Haddad", "Johansson", "le GUIN", "Brown"]
DOMAINS = ["Example.com", "mail.EXAMPLE.org", "corp.example.net", "Example.CO.UK"]
STATUS = ["ACTIVE", "active", "Active", "inactive", "Pending", "PENDING", "suspended"]
TAGS = ["vip", "newsletter", "beta", "churn-risk", "partner", "wholesale", "eu", "trial"]
CURRENCIES = ["EUR", "USD", "GBP", "CHF"]
COUNTRIES = ["FR", "DE", "GB", "US", "ES", "IT", "NL", "JP"]
COMPANIES = ["Northwind Traders", "Acme Ltd", "Globex SA", "Initech GmbH", "Umbrella plc",
             "Hooli Inc", "Stark & Wayne"]
YESNO = ["yes", "no", "Yes", "NO", "y", "n"]


def record(rng: random.Random, i: int) -> dict:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    local = f"{first}.{last}".replace(" ", "").replace("'", "")
    local = unicodedata.normalize("NFKD", local).encode("ascii", "ignore").decode()
    day = rng.randint(1, 28)
    month = rng.randint(1, 12)
    year = rng.randint(1990, 2024)
    cents = rng.randint(0, 2_000_000)
    return {
        "id": f"cus_{i:07d}",
        "name": f"{first} {last}",
        "email": f"{local}{rng.randint(1, 999)}@{rng.choice(DOMAINS)}",
        "phone": f"+{rng.randint(1, 99)} {rng.randint(100, 999)} {rng.randint(1000000, 9999999)}",
        "signup_date": f"{day:02d}/{month:02d}/{year}",
        "amount": f"{cents // 100}.{cents % 100:02d}",
        "currency": rng.choice(CURRENCIES),
        "status": rng.choice(STATUS),
        "tags": rng.sample(TAGS, rng.randint(0, 3)),
        "company": {"id": f"ACC-{rng.randint(1, 50000):06d}", "name": rng.choice(COMPANIES)},
        "active": rng.choice(YESNO),
        "country": rng.choice(COUNTRIES),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write('{"data": [\n')
        for i in range(args.records):
            if i:
                f.write(",\n")
            f.write(json.dumps(record(rng, i + 1), ensure_ascii=False, separators=(",", ":")))
        f.write("\n]}\n")


if __name__ == "__main__":
    main()
