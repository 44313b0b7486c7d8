"""The roster's codes in the reader's language: broken rules (``balance.Violation``), rule
checks, selection conflicts (``selection.Conflict``) and file problems (``files.FileProblem``).
The pure modules return codes and numbers; this is the edge where they become words."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from membership.files import FileProblem
from membership.policy import GROUPS, Dimension, ShareRule
from membership.policy_text import (
    dimension_label,
    group_label,
    kind_label,
    rule_subject,
    rule_text,
    terms_rule_text,
)
from membership.roster.balance import CheckKind, RuleCheck, Violation, ViolationCode
from membership.roster.selection import Conflict, ConflictCode, Intersection

# Who a group is, as people: "women", "candidates from the African Group".
_GENDER_PEOPLE = {
    "woman": lambda: _("women"),
    "man": lambda: _("men"),
    "non_binary": lambda: _("non-binary candidates"),
    "self_described": lambda: _("candidates who describe their gender another way"),
    "prefer_not_to_say": lambda: _("candidates who prefer not to say their gender"),
}
# What a person of a group is: "(they are) women", "(they are) from the African Group".
_GENDER_ATTRIBUTE = {
    "woman": lambda: pgettext("they are", "women"),
    "man": lambda: pgettext("they are", "men"),
    "non_binary": lambda: pgettext("they are", "non-binary"),
    "self_described": lambda: pgettext("they are", "people who describe their gender another way"),
    "prefer_not_to_say": lambda: pgettext("they are", "people who prefer not to say their gender"),
}


def number(value: float, decimals: int = 1) -> str:
    """A share or bound in the reader's locale: "41.8" (en), "41,8" (fr); whole numbers
    without decimals ("40")."""
    if float(value).is_integer():
        return str(int(value))
    return str(number_format(round(value, decimals), decimals))


def people(dimension: Dimension, group: str) -> str:
    """The people of a group: "women", "candidates from Government"."""
    if dimension is Dimension.GENDER:
        text = _GENDER_PEOPLE.get(group)
        return text() if text else group
    if dimension is Dimension.REGION:
        return _("candidates from the %(group)s") % {"group": group_label(dimension, group)}
    return _("candidates from %(group)s") % {"group": group_label(dimension, group)}


def attribute(dimension: Dimension, group: str) -> str:
    """What a person of a group is: "women", "from the African Group", "from Government"."""
    if dimension is Dimension.GENDER:
        text = _GENDER_ATTRIBUTE.get(group)
        return text() if text else group
    if dimension is Dimension.REGION:
        return _("from the %(group)s") % {"group": group_label(dimension, group)}
    return _("from %(group)s") % {"group": group_label(dimension, group)}


def dimension_plural(dimension: Dimension) -> str:
    """ "stakeholder groups", "UN regional groups", "genders"."""
    if dimension is Dimension.STAKEHOLDER_GROUP:
        return _("stakeholder groups")
    if dimension is Dimension.REGION:
        return _("UN regional groups")
    return _("genders")


def _ordinal(n: int) -> str:
    """ "a 4th", "an 8th": the English article and suffix choose the message; other languages
    translate each of them the same way ("un 4e")."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    article = "an" if str(n).startswith("8") or n in (11, 18) else "a"
    texts = {
        ("a", "st"): lambda: pgettext("ordinal", "a %(n)sst"),
        ("a", "nd"): lambda: pgettext("ordinal", "a %(n)snd"),
        ("a", "rd"): lambda: pgettext("ordinal", "a %(n)srd"),
        ("a", "th"): lambda: pgettext("ordinal", "a %(n)sth"),
        ("an", "st"): lambda: pgettext("ordinal", "an %(n)sst"),
        ("an", "nd"): lambda: pgettext("ordinal", "an %(n)snd"),
        ("an", "rd"): lambda: pgettext("ordinal", "an %(n)srd"),
        ("an", "th"): lambda: pgettext("ordinal", "an %(n)sth"),
    }
    return texts[(article, suffix)]() % {"n": n}


def _share_limit(v: Violation) -> str:
    if v.percent is not None:
        if v.hard:
            return _("the %(percent)s%% limit") % {"percent": number(v.percent, 2)}
        return _("the %(percent)s%% target") % {"percent": number(v.percent, 2)}
    if v.hard:
        return ngettext("the limit of %(n)s seat", "the limit of %(n)s seats", v.limit) % {
            "n": v.limit
        }
    return ngettext("the target of %(n)s seat", "the target of %(n)s seats", v.limit) % {
        "n": v.limit
    }


def _share_text(v: Violation) -> str:
    assert v.dimension is not None  # noqa: S101 - a share violation always has one
    params = {
        "group": rule_subject(v.dimension, v.group),
        "count": v.count,
        "seats": v.seats,
        "percent": str(number_format(round(100.0 * v.count / v.seats if v.seats else 0.0, 1), 1)),
        "limit": _share_limit(v),
        "bound": v.limit,
    }
    if v.code == ViolationCode.SHARE_ABOVE_MAX:
        if v.draft:
            text = _(
                "%(group)s would hold %(count)s of %(seats)s seats (%(percent)s%%), above "
                "%(limit)s (at most %(bound)s)"
            )
        else:
            text = _(
                "%(group)s holds %(count)s of %(seats)s seats (%(percent)s%%), above %(limit)s "
                "(at most %(bound)s)"
            )
    elif v.draft:
        text = _(
            "%(group)s would hold %(count)s of %(seats)s seats (%(percent)s%%), below "
            "%(limit)s (at least %(bound)s)"
        )
    else:
        text = _(
            "%(group)s holds %(count)s of %(seats)s seats (%(percent)s%%), below %(limit)s "
            "(at least %(bound)s)"
        )
    return text % params


def _equal_text(v: Violation) -> str:
    assert v.dimension is not None  # noqa: S101 - an equal-shares violation always has one
    held = ", ".join(
        f"{rule_subject(v.dimension, g)} {n}" for g, n in zip(v.groups, v.counts, strict=True)
    )
    params = {
        "dimension": dimension_plural(v.dimension),
        "held": held,
        "spread": v.count,
        "limit": v.limit,
        "kind": _("limit") if v.hard else _("target"),
    }
    if v.draft:
        text = _(
            "The %(dimension)s sharing seats equally would hold %(held)s: a difference of "
            "%(spread)s, above the %(kind)s of %(limit)s"
        )
    else:
        text = _(
            "The %(dimension)s sharing seats equally hold %(held)s: a difference of %(spread)s, "
            "above the %(kind)s of %(limit)s"
        )
    return text % params


def violation_text(v: Violation) -> str:
    """A broken rule in words: "Government holds 23 of 55 seats (41.8%), above the 40% limit
    (at most 22)"."""
    if v.code in (ViolationCode.SHARE_ABOVE_MAX, ViolationCode.SHARE_BELOW_MIN):
        return _share_text(v)
    if v.code == ViolationCode.EQUAL_SHARES_SPREAD:
        return _equal_text(v)
    if v.code == ViolationCode.SEATS_OVER:
        counts = {"filled": v.count, "over": v.seats_off, "seats": v.seats}
        if v.draft:
            return (
                _(
                    "The composition would have %(filled)s seats, %(over)s more than the %(seats)s "
                    "of the cycle"
                )
                % counts
            )
        return (
            _("The composition has %(filled)s seats, %(over)s more than the %(seats)s of the cycle")
            % counts
        )
    if v.code == ViolationCode.SEATS_OPEN:
        return ngettext(
            "%(n)s seat of %(seats)s still open", "%(n)s seats of %(seats)s still open", v.seats_off
        ) % {"n": v.seats_off, "seats": v.seats}
    params: dict[str, object] = {
        "holder": v.holder,
        "ordinal": _ordinal(v.count),
        "limit": v.limit,
    }
    if v.draft:
        return _("%(holder)s would serve %(ordinal)s consecutive term; the limit is %(limit)s") % (
            params
        )
    return _("%(holder)s serves %(ordinal)s consecutive term; the limit is %(limit)s") % params


def check_text(check: RuleCheck) -> str:
    """The rule or target a check is about: "Women: at least 40% of seats (target)"."""
    if check.kind == CheckKind.CONSECUTIVE_TERMS or check.rule is None:
        return terms_rule_text(check.high)
    return rule_text(check.rule)


# Selection conflicts ---------------------------------------------------------------------------


def _intersection_text(item: Intersection) -> str:
    of_dimension, of_group = item.of
    also_dimension, also_group = item.also
    params = {
        "n": item.inside,
        "total": item.total,
        "who": people(of_dimension, of_group),
        "also": attribute(also_dimension, also_group),
    }
    if item.share:
        return _("%(n)s of the pool's %(total)s eligible %(who)s are %(also)s") % params
    if of_dimension is Dimension.GENDER:
        return _("the pool has %(n)s eligible %(who)s %(also)s") % params
    return _("the pool has %(n)s eligible %(who)s who are also %(also)s") % params


def _supply_text(c: Conflict) -> str:
    rule = c.rule
    assert isinstance(rule, ShareRule)  # noqa: S101 - a supply conflict is about a share rule
    params = {
        "supply": c.supply,
        "who": people(rule.dimension, rule.group),
        "fixed": c.fixed,
        "kind": kind_label(c.hard),
        "needed": c.needed,
        "seats": c.seats,
        "short": c.short,
        "allowed": c.allowed,
        "excess": c.excess,
        "attribute": attribute(rule.dimension, rule.group),
    }
    if c.code == ConflictCode.CONTINUING_OVER:
        return (
            ngettext(
                "%(fixed)s continuing member is %(attribute)s; the %(kind)s allows %(allowed)s of "
                "%(seats)s seats (%(excess)s too many)",
                "%(fixed)s continuing members are %(attribute)s; the %(kind)s allows %(allowed)s "
                "of %(seats)s seats (%(excess)s too many)",
                c.fixed,
            )
            % params
        )
    if c.fixed:
        return (
            _(
                "The pool has %(supply)s eligible %(who)s and %(fixed)s continuing; the %(kind)s "
                "needs %(needed)s of %(seats)s seats (%(short)s short)"
            )
            % params
        )
    return (
        _(
            "The pool has %(supply)s eligible %(who)s; the %(kind)s needs %(needed)s of %(seats)s "
            "seats (%(short)s short)"
        )
        % params
    )


def conflict_text(c: Conflict) -> str:
    """Why the pool cannot meet a rule, in words, saying each fact once."""
    if c.code == ConflictCode.TOO_MANY_CONTINUING:
        return _("%(n)s continuing members already exceed the %(seats)s seats") % {
            "n": c.continuing,
            "seats": c.seats,
        }
    if c.code == ConflictCode.POOL_TOO_SMALL:
        return _("The pool has %(eligible)s eligible candidates for %(open)s open seats") % {
            "eligible": c.eligible,
            "open": c.open_seats,
        }
    if c.code in (ConflictCode.SUPPLY_SHORT, ConflictCode.CONTINUING_OVER):
        return _supply_text(c)
    text = violation_text(c.violation) if c.violation is not None else ""
    if c.unmeetable:
        text = _("%(broken)s: no choice from the pool meets it together with the hard rules") % {
            "broken": text
        }
    elif c.would_break:
        text = _("%(broken)s; meeting it would instead break: %(instead)s") % {
            "broken": text,
            "instead": "; ".join(violation_text(v) for v in c.would_break),
        }
    if c.intersections:
        text += " (" + "; ".join(_intersection_text(i) for i in c.intersections) + ")"
    return text


# File problems ---------------------------------------------------------------------------------


def _problem_message(p: FileProblem) -> str:
    params = p.params
    code = p.code
    if code == "missing_columns":
        return _("Missing column(s): %(columns)s.") % {"columns": ", ".join(params["columns"])}
    if code == "required":
        return _("A value is required.")
    if code == "name_required":
        return _("A name is required.")
    if code == "duplicate_id":
        return _("The id %(value)r is already on line %(line)s.") % {
            "value": params["value"],
            "line": params["other_line"],
        }
    if code == "duplicate_email":
        return _("Already on line %(line)s.") % {"line": params["other_line"]}
    if code == "unknown_group":
        dimension = Dimension(params["dimension"])
        return _("Unknown %(dimension)s %(value)r; choose one of %(choices)s.") % {
            "dimension": dimension_label(dimension),
            "value": params["value"],
            "choices": ", ".join(GROUPS[dimension]),
        }
    if code == "unknown_country":
        return _("Unknown country code %(value)r.") % {"value": params["value"]}
    if code == "not_number":
        return _("Enter a number, not %(value)r.") % {"value": params["value"]}
    if code == "not_integer":
        return _("Enter a whole number, not %(value)r.") % {"value": params["value"]}
    if code == "not_continuing_flag":
        return _("Enter 1 (a continuing member) or 0, not %(value)r.") % {"value": params["value"]}
    if code == "extra_values":
        return _("The row has more values than the header has columns.")
    if code == "unknown_seat_type":
        return _("Unknown seat type %(value)r.") % {"value": params["value"]}
    if code == "unknown_status":
        return _("Enter proposed or confirmed.")
    if code == "nominated_by_required":
        return _("Say who nominated them.")
    if code == "score_range":
        return _("Enter a number from 0 to 100.")
    if code == "already_appointed":
        return _("Already appointed in this cycle.")
    if code == "already_nominated":
        return _("Already nominated for this cycle.")
    if code == "rule_broken":
        return violation_text(params["violation"])
    return code


def file_problem_text(p: FileProblem) -> str:
    """ "line 3, field score: Enter a number, not 'x'." (a problem of the whole file has no
    line; one of the whole row, no field)."""
    message = _problem_message(p)
    if not p.line:
        return message
    if p.field:
        return _("line %(line)s, field %(field)s: %(message)s") % {
            "line": p.line,
            "field": p.field,
            "message": message,
        }
    return _("line %(line)s: %(message)s") % {"line": p.line, "message": message}
