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
``conflicts`` says which rules could not be met and why, with numbers.

Candidates who are interchangeable for every rule (same stakeholder group, region and gender)
differ only in preference, so at most ``open seats`` of each such type can ever be chosen: the
model keeps only those (an exact reduction), which keeps it small for pools of 10,000.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np

from membership.policy import (
    DIMENSION_NAMES,
    GROUPS,
    Dimension,
    EqualSharesRule,
    MembershipPolicy,
    ShareRule,
)
from membership.roster.balance import BalanceReport, Grouped, Seat, evaluate, rule_key

SCORE_WEIGHT = 0.7
NOVELTY_WEIGHT = 0.3
INF = highspy.kHighsInf


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


@dataclass(frozen=True)
class Conflict:
    """A rule the best composition still breaks, and why the pool cannot meet it."""

    rule: str
    hard: bool
    message: str
    would_break: tuple[str, ...] = ()


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


class SelectionError(ValueError):
    """The solver failed for a reason other than the rules (it should not happen)."""


# The model -------------------------------------------------------------------------------


@dataclass
class _RuleVars:
    rule: ShareRule | EqualSharesRule
    slack: list[int]
    indicator: int


class _Model:
    """The elastic integer program for one pool; ``solve`` may be called with some rules
    enforced (their slack fixed at 0) to find what meeting them would cost."""

    def __init__(
        self,
        pool: list[Candidate],
        continuing: list[Candidate],
        policy: MembershipPolicy,
        seat_count: int,
        preference: list[float],
        forced: set[str],
    ) -> None:
        self.pool = pool
        self.seat_count = seat_count
        open_seats = max(0, seat_count - len(continuing))
        self.open_seats = open_seats
        fixed = {d: Counter(c.group_of(d) for c in continuing) for d in Dimension}

        costs: list[float] = []
        lower: list[float] = []
        upper: list[float] = []
        integer: list[int] = []

        def add_var(cost: float, lo: float, hi: float, is_int: bool) -> int:
            costs.append(cost)
            lower.append(lo)
            upper.append(hi)
            if is_int:
                integer.append(len(costs) - 1)
            return len(costs) - 1

        n_targets = sum(not r.hard for r in policy.rules) + sum(
            not r.hard for r in policy.equal_shares
        )
        # Weights: each level outweighs everything below it (see the module docstring).
        pref_total = float(open_seats + 1)
        target_seat = pref_total
        target_rule = target_seat * (seat_count + 1)
        hard_seat = target_rule * (n_targets + 1)
        hard_rule = hard_seat * (seat_count + 1)

        for c, pref in zip(pool, preference, strict=True):
            add_var(-pref, 1.0 if c.key in forced else 0.0, 1.0, True)
        members: dict[tuple[Dimension, str], list[int]] = defaultdict(list)
        for j, c in enumerate(pool):
            for d in Dimension:
                members[(d, c.group_of(d))].append(j)

        rows: list[tuple[list[int], list[float], float, float]] = []
        # Fill the open seats; a pool too small leaves some open (a hard shortfall).
        s_open = add_var(hard_seat, 0.0, INF, False)
        rows.append(
            ([*list(range(len(pool))), s_open], [1.0] * len(pool) + [1.0], open_seats, open_seats)
        )

        self.rules: list[_RuleVars] = []
        for rule in policy.rules:
            low, high = rule.bounds(seat_count)
            base = fixed[rule.dimension].get(rule.group, 0)
            idx = members.get((rule.dimension, rule.group), [])
            seat_w, rule_w = (hard_seat, hard_rule) if rule.hard else (target_seat, target_rule)
            s_lo = add_var(seat_w, 0.0, INF, False)
            s_hi = add_var(seat_w, 0.0, INF, False)
            y = add_var(rule_w, 0.0, 1.0, True)
            if low > 0:
                rows.append(([*idx, s_lo], [1.0] * len(idx) + [1.0], low - base, INF))
            if high < seat_count:
                rows.append(([*idx, s_hi], [1.0] * len(idx) + [-1.0], -INF, high - base))
            rows.append(([s_lo, s_hi, y], [1.0, 1.0, -float(seat_count)], -INF, 0.0))
            self.rules.append(_RuleVars(rule, [s_lo, s_hi], y))
        for equal in policy.equal_shares:
            seat_w, rule_w = (hard_seat, hard_rule) if equal.hard else (target_seat, target_rule)
            s = add_var(seat_w, 0.0, INF, False)
            y = add_var(rule_w, 0.0, 1.0, True)
            for a in equal.groups:
                for b in equal.groups:
                    if a == b:
                        continue
                    ia = members.get((equal.dimension, a), [])
                    ib = members.get((equal.dimension, b), [])
                    rhs = equal.tolerance_seats - fixed[equal.dimension].get(a, 0)
                    rhs += fixed[equal.dimension].get(b, 0)
                    rows.append(
                        (ia + ib + [s], [1.0] * len(ia) + [-1.0] * len(ib) + [-1.0], -INF, rhs)
                    )
            rows.append(([s, y], [1.0, -float(seat_count)], -INF, 0.0))
            self.rules.append(_RuleVars(equal, [s], y))

        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("mip_rel_gap", 1e-4)
        h.setOptionValue("mip_abs_gap", 1e-6)
        h.setOptionValue("threads", 1)
        # HiGHS's MIP presolve costs more than it saves on a model this small (measured: 2,000
        # candidates 0.09 s with it, 0.03 s without).
        h.setOptionValue("presolve", "off")
        n = len(costs)
        h.addCols(
            n,
            np.array(costs),
            np.array(lower),
            np.array(upper),
            0,
            np.zeros(n, dtype=np.int32),
            np.array([], dtype=np.int32),
            np.array([], dtype=np.float64),
        )
        starts: list[int] = []
        indices: list[int] = []
        values: list[float] = []
        row_lo: list[float] = []
        row_hi: list[float] = []
        for idx, vals, lo, hi in rows:
            starts.append(len(indices))
            indices.extend(idx)
            values.extend(vals)
            row_lo.append(lo)
            row_hi.append(hi)
        h.addRows(
            len(rows),
            np.array(row_lo, dtype=np.float64),
            np.array(row_hi, dtype=np.float64),
            len(indices),
            np.array(starts, dtype=np.int32),
            np.array(indices, dtype=np.int32),
            np.array(values, dtype=np.float64),
        )
        h.changeColsIntegrality(
            len(integer),
            np.array(integer, dtype=np.int32),
            np.array([highspy.HighsVarType.kInteger] * len(integer)),
        )
        self.h = h
        self.upper = upper

    def solve(self, enforce: Iterable[int] = ()) -> list[Candidate] | None:
        """The chosen candidates, or None when the enforced rules cannot all hold."""
        h = self.h
        enforced = [i for r in enforce for i in self.rules[r].slack]
        for i in enforced:
            h.changeColBounds(i, 0.0, 0.0)
        try:
            h.run()
            status = h.getModelStatus()
            if status == highspy.HighsModelStatus.kInfeasible:
                return None
            if status != highspy.HighsModelStatus.kOptimal:
                raise SelectionError(f"The solver stopped: {h.modelStatusToString(status)}")
            x = h.getSolution().col_value
            return [c for j, c in enumerate(self.pool) if x[j] > 0.5]
        finally:
            for i in enforced:
                h.changeColBounds(i, 0.0, self.upper[i])
            h.clearSolver()


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

    model = _Model(pool, continuing, policy, seats, prefs, include_set)
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


def _plural_group(dimension: Dimension, group: str) -> str:
    name = GROUPS[dimension].get(group, group)
    if dimension is Dimension.STAKEHOLDER_GROUP:
        return f"from {name}"
    if dimension is Dimension.REGION:
        return f"from the {name}"
    return f"who are {name.lower()}" if not name.lower().startswith(("women", "men")) else ""


def _who(dimension: Dimension, group: str) -> str:
    """'women', 'candidates from the African Group', ..."""
    if dimension is Dimension.GENDER and group in ("woman", "man"):
        return GROUPS[dimension][group].lower()
    return f"candidates {_plural_group(dimension, group)}"


def _explain(
    result: SelectionResult,
    model: _Model,
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
            Conflict(
                f"{seats} seats",
                True,
                f"{len(continuing)} continuing members already exceed the {seats} seats",
            )
        )
    elif len(eligible) < open_seats:
        conflicts.append(
            Conflict(
                f"{seats} seats",
                True,
                f"The pool has {len(eligible)} eligible candidates for {open_seats} open seats",
            )
        )

    for index, rv in enumerate(model.rules):
        rule = rv.rule
        violation = broken.get(rule_key(rule))
        if violation is None:
            continue
        word = "rule" if rule.hard else "target"
        message = violation.message
        if isinstance(rule, ShareRule):
            low, high = rule.bounds(seats)
            fixed = sum(1 for c in continuing if c.group_of(rule.dimension) == rule.group)
            supply = sum(1 for c in eligible if c.group_of(rule.dimension) == rule.group)
            who = _who(rule.dimension, rule.group)
            if fixed + min(supply, open_seats) < low:
                message = (
                    f"The pool has {supply} eligible {who}"
                    + (f" and {fixed} continuing" if fixed else "")
                    + f"; the {word} needs {low} of {seats} seats "
                    f"({low - fixed - min(supply, open_seats)} short)"
                )
                conflicts.append(Conflict(rule.describe(), rule.hard, message))
                continue
            if fixed > high:
                message = (
                    f"{fixed} continuing member{'s are' if fixed != 1 else ' is'} "
                    f"{who.removeprefix('candidates ')}; "
                    f"the {word} allows {high} of {seats} seats ({fixed - high} too many)"
                )
                conflicts.append(Conflict(rule.describe(), rule.hard, message))
                continue
        # The pool could meet this rule alone: it conflicts with others. Say which, by solving
        # again with this rule enforced.
        would_break = _cost_of_enforcing(index, model, continuing, policy, seats, broken)
        held = result.report.count(rule.dimension, rule.group) if isinstance(rule, ShareRule) else 0
        detail = _intersections(rule, would_break, eligible, seats, model.rules, held)
        if would_break is None:
            text = f"{message}: no choice from the pool meets it together with the hard rules"
        elif would_break:
            text = f"{message}; meeting it would instead break: " + "; ".join(
                b for b, _ in would_break
            )
        else:
            text = message
        if detail:
            text += f" ({detail})"
        conflicts.append(
            Conflict(rule.describe(), rule.hard, text, tuple(b for b, _ in would_break or ()))
        )
    return conflicts


def _cost_of_enforcing(
    index: int,
    model: _Model,
    continuing: list[Candidate],
    policy: MembershipPolicy,
    seats: int,
    broken: Mapping[str, object],
) -> list[tuple[str, ShareRule | EqualSharesRule | None]] | None:
    chosen = model.solve(enforce=[index])
    if chosen is None:
        return None
    report = evaluate([c.seat() for c in [*continuing, *chosen]], policy, seat_count=seats)
    by_key = {rule_key(rv.rule): rv.rule for rv in model.rules}
    return [
        (v.message, by_key.get(v.key))
        for v in report.violations
        if v.key not in broken and v.key != "open_seats"
    ]


def _intersections(
    rule: ShareRule | EqualSharesRule,
    would_break: list[tuple[str, ShareRule | EqualSharesRule | None]] | None,
    eligible: list[Candidate],
    seats: int,
    rules: list[_RuleVars],
    held: int,
) -> str:
    """The pool's supply where two rules on different dimensions compete for the same seats.
    Below a minimum: "the pool has 2 eligible women from the Eastern European Group". Above a
    maximum: "581 of the pool's 581 eligible women are from the Western European and Others
    Group (WEOG)" (meeting the other rule needs more of this group)."""
    if not isinstance(rule, ShareRule):
        return ""
    above = held > rule.bounds(seats)[1]
    others = [
        rv.rule
        for rv in rules
        if isinstance(rv.rule, ShareRule)
        and rv.rule.dimension != rule.dimension
        and rv.rule.bounds(seats)[0] > 0
    ]
    others += [
        o
        for _m, o in would_break or ()
        if isinstance(o, ShareRule)
        and o not in others
        and o.dimension != rule.dimension
        and o.bounds(seats)[0] > 0
    ]
    parts = []
    for other in others:
        if not isinstance(other, ShareRule):
            continue
        in_other = [c for c in eligible if c.group_of(other.dimension) == other.group]
        both = sum(1 for c in in_other if c.group_of(rule.dimension) == rule.group)
        if above:
            if not in_other or both * 2 < len(in_other):
                continue  # the other rule does not depend on this group
            parts.append(
                f"{both} of the pool's {len(in_other)} eligible "
                f"{_who(other.dimension, other.group).removeprefix('candidates ')} are "
                f"{_plural_group(rule.dimension, rule.group)}"
            )
            continue
        a, b = (rule, other) if rule.dimension is Dimension.GENDER else (other, rule)
        if a.dimension is Dimension.GENDER:
            who = f"{_who(a.dimension, a.group)} {_plural_group(b.dimension, b.group)}"
        else:
            also = _who(b.dimension, b.group).removeprefix("candidates ")
            who = f"{_who(a.dimension, a.group)} who are also {also}"
        parts.append(f"the pool has {both} eligible {who}")
    return "; ".join(parts)


def dimension_name(dimension: Dimension) -> str:
    return DIMENSION_NAMES[dimension]


# Files: POOL.csv and OUT.csv --------------------------------------------------------------

POOL_COLUMNS = ("id", "stakeholder_group", "region", "gender", "country", "score", "continuing")


@dataclass(frozen=True)
class FileProblem:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        if not self.line:  # a problem of the whole file (a rule the rows would break)
            return self.message
        where = f"line {self.line}" + (f", field {self.field}" if self.field else "")
        return f"{where}: {self.message}"


class PoolFileError(ValueError):
    """A pool file with problems; ``problems`` lists each with its line and field."""

    def __init__(self, problems: list[FileProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def read_pool_csv(lines: Iterable[str]) -> list[Candidate]:
    """Parse POOL.csv (columns ``POOL_COLUMNS``; an optional ``prior_terms``). Every row is
    checked; all problems are raised together, each naming its line and field."""
    import csv

    reader = csv.DictReader(lines)
    header = reader.fieldnames or []
    missing = [c for c in POOL_COLUMNS if c not in header]
    if missing:
        raise PoolFileError([FileProblem(1, "", f"Missing column(s): {', '.join(missing)}.")])
    problems: list[FileProblem] = []
    candidates: list[Candidate] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        row_problems: list[FileProblem] = []

        def bad(
            field_name: str, message: str, line: int = line, sink: list[FileProblem] = row_problems
        ) -> None:
            sink.append(FileProblem(line, field_name, message))

        key = (row.get("id") or "").strip()
        if not key:
            bad("id", "An id is required.")
        elif key in seen:
            bad("id", f"The id {key!r} is already on line {seen[key]}.")
        else:
            seen[key] = line
        values = {}
        for column, dimension in (
            ("stakeholder_group", Dimension.STAKEHOLDER_GROUP),
            ("region", Dimension.REGION),
            ("gender", Dimension.GENDER),
        ):
            value = (row.get(column) or "").strip()
            if value not in GROUPS[dimension]:
                bad(
                    column,
                    f"Unknown {DIMENSION_NAMES[dimension]} {value!r}; choose one of "
                    f"{', '.join(GROUPS[dimension])}.",
                )
            values[column] = value
        raw_score = (row.get("score") or "").strip()
        score = 0.0
        if raw_score:
            try:
                score = float(raw_score)
                if score != score or score in (float("inf"), float("-inf")):
                    raise ValueError
            except ValueError:
                bad("score", f"Enter a number, not {raw_score!r}.")
        raw_continuing = (row.get("continuing") or "").strip()
        if raw_continuing not in ("", "0", "1"):
            bad("continuing", f"Enter 1 (a continuing member) or 0, not {raw_continuing!r}.")
        raw_prior = (row.get("prior_terms") or "").strip()
        prior = 0
        if raw_prior:
            if not raw_prior.isdigit():
                bad("prior_terms", f"Enter a whole number, not {raw_prior!r}.")
            else:
                prior = int(raw_prior)
        if None in row:
            bad("", "The row has more values than the header has columns.")
        if row_problems:
            problems += row_problems
            continue
        continuing_flag = raw_continuing == "1"
        candidates.append(
            Candidate(
                key=key,
                stakeholder_group=values["stakeholder_group"],
                region=values["region"],
                gender=values["gender"],
                country=(row.get("country") or "").strip(),
                score=score,
                continuing=continuing_flag,
                prior_terms=prior if prior or not continuing_flag else 1,
            )
        )
    if problems:
        raise PoolFileError(problems)
    return candidates


def write_selection_csv(result: SelectionResult, out: Any) -> None:
    """OUT.csv: every seat of the proposed composition, continuing members first, with the
    columns of POOL.csv (``continuing`` 1 or 0)."""
    import csv

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(POOL_COLUMNS)
    for c in result.composition:
        writer.writerow(
            [
                c.key,
                c.stakeholder_group,
                c.region,
                c.gender,
                c.country,
                f"{c.score:g}",
                "1" if c.continuing else "0",
            ]
        )
