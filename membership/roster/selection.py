"""Balanced selection: fill the open seats of a cycle from the nomination pool.

Pure Python plus the HiGHS solver (``highspy``); no database access. The roster services hand
in ``Candidate`` values and get back a ``SelectionResult``; ``manage.py select_balanced`` reads
them from CSV.

The integer program
-------------------
One binary variable per candidate who may be chosen (continuing members are fixed in). Every
share rule and equal-shares rule of the policy becomes constraints with *elastic* slack: a rule
may be broken, at a cost. The objective is lexicographic through weights, most important first:

1. hard rules (per seat of slack, then per rule broken),
2. targets: first how many are broken, then by how many seats,
3. preference: the shortlist score (normalised to 0..1, weight 0.7) and country novelty
   (weight 0.3; 1 for a country never represented, 1/(1+n) for one represented in n cycles).

So when every rule can be met the answer meets them all and maximises preference; when it
cannot, the answer is the composition that breaks the fewest, least important rules, and
``conflicts`` says which rules could not be met and why, as codes with their numbers
(``membership.roster.texts`` words them).

Candidates who are interchangeable for every rule (same stakeholder group, region and gender)
differ only in preference, so at most ``open seats`` of each such type can ever be chosen: the
model keeps only those (an exact reduction), which keeps it small for pools of 10,000.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from membership.policy import Dimension, MembershipPolicy, Rule, ShareRule
from membership.roster.balance import BalanceReport, Grouped, Seat, Violation, evaluate, rule_key
from membership.roster.solver import RuleVars, SelectionModel

SCORE_WEIGHT = 0.7
NOVELTY_WEIGHT = 0.3


@dataclass(frozen=True)
class Candidate(Grouped):
    """Someone who may hold a seat. ``continuing`` members are fixed in; ``prior_terms`` is the
    number of consecutive terms served up to this cycle (a renewal makes it one more)."""

    key: str
    stakeholder_group: str
    region: str
    gender: str
    country: str = ""
    score: float = 0.0
    continuing: bool = False
    prior_terms: int = 0
    label: str = ""

    def seat(self) -> Seat:
        return Seat(
            key=self.key,
            stakeholder_group=self.stakeholder_group,
            region=self.region,
            gender=self.gender,
            country=self.country,
            consecutive_terms=self.prior_terms + 1,
            label=self.label or self.key,
        )


class ConflictCode(StrEnum):
    TOO_MANY_CONTINUING = "too_many_continuing"  # continuing members exceed the seats
    POOL_TOO_SMALL = "pool_too_small"  # fewer eligible candidates than open seats
    SUPPLY_SHORT = "supply_short"  # too few of a group to reach its minimum
    CONTINUING_OVER = "continuing_over"  # continuing members alone exceed a group's maximum
    COMPETING = "competing"  # the pool could meet the rule alone, not with the others


@dataclass(frozen=True)
class Intersection:
    """Where two rules on different dimensions compete for the same seats. ``inside`` of the
    pool's eligible ``of`` (dimension, group) are also ``also``; with ``share`` the total of
    ``of`` is ``total`` (for "581 of the pool's 581 eligible women are from WEOG")."""

    of: tuple[Dimension, str]
    also: tuple[Dimension, str]
    inside: int
    total: int = 0
    share: bool = False


@dataclass(frozen=True)
class Conflict:
    """A rule the best composition still breaks, and why the pool cannot meet it.

    By code: too many continuing (``continuing``, ``seats``); pool too small (``eligible``,
    ``open_seats``); supply short (``supply`` eligible of the group, ``fixed`` continuing,
    ``needed`` seats, ``short``); continuing over (``fixed``, ``allowed``, ``excess``); competing
    (``violation``, what meeting it would break in ``would_break``, or ``unmeetable`` when no
    choice meets it with the hard rules; and the pool's ``intersections``)."""

    code: ConflictCode
    hard: bool
    seats: int
    rule: Rule | None = None
    violation: Violation | None = None
    continuing: int = 0
    eligible: int = 0
    open_seats: int = 0
    supply: int = 0
    fixed: int = 0
    needed: int = 0
    short: int = 0
    allowed: int = 0
    excess: int = 0
    would_break: tuple[Violation, ...] = ()
    unmeetable: bool = False
    intersections: tuple[Intersection, ...] = ()


@dataclass
class SelectionResult:
    continuing: list[Candidate]
    selected: list[Candidate]
    report: BalanceReport
    conflicts: list[Conflict] = field(default_factory=list)
    ineligible: list[Candidate] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def meets_hard_rules(self) -> bool:
        return self.report.meets_hard_rules

    @property
    def meets_everything(self) -> bool:
        return self.report.meets_everything

    @property
    def composition(self) -> list[Candidate]:
        return [*self.continuing, *self.selected]


# Selection -------------------------------------------------------------------------------


def select(
    candidates: Iterable[Candidate],
    policy: MembershipPolicy,
    *,
    seat_count: int | None = None,
    country_history: Mapping[str, int] | None = None,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    explain: bool = True,
) -> SelectionResult:
    """Fill the open seats: continuing members fixed, every hard rule met when the pool
    allows, then as many targets as possible, then the highest preference. ``include`` and
    ``exclude`` force candidates in or out (the chair's swaps). ``country_history`` maps a
    country to the number of past cycles it was represented in; without it, the continuing
    members' countries count as represented."""
    started = time.perf_counter()
    seats = policy.seat_count if seat_count is None else seat_count
    candidates = list(candidates)
    include_set, exclude_set = set(include), set(exclude)
    continuing = [c for c in candidates if c.continuing]
    eligible: list[Candidate] = []
    ineligible: list[Candidate] = []
    for c in candidates:
        if c.continuing or c.key in exclude_set:
            continue
        if c.prior_terms + 1 > policy.max_consecutive_terms:
            ineligible.append(c)
        else:
            eligible.append(c)

    if country_history is None:
        country_history = Counter(c.country for c in continuing if c.country)
    preference = _preferences(eligible, country_history)
    pool, prefs = _reduce(eligible, preference, max(0, seats - len(continuing)), include_set)

    model = SelectionModel(pool, continuing, policy, seats, prefs, include_set)
    chosen = model.solve() or []
    result = SelectionResult(
        continuing=continuing,
        selected=sorted(chosen, key=lambda c: (-c.score, c.key)),
        report=evaluate([c.seat() for c in [*continuing, *chosen]], policy, seat_count=seats),
        ineligible=ineligible,
    )
    if explain and not result.meets_everything:
        result.conflicts = _explain(result, model, eligible, continuing, policy, seats)
    result.seconds = time.perf_counter() - started
    return result


def _preferences(pool: list[Candidate], history: Mapping[str, int]) -> list[float]:
    if not pool:
        return []
    scores = [c.score for c in pool]
    low, high = min(scores), max(scores)
    span = high - low
    prefs = []
    for c in pool:
        score = (c.score - low) / span if span else 0.5
        novelty = 1.0 / (1 + history.get(c.country, 0)) if c.country else 0.0
        prefs.append(SCORE_WEIGHT * score + NOVELTY_WEIGHT * novelty)
    return prefs


def _reduce(
    pool: list[Candidate], prefs: list[float], open_seats: int, forced: set[str]
) -> tuple[list[Candidate], list[float]]:
    """Keep the best ``open_seats`` of each type (and anyone forced in); a tiny tie-break by
    key makes equal candidates resolve the same way every run."""
    by_type: dict[tuple[str, str, str], list[tuple[float, str, Candidate]]] = defaultdict(list)
    for c, p in zip(pool, prefs, strict=True):
        by_type[(c.stakeholder_group, c.region, c.gender)].append((p, c.key, c))
    kept: list[Candidate] = []
    kept_prefs: list[float] = []
    for group in by_type.values():
        group.sort(key=lambda t: (-t[0], t[1]))
        for rank, (p, _key, c) in enumerate(group):
            if rank < open_seats or c.key in forced:
                kept.append(c)
                kept_prefs.append(p - 1e-4 * rank / (len(group) + 1))
    return kept, kept_prefs


# Explanations ----------------------------------------------------------------------------


def _explain(
    result: SelectionResult,
    model: SelectionModel,
    eligible: list[Candidate],
    continuing: list[Candidate],
    policy: MembershipPolicy,
    seats: int,
) -> list[Conflict]:
    conflicts: list[Conflict] = []
    broken = {v.key: v for v in result.report.violations}
    open_seats = max(0, seats - len(continuing))
    if len(continuing) > seats:
        conflicts.append(
            Conflict(ConflictCode.TOO_MANY_CONTINUING, True, seats, continuing=len(continuing))
        )
    elif len(eligible) < open_seats:
        conflicts.append(
            Conflict(
                ConflictCode.POOL_TOO_SMALL,
                True,
                seats,
                eligible=len(eligible),
                open_seats=open_seats,
            )
        )
    for index, rv in enumerate(model.rules):
        rule = rv.rule
        violation = broken.get(rule_key(rule))
        if violation is None:
            continue
        if isinstance(rule, ShareRule):
            supply_conflict = _supply_conflict(rule, violation, eligible, continuing, seats)
            if supply_conflict is not None:
                conflicts.append(supply_conflict)
                continue
        # The pool could meet this rule alone: it conflicts with others. Say which, by solving
        # again with this rule enforced.
        would_break = _cost_of_enforcing(index, model, continuing, policy, seats, broken)
        held = result.report.count(rule.dimension, rule.group) if isinstance(rule, ShareRule) else 0
        conflicts.append(
            Conflict(
                ConflictCode.COMPETING,
                rule.hard,
                seats,
                rule,
                violation,
                would_break=tuple(would_break or ()),
                unmeetable=would_break is None,
                intersections=_intersections(rule, would_break, eligible, seats, model.rules, held),
            )
        )
    return conflicts


def _supply_conflict(
    rule: ShareRule,
    violation: Violation,
    eligible: list[Candidate],
    continuing: list[Candidate],
    seats: int,
) -> Conflict | None:
    """The pool has too few of the group, or the continuing members alone too many."""
    low, high = rule.bounds(seats)
    open_seats = max(0, seats - len(continuing))
    fixed = sum(1 for c in continuing if c.group_of(rule.dimension) == rule.group)
    supply = sum(1 for c in eligible if c.group_of(rule.dimension) == rule.group)
    if fixed + min(supply, open_seats) < low:
        return Conflict(
            ConflictCode.SUPPLY_SHORT,
            rule.hard,
            seats,
            rule,
            violation,
            supply=supply,
            fixed=fixed,
            needed=low,
            short=low - fixed - min(supply, open_seats),
        )
    if fixed > high:
        return Conflict(
            ConflictCode.CONTINUING_OVER,
            rule.hard,
            seats,
            rule,
            violation,
            fixed=fixed,
            allowed=high,
            excess=fixed - high,
        )
    return None


def _cost_of_enforcing(
    index: int,
    model: SelectionModel,
    continuing: list[Candidate],
    policy: MembershipPolicy,
    seats: int,
    broken: Mapping[str, object],
) -> list[Violation] | None:
    """What the best composition that meets rule ``index`` breaks instead (None when no
    composition meets it together with the hard rules)."""
    chosen = model.solve(enforce=[index])
    if chosen is None:
        return None
    report = evaluate([c.seat() for c in [*continuing, *chosen]], policy, seat_count=seats)
    return [v for v in report.violations if v.key not in broken and v.key != "open_seats"]


def _intersections(
    rule: Rule,
    would_break: list[Violation] | None,
    eligible: list[Candidate],
    seats: int,
    rules: list[RuleVars],
    held: int,
) -> tuple[Intersection, ...]:
    """The pool's supply where two rules on different dimensions compete for the same seats.
    Below a minimum: "the pool has 2 eligible women from the Eastern European Group". Above a
    maximum: "581 of the pool's 581 eligible women are from the Western European and Others
    Group (WEOG)" (meeting the other rule needs more of this group)."""
    if not isinstance(rule, ShareRule):
        return ()
    above = held > rule.bounds(seats)[1]
    by_key = {rule_key(rv.rule): rv.rule for rv in rules}

    def competes(other: Rule | None) -> bool:
        return (
            isinstance(other, ShareRule)
            and other.dimension != rule.dimension
            and other.bounds(seats)[0] > 0
        )

    others = [rv.rule for rv in rules if competes(rv.rule)]
    for v in would_break or ():
        other = by_key.get(v.key)
        if other is not None and competes(other) and other not in others:
            others.append(other)
    found: list[Intersection] = []
    for other in others:
        if not isinstance(other, ShareRule):
            continue
        in_other = [c for c in eligible if c.group_of(other.dimension) == other.group]
        both = sum(1 for c in in_other if c.group_of(rule.dimension) == rule.group)
        this, that = (rule.dimension, rule.group), (other.dimension, other.group)
        if above:
            if in_other and both * 2 >= len(in_other):
                found.append(Intersection(that, this, both, len(in_other), share=True))
            continue
        # Name the gender first: "women from the African Group".
        of, also = (this, that) if rule.dimension is Dimension.GENDER else (that, this)
        found.append(Intersection(of, also, both))
    return tuple(found)
