"""The membership policy in the reader's language: the one place that turns the codes of
``membership.policy`` (rules, groups, problems) into words, with gettext, at the edge."""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from membership.choices import Gender, Region, SeatType, StakeholderGroup
from membership.policy import (
    Dimension,
    EqualSharesRule,
    MembershipPolicy,
    Problem,
    Rule,
    SeatTypeRule,
    ShareRule,
)

# A group as a noun in the singular ("Government", "African Group", "Woman").
GROUP_LABELS: dict[Dimension, dict[str, Promise]] = {
    Dimension.STAKEHOLDER_GROUP: dict(StakeholderGroup.choices),
    Dimension.REGION: dict(Region.choices),
    Dimension.GENDER: dict(Gender.choices),
}
# A rule is about people of a gender, so the plural: "Women: at least 40%".
RULE_SUBJECTS: dict[Dimension, dict[str, Promise]] = {
    **GROUP_LABELS,
    Dimension.GENDER: {
        Gender.WOMAN.value: gettext_lazy("Women"),
        Gender.MAN.value: gettext_lazy("Men"),
        Gender.NON_BINARY.value: gettext_lazy("Non-binary people"),
        Gender.SELF_DESCRIBED.value: gettext_lazy("People who self-describe"),
        Gender.PREFER_NOT_TO_SAY.value: gettext_lazy("People who prefer not to say"),
    },
}
DIMENSION_LABELS: dict[Dimension, Promise] = {
    Dimension.STAKEHOLDER_GROUP: gettext_lazy("stakeholder group"),
    Dimension.REGION: gettext_lazy("UN regional group"),
    Dimension.GENDER: gettext_lazy("gender"),
}


def group_label(dimension: Dimension | str, group: str) -> str:
    """The translated name of one group ("Government", "African Group", "Woman")."""
    return str(GROUP_LABELS[Dimension(dimension)].get(group, group))


def rule_subject(dimension: Dimension | str, group: str) -> str:
    """The people a rule is about ("Government", "African Group", "Women")."""
    return str(RULE_SUBJECTS[Dimension(dimension)].get(group, group))


def dimension_label(dimension: Dimension | str) -> str:
    return str(DIMENSION_LABELS[Dimension(dimension)])


def kind_label(hard: bool) -> str:
    return _("rule") if hard else _("target")


def _number(value: float) -> str:
    """A share or bound in the reader's locale, without needless decimals: "40", "12,5"."""
    if float(value).is_integer():
        return str(int(value))
    return str(number_format(round(value, 2), 2)).rstrip("0")


def _share_rule(rule: ShareRule) -> str:
    parts = []
    if rule.min_percent is not None:
        parts.append(_("at least %(n)s%%") % {"n": _number(rule.min_percent)})
    if rule.min_count is not None:
        parts.append(
            ngettext("at least %(n)s seat", "at least %(n)s seats", rule.min_count)
            % {"n": rule.min_count}
        )
    if rule.max_percent is not None:
        parts.append(_("at most %(n)s%%") % {"n": _number(rule.max_percent)})
    if rule.max_count is not None:
        parts.append(
            ngettext("at most %(n)s seat", "at most %(n)s seats", rule.max_count)
            % {"n": rule.max_count}
        )
    return _("%(group)s: %(bounds)s of seats (%(kind)s)") % {
        "group": rule_subject(rule.dimension, rule.group),
        "bounds": _(" and ").join(parts),
        "kind": kind_label(rule.hard),
    }


def _equal_rule(rule: EqualSharesRule) -> str:
    return ngettext(
        "%(groups)s: equal shares, within %(n)s seat (%(kind)s)",
        "%(groups)s: equal shares, within %(n)s seats (%(kind)s)",
        rule.tolerance_seats,
    ) % {
        "groups": ", ".join(rule_subject(rule.dimension, g) for g in rule.groups),
        "n": rule.tolerance_seats,
        "kind": kind_label(rule.hard),
    }


def rule_text(rule: Rule) -> str:
    """One rule or target in words: "Government: at most 40% of seats (rule)"."""
    if isinstance(rule, ShareRule):
        return _share_rule(rule)
    return _equal_rule(rule)


def terms_rule_text(limit: int) -> str:
    return ngettext(
        "at most %(n)s consecutive term (rule)", "at most %(n)s consecutive terms (rule)", limit
    ) % {"n": limit}


def describe_policy(policy: MembershipPolicy) -> list[str]:
    """One translated line per fact of the policy: seats, terms, then every rule."""
    lines = [
        ngettext("%(n)s seat", "%(n)s seats", policy.seat_count) % {"n": policy.seat_count},
        ngettext(
            "terms of %(n)s year", "terms of %(n)s years", policy.term_length_years
        ) % {"n": policy.term_length_years},
        ngettext(
            "at most %(n)s consecutive term",
            "at most %(n)s consecutive terms",
            policy.max_consecutive_terms,
        ) % {"n": policy.max_consecutive_terms},
    ]  # fmt: skip
    lines += [rule_text(rule) for rule in policy.rules]
    lines += [rule_text(rule) for rule in policy.equal_shares]
    lines += [seat_type_text(rule) for rule in policy.seat_types]
    if policy.members_from_parent:
        lines.append(_("members are drawn from the current members of the body it is part of"))
    return lines


def seat_type_text(rule: SeatTypeRule) -> str:
    """How a seat type counts: "Ex officio seats: not counted; no term limit"."""
    label = str(dict(SeatType.choices).get(rule.seat_type, rule.seat_type))
    if rule.counts and rule.term_limit:
        how = _("counted like every seat")
    elif rule.counts:
        how = _("counted toward the seats and balance; no term limit")
    elif rule.term_limit:
        how = _("not counted toward the seats or balance; term limit applies")
    else:
        how = _("not counted toward the seats or balance; no term limit")
    return _("%(type)s: %(how)s") % {"type": label, "how": how}


# Problems with a policy ---------------------------------------------------------------------


def _choices(values: Any) -> str:
    return ", ".join(str(v) for v in values)


def problem_text(problem: Problem) -> str:
    """A policy problem (``membership.policy.Problem``) in words, for the field it is on."""
    p = problem.params
    texts: dict[str, Any] = {
        "not_a_policy": lambda: _("A policy is an object with seat_count, rules and equal_shares."),
        "required": lambda: _("This field is required."),
        "not_integer": lambda: _("Enter a whole number."),
        "not_number": lambda: _("Enter a number."),
        "out_of_range": lambda: (
            _("Enter a number from %(low)s to %(high)s.")
            % {"low": _number(p["low"]), "high": _number(p["high"])}
        ),
        "not_a_list": lambda: _("Enter a list."),
        "not_an_object": lambda: _("Each entry is an object."),
        "unknown_dimension": lambda: (
            _("Unknown dimension %(value)r; choose one of %(choices)s.")
            % {"value": p["value"], "choices": _choices(p["choices"])}
        ),
        "not_a_boolean": lambda: _("Enter true (a rule that must hold) or false (a target)."),
        "unknown_group": lambda: (
            _("Unknown %(dimension)s %(value)r; choose one of %(choices)s.")
            % {
                "dimension": dimension_label(p["dimension"]),
                "value": p["value"],
                "choices": _choices(p["choices"]),
            }
        ),
        "no_bound": lambda: _("Give at least one bound: a minimum or maximum share or count."),
        "min_share_above_max": lambda: _("The minimum share is above the maximum share."),
        "min_count_above_max": lambda: _("The minimum count is above the maximum count."),
        "duplicate_rule": lambda: (
            (
                _("%(group)s already has a rule; merge the two.")
                if p["hard"]
                else _("%(group)s already has a target; merge the two.")
            )
            % {"group": rule_subject(p["dimension"], p["group"])}
        ),
        "unmeetable": lambda: (
            _("No number of seats out of %(seats)s meets this rule.") % {"seats": p["seats"]}
        ),
        "minimums_exceed_seats": lambda: (
            _(
                "The minimums for %(dimension)s add up to %(minimum)s seats, more than the "
                "%(seats)s there are."
            )
            % {
                "dimension": dimension_label(p["dimension"]),
                "minimum": p["minimum"],
                "seats": p["seats"],
            }
        ),
        "too_few_groups": lambda: _("Name at least two groups."),
        "unknown_groups": lambda: (
            _("Unknown %(dimension)s: %(values)s.")
            % {"dimension": dimension_label(p["dimension"]), "values": _choices(p["values"])}
        ),
        "duplicate_group": lambda: _("A group is named twice."),
        "unknown_seat_type": lambda: (
            _("Unknown seat type %(value)r; choose one of %(choices)s.")
            % {"value": p["value"], "choices": _choices(p["choices"])}
        ),
        "duplicate_seat_type": lambda: _("A seat type is named twice."),
    }
    text = texts.get(problem.code)
    return str(text()) if text is not None else problem.code


def problems_text(problems: list[Problem]) -> list[str]:
    return [problem_text(p) for p in problems]
