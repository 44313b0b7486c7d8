"""The elastic integer program behind balanced selection, solved by HiGHS (``highspy``).

One binary variable per candidate who may be chosen (continuing members are fixed in). Every
share rule and equal-shares rule becomes constraints with slack: a rule may be broken, at a
cost. The costs are lexicographic through weights, most important first: hard rules (per seat
of slack, then per rule broken), then targets (how many are broken, then by how many seats),
then preference. See ``membership.roster.selection`` for the whole method."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import highspy
import numpy as np

from membership.policy import Dimension, EqualSharesRule, MembershipPolicy, Rule, ShareRule

if TYPE_CHECKING:
    from membership.roster.selection import Candidate

INF = highspy.kHighsInf


class SelectionError(ValueError):
    """The solver failed for a reason other than the rules (it should not happen)."""


@dataclass
class RuleVars:
    """A rule's slack variables and the indicator that it is broken."""

    rule: Rule
    slack: list[int]
    indicator: int


@dataclass(frozen=True)
class Weights:
    """Each level outweighs everything below it."""

    target_seat: float
    target_rule: float
    hard_seat: float
    hard_rule: float

    @classmethod
    def of(cls, policy: MembershipPolicy, seat_count: int, open_seats: int) -> Weights:
        targets = sum(not r.hard for r in policy.rules) + sum(
            not r.hard for r in policy.equal_shares
        )
        target_seat = float(open_seats + 1)  # above the whole preference term
        target_rule = target_seat * (seat_count + 1)
        hard_seat = target_rule * (targets + 1)
        return cls(target_seat, target_rule, hard_seat, hard_seat * (seat_count + 1))

    def of_rule(self, hard: bool) -> tuple[float, float]:
        return (self.hard_seat, self.hard_rule) if hard else (self.target_seat, self.target_rule)


@dataclass
class _Program:
    """Columns and rows being built, in the form ``Highs.addCols``/``addRows`` take."""

    costs: list[float] = field(default_factory=list)
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    integer: list[int] = field(default_factory=list)
    rows: list[tuple[list[int], list[float], float, float]] = field(default_factory=list)

    def var(self, cost: float, low: float, high: float, *, integer: bool = False) -> int:
        self.costs.append(cost)
        self.lower.append(low)
        self.upper.append(high)
        if integer:
            self.integer.append(len(self.costs) - 1)
        return len(self.costs) - 1

    def row(self, columns: list[int], values: list[float], low: float, high: float) -> None:
        self.rows.append((columns, values, low, high))


class SelectionModel:
    """The elastic integer program for one pool; ``solve`` may be called with some rules
    enforced (their slack fixed at 0) to find what meeting them would cost."""

    def __init__(
        self,
        pool: list[Candidate],
        continuing: Sequence[Candidate],
        policy: MembershipPolicy,
        seat_count: int,
        preference: list[float],
        forced: set[str],
    ) -> None:
        self.pool = pool
        self.seat_count = seat_count
        self.open_seats = max(0, seat_count - len(continuing))
        self.fixed = {d: Counter(c.group_of(d) for c in continuing) for d in Dimension}
        self.weights = Weights.of(policy, seat_count, self.open_seats)
        self.members: dict[tuple[Dimension, str], list[int]] = defaultdict(list)
        for j, c in enumerate(pool):
            for d in Dimension:
                self.members[(d, c.group_of(d))].append(j)
        program = _Program()
        for c, pref in zip(pool, preference, strict=True):
            program.var(-pref, 1.0 if c.key in forced else 0.0, 1.0, integer=True)
        # Fill the open seats; a pool too small leaves some open (a hard shortfall).
        s_open = program.var(self.weights.hard_seat, 0.0, INF)
        program.row([*range(len(pool)), s_open], [1.0] * (len(pool) + 1), *(self.open_seats,) * 2)
        self.rules: list[RuleVars] = [self._share(program, rule) for rule in policy.rules]
        self.rules += [self._equal(program, rule) for rule in policy.equal_shares]
        self.h = self._highs(program)
        self.upper = program.upper

    def _share(self, program: _Program, rule: ShareRule) -> RuleVars:
        low, high = rule.bounds(self.seat_count)
        base = self.fixed[rule.dimension].get(rule.group, 0)
        idx = self.members.get((rule.dimension, rule.group), [])
        seat_w, rule_w = self.weights.of_rule(rule.hard)
        s_lo = program.var(seat_w, 0.0, INF)
        s_hi = program.var(seat_w, 0.0, INF)
        y = program.var(rule_w, 0.0, 1.0, integer=True)
        if low > 0:
            program.row([*idx, s_lo], [1.0] * len(idx) + [1.0], low - base, INF)
        if high < self.seat_count:
            program.row([*idx, s_hi], [1.0] * len(idx) + [-1.0], -INF, high - base)
        program.row([s_lo, s_hi, y], [1.0, 1.0, -float(self.seat_count)], -INF, 0.0)
        return RuleVars(rule, [s_lo, s_hi], y)

    def _equal(self, program: _Program, equal: EqualSharesRule) -> RuleVars:
        seat_w, rule_w = self.weights.of_rule(equal.hard)
        s = program.var(seat_w, 0.0, INF)
        y = program.var(rule_w, 0.0, 1.0, integer=True)
        fixed = self.fixed[equal.dimension]
        for a in equal.groups:
            for b in equal.groups:
                if a == b:
                    continue
                ia = self.members.get((equal.dimension, a), [])
                ib = self.members.get((equal.dimension, b), [])
                rhs = equal.tolerance_seats - fixed.get(a, 0) + fixed.get(b, 0)
                program.row(ia + ib + [s], [1.0] * len(ia) + [-1.0] * len(ib) + [-1.0], -INF, rhs)
        program.row([s, y], [1.0, -float(self.seat_count)], -INF, 0.0)
        return RuleVars(equal, [s], y)

    @staticmethod
    def _highs(program: _Program) -> highspy.Highs:
        h = highspy.Highs()  # type: ignore[no-untyped-call]
        h.setOptionValue("output_flag", False)
        h.setOptionValue("mip_rel_gap", 1e-4)
        h.setOptionValue("mip_abs_gap", 1e-6)
        h.setOptionValue("threads", 1)
        # HiGHS's MIP presolve costs more than it saves on a model this small (measured: 2,000
        # candidates 0.09 s with it, 0.03 s without).
        h.setOptionValue("presolve", "off")
        n = len(program.costs)
        h.addCols(
            n,
            np.array(program.costs),
            np.array(program.lower),
            np.array(program.upper),
            0,
            np.zeros(n, dtype=np.int32),
            np.array([], dtype=np.int32),
            np.array([], dtype=np.float64),
        )
        starts: list[int] = []
        indices: list[int] = []
        values: list[float] = []
        for columns, coefficients, _low, _high in program.rows:
            starts.append(len(indices))
            indices.extend(columns)
            values.extend(coefficients)
        h.addRows(
            len(program.rows),
            np.array([r[2] for r in program.rows], dtype=np.float64),
            np.array([r[3] for r in program.rows], dtype=np.float64),
            len(indices),
            np.array(starts, dtype=np.int32),
            np.array(indices, dtype=np.int32),
            np.array(values, dtype=np.float64),
        )
        h.changeColsIntegrality(
            len(program.integer),
            np.array(program.integer, dtype=np.int32),
            np.array([highspy.HighsVarType.kInteger] * len(program.integer)),
        )
        return h

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
