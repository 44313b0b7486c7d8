"""Countries and their UN regional groups, from ``membership/data/countries.csv`` (every UN
member state, ISO 3166-1 alpha-2 codes). An entity without a country (an intergovernmental
organisation) has the region "none"."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "countries.csv"
NO_REGION = "none"


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    region: str


@cache
def countries() -> dict[str, Country]:
    with DATA_FILE.open(encoding="utf-8", newline="") as f:
        return {
            row["code"]: Country(row["code"], row["name"], row["region"])
            for row in csv.DictReader(f)
        }


def region_of(code: str | None) -> str:
    """The UN regional group of a country code; "none" without a country."""
    if not code:
        return NO_REGION
    country = countries().get(code.upper())
    return country.region if country else NO_REGION


def country_name(code: str | None) -> str:
    if not code:
        return ""
    country = countries().get(code.upper())
    return country.name if country else code


def country_choices() -> list[tuple[str, str]]:
    return sorted(((c.code, c.name) for c in countries().values()), key=lambda t: t[1])
