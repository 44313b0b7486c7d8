"""The membership policy in the reader's language (``MembershipPolicy.describe`` is English,
for logs and the command line)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from membership.choices import Gender, Region, StakeholderGroup
from membership.policy import Dimension, EqualSharesRule, MembershipPolicy, ShareRule

_LABELS = {
    Dimension.STAKEHOLDER_GROUP: dict(StakeholderGroup.choices),
    Dimension.REGION: dict(Region.choices),
    # A rule is about people of a gender, so the plural: "Women: at least 40%".
    Dimension.GENDER: {
        Gender.WOMAN.value: gettext_lazy("Women"),
        Gender.MAN.value: gettext_lazy("Men"),
        Gender.NON_BINARY.value: gettext_lazy("Non-binary people"),
        Gender.SELF_DESCRIBED.value: gettext_lazy("People who self-describe"),
        Gender.PREFER_NOT_TO_SAY.value: gettext_lazy("People who prefer not to say"),
    },
}


def _group(dimension: Dimension, group: str) -> str:
    return str(_LABELS[dimension].get(group, group))


def _number(value: float) -> str:
    return f"{value:g}"


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
    kind = _("rule") if rule.hard else _("target")
    return _("%(group)s: %(bounds)s of seats (%(kind)s)") % {
        "group": _group(rule.dimension, rule.group),
        "bounds": _(" and ").join(parts),
        "kind": kind,
    }


def _equal_rule(rule: EqualSharesRule) -> str:
    kind = _("rule") if rule.hard else _("target")
    return ngettext(
        "%(groups)s: equal shares, within %(n)s seat (%(kind)s)",
        "%(groups)s: equal shares, within %(n)s seats (%(kind)s)",
        rule.tolerance_seats,
    ) % {
        "groups": ", ".join(_group(rule.dimension, g) for g in rule.groups),
        "n": rule.tolerance_seats,
        "kind": kind,
    }


def describe_policy(policy: MembershipPolicy) -> list[str]:
    """One translated line per fact of the policy, in the order of ``describe()``."""
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
    lines += [_share_rule(rule) for rule in policy.rules]
    lines += [_equal_rule(rule) for rule in policy.equal_shares]
    return lines
