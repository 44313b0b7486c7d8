"""Balance of a composition: one pure function that evaluates a set of seats against a policy.

No database access: the roster services, the dashboard, rotation planning and the selection
solver all hand this module plain ``Seat`` values. Messages are plain English built from the
policy's group names (the interface shows them as they are; they name numbers, not people's
private data beyond what the reader may already see).

Decisions, documented here because the policy leaves them open:

- Every seat counts toward the seat count and the shares, whatever its seat type (chair,
  host-country co-chair, former host country, IGO observer): the MAG's published figures do.
- Shares are of the *seat count* (the cycle's, which overrides the policy's when given), not of
  the seats filled so far: "at most 40%" of a 55-seat MAG is 22 seats even while 10 are open.
- Hard rules: every hard ``ShareRule`` or ``EqualSharesRule``, the maximum of consecutive terms
  and "no more seats than the seat count". Seats still open are reported as a target: a
  composition is built one appointment at a time, and an open seat is not a broken rule.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from membership.policy import (
    DIMENSION_NAMES,
    GROUPS,
    Dimension,
    EqualSharesRule,
    MembershipPolicy,
    ShareRule,
)


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


class ViolationKind(StrEnum):
    SHARE = "share"
    EQUAL_SHARES = "equal_shares"
    SEAT_COUNT = "seat_count"
    OPEN_SEATS = "open_seats"
    CONSECUTIVE_TERMS = "consecutive_terms"


@dataclass(frozen=True)
class Violation:
    """A rule the composition breaks. ``key`` identifies the rule (stable across evaluations,
    so a service can tell a new or worse violation from an old one); ``seats_off`` is how many
    seats away from compliance it is."""

    kind: ViolationKind
    key: str
    hard: bool
    seats_off: int
    message: str


@dataclass(frozen=True)
class GroupCount:
    dimension: Dimension
    group: str
    name: str
    count: int
    percent: float


@dataclass(frozen=True)
class RuleCheck:
    """One rule or target of the policy against the composition."""

    description: str
    hard: bool
    low: int
    high: int
    actual: int
    met: bool
    group: str = ""
    dimension: Dimension | None = None


@dataclass(frozen=True)
class BalanceReport:
    seat_count: int
    filled: int
    counts: dict[Dimension, list[GroupCount]]
    checks: list[RuleCheck]
    violations: list[Violation] = field(default_factory=list)

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


def rule_key(rule: ShareRule | EqualSharesRule) -> str:
    if isinstance(rule, ShareRule):
        return f"share:{rule.dimension}:{rule.group}:{'hard' if rule.hard else 'target'}"
    return f"equal:{rule.dimension}:{','.join(rule.groups)}:{'hard' if rule.hard else 'target'}"


def _percent(count: int, seat_count: int) -> float:
    return 100.0 * count / seat_count if seat_count else 0.0


def _seats(n: int) -> str:
    return f"{n} seat{'s' if n != 1 else ''}"


def _limit_phrase(rule: ShareRule, hard: bool, upper: bool) -> str:
    word = "limit" if hard else "target"
    if upper:
        if rule.max_percent is not None:
            return f"the {rule.max_percent:g}% {word}"
        return f"the {word} of {_seats(rule.max_count or 0)}"
    if rule.min_percent is not None:
        return f"the {rule.min_percent:g}% {word}"
    return f"the {word} of {_seats(rule.min_count or 0)}"


def describe_share_violation(
    rule: ShareRule, count: int, seat_count: int, *, verb: str = "would hold"
) -> str | None:
    """The words for a broken share rule, or None when it holds."""
    low, high = rule.bounds(seat_count)
    share = f"{count} of {seat_count} seats ({_percent(count, seat_count):.1f}%)"
    if count > high:
        return (
            f"{rule.group_name} {verb} {share}, above {_limit_phrase(rule, rule.hard, True)} "
            f"(at most {high})"
        )
    if count < low:
        return (
            f"{rule.group_name} {verb} {share}, below {_limit_phrase(rule, rule.hard, False)} "
            f"(at least {low})"
        )
    return None


def evaluate(
    seats: Iterable[Seat],
    policy: MembershipPolicy,
    *,
    seat_count: int | None = None,
    draft: bool = True,
) -> BalanceReport:
    """Counts and shares per stakeholder group, region and gender; every rule and target of
    ``policy`` checked; each violation named in words. ``seat_count`` (a cycle's) overrides the
    policy's. ``draft`` phrases messages as "would hold" rather than "holds"."""
    seats = list(seats)
    total = policy.seat_count if seat_count is None else seat_count
    verb = "would hold" if draft else "holds"
    tallies = {
        dimension: Counter(seat.group_of(dimension) for seat in seats) for dimension in Dimension
    }

    counts: dict[Dimension, list[GroupCount]] = {}
    for dimension in Dimension:
        tally = tallies[dimension]
        rows = [
            GroupCount(
                dimension, group, name, tally.get(group, 0), _percent(tally.get(group, 0), total)
            )
            for group, name in GROUPS[dimension].items()
            # IGO's "no region" and the rarer gender options are listed only when present.
            if tally.get(group, 0)
            or group not in ("none", "self_described", "prefer_not_to_say", "non_binary")
        ]
        rows += [
            GroupCount(dimension, group, group, n, _percent(n, total))
            for group, n in sorted(tally.items())
            if group not in GROUPS[dimension]
        ]
        counts[dimension] = rows

    checks: list[RuleCheck] = []
    violations: list[Violation] = []

    filled = len(seats)
    if filled > total:
        violations.append(
            Violation(
                ViolationKind.SEAT_COUNT,
                "seat_count",
                True,
                filled - total,
                f"The composition {'would have' if draft else 'has'} {filled} seats, "
                f"{filled - total} more than the {total} of the cycle",
            )
        )
    elif filled < total:
        violations.append(
            Violation(
                ViolationKind.OPEN_SEATS,
                "open_seats",
                False,
                total - filled,
                f"{_seats(total - filled).capitalize()} of {total} still open",
            )
        )

    for rule in policy.rules:
        count = tallies[rule.dimension].get(rule.group, 0)
        low, high = rule.bounds(total)
        met = low <= count <= high
        checks.append(
            RuleCheck(rule.describe(), rule.hard, low, high, count, met, rule.group, rule.dimension)
        )
        message = describe_share_violation(rule, count, total, verb=verb)
        if message is not None:
            off = count - high if count > high else low - count
            violations.append(
                Violation(ViolationKind.SHARE, rule_key(rule), rule.hard, off, message)
            )

    for equal in policy.equal_shares:
        values = [tallies[equal.dimension].get(group, 0) for group in equal.groups]
        spread = max(values) - min(values)
        met = spread <= equal.tolerance_seats
        checks.append(
            RuleCheck(
                equal.describe(),
                equal.hard,
                0,
                equal.tolerance_seats,
                spread,
                met,
                dimension=equal.dimension,
            )
        )
        if not met:
            names = [GROUPS[equal.dimension].get(g, g) for g in equal.groups]
            held = ", ".join(f"{name} {value}" for name, value in zip(names, values, strict=True))
            word = "limit" if equal.hard else "target"
            violations.append(
                Violation(
                    ViolationKind.EQUAL_SHARES,
                    rule_key(equal),
                    equal.hard,
                    spread - equal.tolerance_seats,
                    f"The {DIMENSION_NAMES[equal.dimension]}s sharing seats equally "
                    f"{'would hold' if draft else 'hold'} "
                    f"{held}: a difference of {spread}, above the {word} of "
                    f"{equal.tolerance_seats}",
                )
            )

    limit = policy.max_consecutive_terms
    too_long = sorted(
        (seat for seat in seats if seat.consecutive_terms > limit), key=lambda s: (s.label, s.key)
    )
    checks.append(
        RuleCheck(
            f"at most {limit} consecutive terms (rule)", True, 0, 0, len(too_long), not too_long
        )
    )
    for seat in too_long:
        violations.append(
            Violation(
                ViolationKind.CONSECUTIVE_TERMS,
                f"terms:{seat.key}",
                True,
                seat.consecutive_terms - limit,
                f"{seat.label or seat.key} {'would serve' if draft else 'serves'} "
                f"{_ordinal(seat.consecutive_terms)} consecutive term; the limit is {limit}",
            )
        )

    violations.sort(key=lambda v: (not v.hard, v.kind != ViolationKind.SEAT_COUNT))
    return BalanceReport(total, filled, counts, checks, violations)


def new_or_worse_hard_violations(before: BalanceReport, after: BalanceReport) -> list[Violation]:
    """Hard violations of ``after`` that ``before`` did not have, or had by fewer seats: what a
    write may not introduce without an override."""
    previous = {v.key: v.seats_off for v in before.hard_violations}
    return [v for v in after.hard_violations if v.seats_off > previous.get(v.key, 0)]


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    article = "an" if str(n).startswith("8") or n in (11, 18) else "a"
    return f"{article} {n}{suffix}"
