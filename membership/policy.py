"""The membership policy: seats, terms and balance rules, as data.

Each Terms of Reference revision carries one policy (see DOMAIN.md: numbers are policy that
changes over time, never constants in code). This module is plain Python: the policy format,
its validation with field-level problems, and the JSON form used by forms, the ToR diff and
``manage.py select_balanced --policy POLICY.json``. It speaks codes, never prose: a problem is
a code and its parameters (``Problem("out_of_range", {"low": 1, "high": 500})``), and
``membership.policy_text`` turns codes into words in the reader's language.

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


# The groups of each dimension, by code. Their translated labels live in membership/choices.py
# (a test keeps the two in step).
GROUPS: dict[Dimension, tuple[str, ...]] = {
    Dimension.STAKEHOLDER_GROUP: (
        "government",
        "private_sector",
        "civil_society",
        "technical_academic",
    ),
    Dimension.REGION: ("african", "asia_pacific", "eastern_european", "grulac", "weog", "none"),
    Dimension.GENDER: ("woman", "man", "non_binary", "self_described", "prefer_not_to_say"),
}

# Seat types, by code (membership/roster/models.py SeatType has their labels; a test keeps
# the two in step).
SEAT_TYPES = ("regular", "former_host", "igo_observer", "chair", "host_co_chair", "ex_officio")

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


@dataclass(frozen=True)
class EqualSharesRule:
    """Several groups share seats equally: largest minus smallest at most ``tolerance_seats``."""

    dimension: Dimension
    groups: tuple[str, ...]
    tolerance_seats: int
    hard: bool


Rule = ShareRule | EqualSharesRule


@dataclass(frozen=True)
class SeatTypeRule:
    """How a seat type counts: toward the seat total and every balance rule (``counts``), and
    toward the consecutive-term limit (``term_limit``). Seat types without a rule count fully."""

    seat_type: str
    counts: bool = True
    term_limit: bool = True


@dataclass(frozen=True)
class MembershipPolicy:
    seat_count: int
    term_length_years: int = 1
    max_consecutive_terms: int = 3
    rules: tuple[ShareRule, ...] = field(default_factory=tuple)
    equal_shares: tuple[EqualSharesRule, ...] = field(default_factory=tuple)
    seat_types: tuple[SeatTypeRule, ...] = field(default_factory=tuple)
    # A working group draws its members only from the current members of the body it is part of.
    members_from_parent: bool = False

    @property
    def uncounted_seat_types(self) -> frozenset[str]:
        """Seat types that count toward neither the seat total nor any balance rule."""
        return frozenset(r.seat_type for r in self.seat_types if not r.counts)

    @property
    def unlimited_seat_types(self) -> frozenset[str]:
        """Seat types the consecutive-term limit does not apply to."""
        return frozenset(r.seat_type for r in self.seat_types if not r.term_limit)

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
            "seat_types": [asdict(rule) for rule in self.seat_types],
            "members_from_parent": self.members_from_parent,
        }

    @classmethod
    def from_dict(cls, data: Any) -> MembershipPolicy:
        """Parse and validate; raises ``PolicyError`` with every problem, by field path."""
        return _Parser().parse(data)

    def hard_rules(self) -> tuple[ShareRule, ...]:
        return tuple(rule for rule in self.rules if rule.hard)


@dataclass(frozen=True)
class Problem:
    """What is wrong with one field: a code and the numbers or names the message needs."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


class PolicyError(ValueError):
    """Invalid policy. ``errors`` maps a field path (``rules.0.max_percent``) to problems."""

    def __init__(self, errors: dict[str, list[Problem]]) -> None:
        self.errors = errors
        super().__init__(
            "; ".join(
                f"{path or 'policy'}: {', '.join(p.code for p in problems)}"
                for path, problems in errors.items()
            )
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


def default_policy_for(kind: str, seat_count: int | None = None) -> MembershipPolicy:
    """A starting policy for a body of ``kind`` (a ``BodyKind`` value) until its own ToR sets
    one: the MAG's renewal guidance for advisory groups; two-year terms and uncounted ex officio
    seats for a panel (the Leadership Panel); members drawn from the parent body for a working
    group; two-year terms for national, regional and youth initiatives."""
    if kind == "panel":
        return MembershipPolicy(
            seat_count=seat_count or 10,
            term_length_years=2,
            max_consecutive_terms=2,
            rules=(
                ShareRule(Dimension.GENDER, "woman", hard=False, min_percent=40),
                ShareRule(Dimension.GENDER, "man", hard=False, max_percent=60),
            ),
            seat_types=(SeatTypeRule("ex_officio", counts=False, term_limit=False),),
        )
    if kind == "working_group":
        return MembershipPolicy(
            seat_count=seat_count or 12,
            term_length_years=1,
            max_consecutive_terms=5,
            members_from_parent=True,
        )
    if kind in ("national", "regional", "youth"):
        return MembershipPolicy(
            seat_count=seat_count or 16,
            term_length_years=2,
            max_consecutive_terms=2,
            equal_shares=(
                EqualSharesRule(
                    Dimension.STAKEHOLDER_GROUP,
                    ("government", "private_sector", "civil_society", "technical_academic"),
                    tolerance_seats=2,
                    hard=False,
                ),
            ),
        )
    return default_policy(seat_count or 55)


# Parsing ---------------------------------------------------------------------------------

_BOUNDS = ("min_percent", "max_percent", "min_count", "max_count")


class _Parser:
    """Reads a policy's JSON form, collecting every problem before raising ``PolicyError``."""

    def __init__(self) -> None:
        self.errors: dict[str, list[Problem]] = {}

    def add(self, path: str, code: str, **params: Any) -> None:
        self.errors.setdefault(path, []).append(Problem(code, params))

    def parse(self, data: Any) -> MembershipPolicy:
        if not isinstance(data, dict):
            raise PolicyError({"": [Problem("not_a_policy")]})
        seat_count = self._int(data, "seat_count", low=1, high=MAX_SEATS)
        term_length = self._int(data, "term_length_years", low=1, high=10)
        max_terms = self._int(data, "max_consecutive_terms", low=1, high=20)
        seats = seat_count or MAX_SEATS
        rules: list[ShareRule] = []
        seen: set[tuple[Dimension, str, bool]] = set()
        for i, raw in enumerate(self._list(data, "rules")):
            rule = self._share_rule(raw, f"rules.{i}", seat_count, seats)
            if rule is None:
                continue
            key = (rule.dimension, rule.group, rule.hard)
            if key in seen:
                self.add(
                    f"rules.{i}",
                    "duplicate_rule",
                    dimension=rule.dimension.value,
                    group=rule.group,
                    hard=rule.hard,
                )
            seen.add(key)
            rules.append(rule)
        if seat_count is not None:
            self._check_minimums(rules, seat_count)
        equal = [
            shares
            for i, raw in enumerate(self._list(data, "equal_shares"))
            if (shares := self._equal_rule(raw, f"equal_shares.{i}", seats)) is not None
        ]
        seat_types = [
            seat_rule
            for i, raw in enumerate(self._list(data, "seat_types"))
            if (seat_rule := self._seat_type(raw, f"seat_types.{i}")) is not None
        ]
        if len({r.seat_type for r in seat_types}) != len(seat_types):
            self.add("seat_types", "duplicate_seat_type")
        from_parent = self._flag(data, "members_from_parent", "members_from_parent")
        if self.errors:
            raise PolicyError(self.errors)
        if seat_count is None or term_length is None or max_terms is None:  # pragma: no cover
            raise PolicyError({"": [Problem("not_a_policy")]})
        return MembershipPolicy(
            seat_count,
            term_length,
            max_terms,
            tuple(rules),
            tuple(equal),
            tuple(seat_types),
            from_parent,
        )

    # Fields ---------------------------------------------------------------------------

    def _int(self, data: dict[str, Any], key: str, *, low: int, high: int) -> int | None:
        value = data.get(key)
        if value is None:
            self.add(key, "required")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(key, "not_integer")
            return None
        if not low <= value <= high:
            self.add(key, "out_of_range", low=low, high=high)
            return None
        return value

    def _number(
        self, data: dict[str, Any], key: str, path: str, *, integer: bool, high: float
    ) -> float | int | None:
        value = data.get(key)
        if value is None or value == "":
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or (integer and not isinstance(value, int))
        ):
            self.add(path, "not_integer" if integer else "not_number")
            return None
        if not 0 <= value <= high:
            self.add(path, "out_of_range", low=0, high=high)
            return None
        return value

    def _list(self, data: dict[str, Any], key: str) -> list[Any]:
        value = data.get(key, [])
        if not isinstance(value, list):
            self.add(key, "not_a_list")
            return []
        return value

    def _dimension(self, data: dict[str, Any], path: str) -> Dimension | None:
        try:
            return Dimension(str(data.get("dimension")))
        except ValueError:
            self.add(
                path,
                "unknown_dimension",
                value=data.get("dimension"),
                choices=[d.value for d in Dimension],
            )
            return None

    def _hard(self, data: dict[str, Any], path: str) -> bool:
        return self._flag(data, "hard", path)

    def _flag(self, data: dict[str, Any], key: str, path: str, default: bool = False) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.add(path, "not_a_boolean")
            return default
        return value

    def _seat_type(self, raw: Any, path: str) -> SeatTypeRule | None:
        if not isinstance(raw, dict):
            self.add(path, "not_an_object")
            return None
        seat_type = raw.get("seat_type")
        if seat_type not in SEAT_TYPES:
            self.add(f"{path}.seat_type", "unknown_seat_type", value=seat_type, choices=SEAT_TYPES)
            return None
        counts = self._flag(raw, "counts", f"{path}.counts", default=True)
        term_limit = self._flag(raw, "term_limit", f"{path}.term_limit", default=True)
        return SeatTypeRule(str(seat_type), counts, term_limit)

    # Rules ----------------------------------------------------------------------------

    def _share_rule(
        self, raw: Any, path: str, seat_count: int | None, seats: int
    ) -> ShareRule | None:
        if not isinstance(raw, dict):
            self.add(path, "not_an_object")
            return None
        dimension = self._dimension(raw, f"{path}.dimension")
        group = raw.get("group")
        if dimension is not None and group not in GROUPS[dimension]:
            self.add(
                f"{path}.group",
                "unknown_group",
                dimension=dimension.value,
                value=group,
                choices=list(GROUPS[dimension]),
            )
            dimension = None
        hard = self._hard(raw, f"{path}.hard")
        min_percent = self._number(
            raw, "min_percent", f"{path}.min_percent", integer=False, high=100
        )
        max_percent = self._number(
            raw, "max_percent", f"{path}.max_percent", integer=False, high=100
        )
        min_count = self._number(raw, "min_count", f"{path}.min_count", integer=True, high=seats)
        max_count = self._number(raw, "max_count", f"{path}.max_count", integer=True, high=seats)
        values = (min_percent, max_percent, min_count, max_count)
        if all(v is None for v in values) and not any(
            f"{path}.{k}" in self.errors for k in _BOUNDS
        ):
            self.add(path, "no_bound")
        if min_percent is not None and max_percent is not None and min_percent > max_percent:
            self.add(f"{path}.min_percent", "min_share_above_max")
        if min_count is not None and max_count is not None and min_count > max_count:
            self.add(f"{path}.min_count", "min_count_above_max")
        if dimension is None or not isinstance(group, str):
            return None
        rule = ShareRule(
            dimension,
            group,
            hard,
            min_percent,
            max_percent,
            None if min_count is None else int(min_count),
            None if max_count is None else int(max_count),
        )
        if seat_count is not None:
            low, high = rule.bounds(seat_count)
            if low > high:
                self.add(path, "unmeetable", seats=seat_count)
        return rule

    def _check_minimums(self, rules: list[ShareRule], seat_count: int) -> None:
        """The minimum shares of one dimension cannot add up to more than every seat."""
        for dimension in Dimension:
            minimum = sum(
                r.bounds(seat_count)[0] for r in rules if r.dimension == dimension and r.hard
            )
            if minimum > seat_count:
                self.add(
                    "rules",
                    "minimums_exceed_seats",
                    dimension=dimension.value,
                    minimum=minimum,
                    seats=seat_count,
                )

    def _equal_rule(self, raw: Any, path: str, seats: int) -> EqualSharesRule | None:
        if not isinstance(raw, dict):
            self.add(path, "not_an_object")
            return None
        dimension = self._dimension(raw, f"{path}.dimension")
        groups = raw.get("groups")
        if not isinstance(groups, list) or len(groups) < 2:
            self.add(f"{path}.groups", "too_few_groups")
            return None
        if dimension is not None:
            unknown = [g for g in groups if g not in GROUPS[dimension]]
            if unknown:
                self.add(
                    f"{path}.groups",
                    "unknown_groups",
                    dimension=dimension.value,
                    values=[str(g) for g in unknown],
                )
            if len(set(map(str, groups))) != len(groups):
                self.add(f"{path}.groups", "duplicate_group")
        tolerance = self._number(
            raw, "tolerance_seats", f"{path}.tolerance_seats", integer=True, high=seats
        )
        hard = self._hard(raw, f"{path}.hard")
        if dimension is None or f"{path}.groups" in self.errors:
            return None
        return EqualSharesRule(dimension, tuple(groups), int(tolerance or 0), hard)
