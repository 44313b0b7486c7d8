"""Balance of a composition: one pure function that evaluates a set of seats against a policy.

No database access and no prose: the roster services, the dashboard, rotation planning and the
selection solver all hand this module plain ``Seat`` values, and get back counts, rule checks
and violations as codes with their numbers (``membership.roster.texts`` words them in the
reader's language).

Decisions, documented here because the policy leaves them open:

- A seat counts toward the seat count and the shares unless the policy says its seat type
  does not (``SeatTypeRule(counts=False)``: the Leadership Panel's ex officio seats); the
  consecutive-term limit applies unless the policy says it does not (``term_limit=False``).
  Seats that do not count are listed apart (``BalanceReport.uncounted``).
- Shares are of the *seat count* (the cycle's, which overrides the policy's when given), not of
  the seats filled so far: "at most 40%" of a 55-seat MAG is 22 seats even while 10 are open.
- Hard rules: every hard ``ShareRule`` or ``EqualSharesRule``, the maximum of consecutive terms
  and "no more seats than the seat count". Seats still open are reported as a target: a
  composition is built one appointment at a time, and an open seat is not a broken rule.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from membership.policy import (
    GROUPS,
    Dimension,
    EqualSharesRule,
    MembershipPolicy,
    Rule,
    ShareRule,
)

# Groups listed only when someone holds a seat in them (IGO's "no region", rarer genders).
LISTED_WHEN_PRESENT = frozenset({"none", "self_described", "prefer_not_to_say", "non_binary"})


class Grouped:
    """Anything with a stakeholder group, a region and a gender: a seat, a candidate."""

    stakeholder_group: str
    region: str
    gender: str

    def group_of(self, dimension: Dimension) -> str:
        if dimension is Dimension.STAKEHOLDER_GROUP:
            return self.stakeholder_group
        if dimension is Dimension.REGION:
            return self.region
        return self.gender


@dataclass(frozen=True)
class Seat(Grouped):
    """One seat of a composition. ``consecutive_terms`` counts this appointment too (1 for a
    first term). ``label`` names the holder in messages (a name, or an id)."""

    key: str
    stakeholder_group: str
    region: str
    gender: str
    country: str = ""
    consecutive_terms: int = 1
    label: str = ""
    seat_type: str = "regular"


class ViolationCode(StrEnum):
    SHARE_ABOVE_MAX = "share_above_max"
    SHARE_BELOW_MIN = "share_below_min"
    EQUAL_SHARES_SPREAD = "equal_shares_spread"
    SEATS_OVER = "seats_over"
    SEATS_OPEN = "seats_open"
    CONSECUTIVE_TERMS = "consecutive_terms"


@dataclass(frozen=True)
class Violation:
    """A rule the composition breaks, as a code and its numbers.

    ``key`` identifies the rule (stable across evaluations, so a service can tell a new or worse
    violation from an old one); ``seats_off`` is how many seats away from compliance it is.
    By code: a share (``dimension``, ``group``, ``count`` held, ``limit`` the bound in seats,
    ``percent`` the rule's share bound or None for a count); equal shares (``dimension``,
    ``groups`` with their ``counts``, ``count`` the spread, ``limit`` the tolerance); seats over
    or open (``count`` filled, ``seats``); consecutive terms (``holder``, ``count`` terms,
    ``limit``). ``draft`` says the composition is proposed (it "would hold")."""

    code: ViolationCode
    key: str
    hard: bool
    seats_off: int
    seats: int
    count: int = 0
    limit: int = 0
    dimension: Dimension | None = None
    group: str = ""
    percent: float | None = None
    groups: tuple[str, ...] = ()
    counts: tuple[int, ...] = ()
    holder: str = ""
    draft: bool = True

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form, for recording what an override overrode."""
        data = asdict(self)
        data["groups"], data["counts"] = list(self.groups), list(self.counts)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Violation:
        values = dict(data)
        values["code"] = ViolationCode(values["code"])
        if values.get("dimension"):
            values["dimension"] = Dimension(values["dimension"])
        values["groups"] = tuple(values.get("groups", ()))
        values["counts"] = tuple(values.get("counts", ()))
        return cls(**values)


@dataclass(frozen=True)
class GroupCount:
    dimension: Dimension
    group: str
    count: int
    percent: float


class CheckKind(StrEnum):
    SHARE = "share"
    EQUAL_SHARES = "equal_shares"
    CONSECUTIVE_TERMS = "consecutive_terms"


@dataclass(frozen=True)
class RuleCheck:
    """One rule or target of the policy against the composition. ``rule`` is the policy's
    rule (None for the consecutive-term limit, whose ``high`` is the limit)."""

    kind: CheckKind
    hard: bool
    low: int
    high: int
    actual: int
    met: bool
    rule: Rule | None = None

    @property
    def dimension(self) -> Dimension | None:
        return self.rule.dimension if self.rule is not None else None

    @property
    def group(self) -> str:
        return self.rule.group if isinstance(self.rule, ShareRule) else ""


@dataclass(frozen=True)
class BalanceReport:
    seat_count: int
    filled: int
    counts: dict[Dimension, list[GroupCount]]
    checks: list[RuleCheck]
    violations: list[Violation] = field(default_factory=list)
    uncounted: int = 0  # seats whose type counts toward neither the seats nor balance

    @property
    def hard_violations(self) -> list[Violation]:
        return [v for v in self.violations if v.hard]

    @property
    def target_violations(self) -> list[Violation]:
        return [v for v in self.violations if not v.hard]

    @property
    def meets_hard_rules(self) -> bool:
        return not self.hard_violations

    @property
    def meets_everything(self) -> bool:
        return not self.violations

    @property
    def open_seats(self) -> int:
        return max(0, self.seat_count - self.filled)

    def count(self, dimension: Dimension, group: str) -> int:
        return next((c.count for c in self.counts[dimension] if c.group == group), 0)


def rule_key(rule: Rule) -> str:
    if isinstance(rule, ShareRule):
        return f"share:{rule.dimension}:{rule.group}:{'hard' if rule.hard else 'target'}"
    return f"equal:{rule.dimension}:{','.join(rule.groups)}:{'hard' if rule.hard else 'target'}"


def _percent(count: int, seat_count: int) -> float:
    return 100.0 * count / seat_count if seat_count else 0.0


def share_violation(
    rule: ShareRule, count: int, seat_count: int, *, draft: bool = True
) -> Violation | None:
    """The violation of a share rule by ``count`` seats of ``seat_count``, or None."""
    low, high = rule.bounds(seat_count)
    if count > high:
        code, off, limit, percent = (
            ViolationCode.SHARE_ABOVE_MAX,
            count - high,
            high,
            rule.max_percent,
        )
    elif count < low:
        code, off, limit, percent = (
            ViolationCode.SHARE_BELOW_MIN,
            low - count,
            low,
            rule.min_percent,
        )
    else:
        return None
    return Violation(
        code,
        rule_key(rule),
        rule.hard,
        off,
        seat_count,
        count=count,
        limit=limit,
        dimension=rule.dimension,
        group=rule.group,
        percent=percent,
        draft=draft,
    )


def _counts(
    tallies: dict[Dimension, Counter[str]], total: int
) -> dict[Dimension, list[GroupCount]]:
    counts: dict[Dimension, list[GroupCount]] = {}
    for dimension in Dimension:
        tally = tallies[dimension]
        rows = [
            GroupCount(dimension, group, tally.get(group, 0), _percent(tally.get(group, 0), total))
            for group in GROUPS[dimension]
            if tally.get(group, 0) or group not in LISTED_WHEN_PRESENT
        ]
        rows += [
            GroupCount(dimension, group, n, _percent(n, total))
            for group, n in sorted(tally.items())
            if group not in GROUPS[dimension]
        ]
        counts[dimension] = rows
    return counts


def _seat_count_violation(filled: int, total: int, draft: bool) -> Violation | None:
    if filled > total:
        over = filled - total
        return Violation(
            ViolationCode.SEATS_OVER, "seat_count", True, over, total, filled, draft=draft
        )
    if filled < total:
        return Violation(
            ViolationCode.SEATS_OPEN,
            "open_seats",
            False,
            total - filled,
            total,
            filled,
            draft=draft,
        )
    return None


def _equal_check(
    equal: EqualSharesRule, tallies: dict[Dimension, Counter[str]], total: int, draft: bool
) -> tuple[RuleCheck, Violation | None]:
    values = tuple(tallies[equal.dimension].get(group, 0) for group in equal.groups)
    spread = max(values) - min(values)
    met = spread <= equal.tolerance_seats
    check = RuleCheck(
        CheckKind.EQUAL_SHARES, equal.hard, 0, equal.tolerance_seats, spread, met, equal
    )
    if met:
        return check, None
    violation = Violation(
        ViolationCode.EQUAL_SHARES_SPREAD,
        rule_key(equal),
        equal.hard,
        spread - equal.tolerance_seats,
        total,
        count=spread,
        limit=equal.tolerance_seats,
        dimension=equal.dimension,
        groups=equal.groups,
        counts=values,
        draft=draft,
    )
    return check, violation


def _terms_violations(seats: list[Seat], limit: int, total: int, draft: bool) -> list[Violation]:
    too_long = sorted(
        (seat for seat in seats if seat.consecutive_terms > limit), key=lambda s: (s.label, s.key)
    )
    return [
        Violation(
            ViolationCode.CONSECUTIVE_TERMS,
            f"terms:{seat.key}",
            True,
            seat.consecutive_terms - limit,
            total,
            count=seat.consecutive_terms,
            limit=limit,
            holder=seat.label or seat.key,
            draft=draft,
        )
        for seat in too_long
    ]


def evaluate(
    seats: Iterable[Seat],
    policy: MembershipPolicy,
    *,
    seat_count: int | None = None,
    draft: bool = True,
) -> BalanceReport:
    """Counts and shares per stakeholder group, region and gender; every rule and target of
    ``policy`` checked; each violation as a code with its numbers. ``seat_count`` (a cycle's)
    overrides the policy's. ``draft`` marks the composition as proposed ("would hold")."""
    every = list(seats)
    uncounted = policy.uncounted_seat_types
    seats = [seat for seat in every if seat.seat_type not in uncounted]
    total = policy.seat_count if seat_count is None else seat_count
    tallies = {
        dimension: Counter(seat.group_of(dimension) for seat in seats) for dimension in Dimension
    }
    checks: list[RuleCheck] = []
    violations: list[Violation] = []
    if (over := _seat_count_violation(len(seats), total, draft)) is not None:
        violations.append(over)
    for rule in policy.rules:
        count = tallies[rule.dimension].get(rule.group, 0)
        low, high = rule.bounds(total)
        checks.append(
            RuleCheck(CheckKind.SHARE, rule.hard, low, high, count, low <= count <= high, rule)
        )
        if (broken := share_violation(rule, count, total, draft=draft)) is not None:
            violations.append(broken)
    for equal in policy.equal_shares:
        check, spread = _equal_check(equal, tallies, total, draft)
        checks.append(check)
        if spread is not None:
            violations.append(spread)
    limit = policy.max_consecutive_terms
    limited = [seat for seat in every if seat.seat_type not in policy.unlimited_seat_types]
    too_long = _terms_violations(limited, limit, total, draft)
    checks.append(
        RuleCheck(CheckKind.CONSECUTIVE_TERMS, True, 0, limit, len(too_long), not too_long)
    )
    violations += too_long
    violations.sort(key=lambda v: (not v.hard, v.code != ViolationCode.SEATS_OVER))
    return BalanceReport(
        total, len(seats), _counts(tallies, total), checks, violations, len(every) - len(seats)
    )


def new_or_worse_hard_violations(before: BalanceReport, after: BalanceReport) -> list[Violation]:
    """Hard violations of ``after`` that ``before`` did not have, or had by fewer seats: what a
    write may not introduce without an override."""
    previous = {v.key: v.seats_off for v in before.hard_violations}
    return [v for v in after.hard_violations if v.seats_off > previous.get(v.key, 0)]
