"""Geometry of the balance dashboard's server-rendered SVG bar charts (pure Python).

Each chart shows one dimension: a bar per group, its count and share written beside it, and the
policy's bounds as marks on the bar's track. A group outside its bounds is also written out in
words ("above the limit"), so the chart never relies on colour alone; the page shows the same
numbers as a table."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from membership.policy import Dimension, MembershipPolicy
from membership.policy_text import group_label
from membership.roster.balance import BalanceReport

TITLES = {
    Dimension.STAKEHOLDER_GROUP: gettext_lazy("Seats by stakeholder group, of %(seats)s"),
    Dimension.REGION: gettext_lazy("Seats by UN regional group, of %(seats)s"),
    Dimension.GENDER: gettext_lazy("Seats by gender, of %(seats)s"),
}
LABEL_WIDTH = 340
PLOT_WIDTH = 300
NOTE_WIDTH = 250
ROW_HEIGHT = 30
BAR_HEIGHT = 18
TOP = 10


@dataclass(frozen=True)
class Bar:
    name: str
    count: int
    percent: float
    y: int
    text_y: int
    width: float
    low_x: float | None
    high_x: float | None
    status: str  # "ok", "below", "above", "" (no rule)
    note: str


@dataclass(frozen=True)
class Chart:
    dimension: Dimension
    title: str
    description: str
    width: int
    height: int
    label_width: int
    plot_width: int
    value_x: int
    bars: list[Bar]


def charts(report: BalanceReport, policy: MembershipPolicy) -> list[Chart]:
    result = []
    seat_count = max(report.seat_count, 1)
    scale = PLOT_WIDTH / seat_count
    for dimension in Dimension:
        rules = {r.group: r for r in policy.rules if r.dimension == dimension}
        bars = []
        for i, group in enumerate(report.counts[dimension]):
            y = TOP + i * ROW_HEIGHT
            rule = rules.get(group.group)
            low_x = high_x = None
            status, note = "", ""
            if rule is not None:
                low, high = rule.bounds(report.seat_count)
                low_x = LABEL_WIDTH + low * scale if low > 0 else None
                high_x = LABEL_WIDTH + high * scale if high < report.seat_count else None
                if group.count > high:
                    status = "above"
                    note = _("above the limit (%s)") if rule.hard else _("above the target (%s)")
                    note %= high
                elif group.count < low:
                    status = "below"
                    note = _("below the limit (%s)") if rule.hard else _("below the target (%s)")
                    note %= low
                else:
                    status = "ok"
                    note = _("within the limit") if rule.hard else _("within the target")
            bars.append(
                Bar(
                    group_label(dimension, group.group),
                    group.count,
                    group.percent,
                    y,
                    y + BAR_HEIGHT - 4,
                    max(group.count * scale, 0),
                    low_x,
                    high_x,
                    status,
                    note,
                )
            )
        summary = "; ".join(
            f"{b.name} {b.count} ({b.percent:.1f}%){', ' + b.note if b.note else ''}" for b in bars
        )
        result.append(
            Chart(
                dimension,
                str(TITLES[dimension]) % {"seats": report.seat_count},
                summary,
                LABEL_WIDTH + PLOT_WIDTH + NOTE_WIDTH,
                TOP * 2 + len(bars) * ROW_HEIGHT,
                LABEL_WIDTH,
                PLOT_WIDTH,
                LABEL_WIDTH + PLOT_WIDTH + 8,
                bars,
            )
        )
    return result
