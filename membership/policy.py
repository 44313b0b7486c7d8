"""The membership policy: seats, terms and balance rules, as data.

Each Terms of Reference revision carries one policy (see DOMAIN.md: numbers are policy that
changes over time, never constants in code). This module is plain Python: the policy format,
its validation with field-level errors, and the JSON form used by forms, the ToR diff and
``manage.py select_balanced --policy POLICY.json``.

JSON form::

    {
      "seat_count": 55,
      "term_length_years": 1,
      "max_consecutive_terms": 3,
      "rules": [
        {"dimension": "stakeholder_group", "group": "government", "max_percent": 40, "hard": true},
        {"dimension": "gender", "group": "woman", "min_percent": 40, "hard": false}
      ],
      "equal_shares": [
        {"dimension": "stakeholder_group",
         "groups": ["private_sector", "civil_society", "technical_academic"],
         "tolerance_seats": 2, "hard": false}
      ]
    }

A rule bounds one group's seats by share (``min_percent``/``max_percent``, of the seat count)
and/or count (``min_count``/``max_count``). ``hard`` rules must hold; the others are targets.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Dimension(StrEnum):
    STAKEHOLDER_GROUP = "stakeholder_group"
    REGION = "region"
    GENDER = "gender"


# The groups of each dimension, with their English names. Translated labels for the
# interface live in membership/choices.py; these names are for messages built here.
GROUPS: dict[Dimension, dict[str, str]] = {
    Dimension.STAKEHOLDER_GROUP: {
        "government": "Government",
        "private_sector": "Private sector",
        "civil_society": "Civil society",
        "technical_academic": "Technical and academic community",
    },
    Dimension.REGION: {
        "african": "African Group",
        "asia_pacific": "Asia-Pacific Group",
        "eastern_european": "Eastern European Group",
        "grulac": "Latin American and Caribbean Group (GRULAC)",
        "weog": "Western European and Others Group (WEOG)",
        "none": "No region (intergovernmental organisation)",
    },
    Dimension.GENDER: {
        "woman": "Women",
        "man": "Men",
        "non_binary": "Non-binary people",
        "self_described": "People who self-describe",
        "prefer_not_to_say": "People who prefer not to say",
    },
}

DIMENSION_NAMES = {
    Dimension.STAKEHOLDER_GROUP: "stakeholder group",
    Dimension.REGION: "UN regional group",
    Dimension.GENDER: "gender",
}

MAX_SEATS = 500


@dataclass(frozen=True)
class ShareRule:
    """Bounds on one group's seats, by share of the seat count and/or by count."""

    dimension: Dimension
    group: str
    hard: bool
    min_percent: float | None = None
    max_percent: float | None = None
    min_count: int | None = None
    max_count: int | None = None

    @property
    def group_name(self) -> str:
        return GROUPS[self.dimension].get(self.group, self.group)

    def bounds(self, seat_count: int) -> tuple[int, int]:
        """The smallest and largest number of seats the group may hold in ``seat_count``.

        Shares round towards compliance: at most 40% of 55 seats is 22 (not 22.0 rounded up),
        at least 40% of 55 is 22."""
        low, high = 0, seat_count
        if self.min_percent is not None:
            low = max(low, math.ceil(self.min_percent * seat_count / 100 - 1e-9))
        if self.min_count is not None:
            low = max(low, self.min_count)
        if self.max_percent is not None:
            high = min(high, math.floor(self.max_percent * seat_count / 100 + 1e-9))
        if self.max_count is not None:
            high = min(high, self.max_count)
        return low, high

    def describe(self) -> str:
        parts = []
        if self.min_percent is not None:
            parts.append(f"at least {self.min_percent:g}%")
        if self.min_count is not None:
            parts.append(f"at least {self.min_count} seats")
        if self.max_percent is not None:
            parts.append(f"at most {self.max_percent:g}%")
        if self.max_count is not None:
            parts.append(f"at most {self.max_count} seats")
        kind = "rule" if self.hard else "target"
        return f"{self.group_name}: {' and '.join(parts)} of seats ({kind})"


@dataclass(frozen=True)
class EqualSharesRule:
    """Several groups share seats equally: largest minus smallest at most ``tolerance_seats``."""

    dimension: Dimension
    groups: tuple[str, ...]
    tolerance_seats: int
    hard: bool

    def describe(self) -> str:
        names = ", ".join(GROUPS[self.dimension].get(g, g) for g in self.groups)
        kind = "rule" if self.hard else "target"
        return (
            f"{names}: equal shares, within {self.tolerance_seats} "
            f"seat{'s' if self.tolerance_seats != 1 else ''} ({kind})"
        )


@dataclass(frozen=True)
class MembershipPolicy:
    seat_count: int
    term_length_years: int = 1
    max_consecutive_terms: int = 3
    rules: tuple[ShareRule, ...] = field(default_factory=tuple)
    equal_shares: tuple[EqualSharesRule, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        def clean(d: dict[str, Any]) -> dict[str, Any]:
            return {
                k: (str(v) if isinstance(v, StrEnum) else v) for k, v in d.items() if v is not None
            }

        return {
            "seat_count": self.seat_count,
            "term_length_years": self.term_length_years,
            "max_consecutive_terms": self.max_consecutive_terms,
            "rules": [clean(asdict(rule)) for rule in self.rules],
            "equal_shares": [
                {**clean(asdict(rule)), "groups": list(rule.groups)} for rule in self.equal_shares
            ],
        }

    @classmethod
    def from_dict(cls, data: Any) -> MembershipPolicy:
        """Parse and validate; raises ``PolicyError`` with every problem, by field path."""
        return _parse(data)

    def hard_rules(self) -> tuple[ShareRule, ...]:
        return tuple(rule for rule in self.rules if rule.hard)

    def describe(self) -> list[str]:
        lines = [
            f"{self.seat_count} seats",
            f"terms of {self.term_length_years} year{'s' if self.term_length_years != 1 else ''}",
            f"at most {self.max_consecutive_terms} consecutive terms",
        ]
        lines += [rule.describe() for rule in self.rules]
        lines += [rule.describe() for rule in self.equal_shares]
        return lines


class PolicyError(ValueError):
    """Invalid policy. ``errors`` maps a field path (``rules.0.max_percent``) to messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__(
            "; ".join(f"{path}: {' '.join(messages)}" for path, messages in errors.items())
        )


def default_policy(seat_count: int = 55) -> MembershipPolicy:
    """The renewal guidance of 2018-2023 (DOMAIN.md): government at most 40% (hard), the other
    three stakeholder groups in equal shares, regional and gender balance as targets."""
    regional = tuple(
        ShareRule(Dimension.REGION, region, hard=False, min_percent=15, max_percent=25)
        for region in ("african", "asia_pacific", "eastern_european", "grulac", "weog")
    )
    return MembershipPolicy(
        seat_count=seat_count,
        term_length_years=1,
        max_consecutive_terms=3,
        rules=(
            ShareRule(Dimension.STAKEHOLDER_GROUP, "government", hard=True, max_percent=40),
            *regional,
            ShareRule(Dimension.GENDER, "woman", hard=False, min_percent=40),
            ShareRule(Dimension.GENDER, "man", hard=False, max_percent=60),
        ),
        equal_shares=(
            EqualSharesRule(
                Dimension.STAKEHOLDER_GROUP,
                ("private_sector", "civil_society", "technical_academic"),
                tolerance_seats=2,
                hard=False,
            ),
        ),
    )


# Parsing ---------------------------------------------------------------------------------


class _Errors:
    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, path: str, message: str) -> None:
        self.errors.setdefault(path, []).append(message)


def _int(
    data: dict[str, Any], key: str, path: str, errs: _Errors, *, low: int, high: int
) -> int | None:
    value = data.get(key)
    if value is None:
        errs.add(path, "This field is required.")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        errs.add(path, "Enter a whole number.")
        return None
    if not low <= value <= high:
        errs.add(path, f"Enter a number from {low} to {high}.")
        return None
    return value


def _optional_number(
    data: dict[str, Any], key: str, path: str, errs: _Errors, *, integer: bool, high: float
) -> float | int | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or (integer and not isinstance(value, int))
    ):
        errs.add(path, "Enter a whole number." if integer else "Enter a number.")
        return None
    if not 0 <= value <= high:
        errs.add(path, f"Enter a number from 0 to {high:g}.")
        return None
    return value


def _dimension(data: dict[str, Any], path: str, errs: _Errors) -> Dimension | None:
    try:
        return Dimension(str(data.get("dimension")))
    except ValueError:
        choices = ", ".join(d.value for d in Dimension)
        errs.add(path, f"Unknown dimension {data.get('dimension')!r}; choose one of {choices}.")
        return None


def _hard(data: dict[str, Any], path: str, errs: _Errors) -> bool:
    value = data.get("hard", False)
    if not isinstance(value, bool):
        errs.add(path, "Enter true (a rule that must hold) or false (a target).")
        return False
    return value


def _parse(data: Any) -> MembershipPolicy:
    errs = _Errors()
    if not isinstance(data, dict):
        raise PolicyError({"": ["A policy is an object with seat_count, rules and equal_shares."]})
    seat_count = _int(data, "seat_count", "seat_count", errs, low=1, high=MAX_SEATS)
    term_length = _int(data, "term_length_years", "term_length_years", errs, low=1, high=10)
    max_terms = _int(data, "max_consecutive_terms", "max_consecutive_terms", errs, low=1, high=20)
    seats = seat_count or MAX_SEATS

    rules: list[ShareRule] = []
    raw_rules = data.get("rules", [])
    if not isinstance(raw_rules, list):
        errs.add("rules", "Enter a list of rules.")
        raw_rules = []
    seen: set[tuple[Dimension, str, bool]] = set()
    for i, raw in enumerate(raw_rules):
        path = f"rules.{i}"
        if not isinstance(raw, dict):
            errs.add(path, "Each rule is an object.")
            continue
        dimension = _dimension(raw, f"{path}.dimension", errs)
        group = raw.get("group")
        if dimension is not None and group not in GROUPS[dimension]:
            known = ", ".join(GROUPS[dimension])
            errs.add(
                f"{path}.group",
                f"Unknown {DIMENSION_NAMES[dimension]} {group!r}; choose one of {known}.",
            )
            dimension = None
        hard = _hard(raw, f"{path}.hard", errs)
        min_percent = _optional_number(
            raw, "min_percent", f"{path}.min_percent", errs, integer=False, high=100
        )
        max_percent = _optional_number(
            raw, "max_percent", f"{path}.max_percent", errs, integer=False, high=100
        )
        min_count = _optional_number(
            raw, "min_count", f"{path}.min_count", errs, integer=True, high=seats
        )
        max_count = _optional_number(
            raw, "max_count", f"{path}.max_count", errs, integer=True, high=seats
        )
        if all(v is None for v in (min_percent, max_percent, min_count, max_count)) and not any(
            f"{path}.{k}" in errs.errors
            for k in ("min_percent", "max_percent", "min_count", "max_count")
        ):
            errs.add(path, "Give at least one bound: a minimum or maximum share or count.")
        if min_percent is not None and max_percent is not None and min_percent > max_percent:
            errs.add(f"{path}.min_percent", "The minimum share is above the maximum share.")
        if min_count is not None and max_count is not None and min_count > max_count:
            errs.add(f"{path}.min_count", "The minimum count is above the maximum count.")
        if dimension is None or not isinstance(group, str):
            continue
        key = (dimension, group, hard)
        if key in seen:
            errs.add(
                path,
                f"{GROUPS[dimension][group]} already has a "
                f"{'rule' if hard else 'target'}; merge the two.",
            )
        seen.add(key)
        rule = ShareRule(dimension, group, hard, min_percent, max_percent, min_count, max_count)  # type: ignore[arg-type]
        if seat_count is not None:
            low, high = rule.bounds(seat_count)
            if low > high:
                errs.add(path, f"No number of seats out of {seat_count} meets this rule.")
        rules.append(rule)

    # The minimum shares of one dimension cannot add up to more than every seat.
    if seat_count is not None:
        for dimension in Dimension:
            minimum = sum(
                r.bounds(seat_count)[0] for r in rules if r.dimension == dimension and r.hard
            )
            if minimum > seat_count:
                errs.add(
                    "rules",
                    f"The minimums for {DIMENSION_NAMES[dimension]} add up to {minimum} seats, "
                    f"more than the {seat_count} there are.",
                )

    equal: list[EqualSharesRule] = []
    raw_equal = data.get("equal_shares", [])
    if not isinstance(raw_equal, list):
        errs.add("equal_shares", "Enter a list.")
        raw_equal = []
    for i, raw in enumerate(raw_equal):
        path = f"equal_shares.{i}"
        if not isinstance(raw, dict):
            errs.add(path, "Each entry is an object.")
            continue
        dimension = _dimension(raw, f"{path}.dimension", errs)
        groups = raw.get("groups")
        if not isinstance(groups, list) or len(groups) < 2:
            errs.add(f"{path}.groups", "Name at least two groups.")
            continue
        if dimension is not None:
            unknown = [g for g in groups if g not in GROUPS[dimension]]
            if unknown:
                errs.add(
                    f"{path}.groups",
                    f"Unknown {DIMENSION_NAMES[dimension]}: {', '.join(map(str, unknown))}.",
                )
            if len(set(groups)) != len(groups):
                errs.add(f"{path}.groups", "A group is named twice.")
        tolerance = _optional_number(
            raw, "tolerance_seats", f"{path}.tolerance_seats", errs, integer=True, high=seats
        )
        hard = _hard(raw, f"{path}.hard", errs)
        if dimension is not None and f"{path}.groups" not in errs.errors:
            equal.append(EqualSharesRule(dimension, tuple(groups), int(tolerance or 0), hard))

    if errs.errors:
        raise PolicyError(errs.errors)
    if seat_count is None or term_length is None or max_terms is None:  # pragma: no cover
        raise PolicyError({"": ["Incomplete policy."]})
    return MembershipPolicy(seat_count, term_length, max_terms, tuple(rules), tuple(equal))
