"""The pure balance evaluation: counts, shares, rules and targets, violations as codes with
their numbers (``tests/roster/test_texts.py`` checks their words)."""

from __future__ import annotations

import pytest

from membership.policy import (
    Dimension,
    EqualSharesRule,
    MembershipPolicy,
    ShareRule,
    default_policy,
)
from membership.roster.balance import (
    Seat,
    Violation,
    ViolationCode,
    evaluate,
    new_or_worse_hard_violations,
)

REGIONS = ("african", "asia_pacific", "eastern_european", "grulac", "weog")
OTHERS = ("private_sector", "civil_society", "technical_academic")


def balanced_seats(n: int = 55, *, government: int = 19) -> list[Seat]:
    """``government`` government seats, the rest spread over the other three groups; regions
    and genders round-robin, so the composition meets every default target."""
    seats = []
    for i in range(n):
        group = "government" if i < government else OTHERS[(i - government) % 3]
        seats.append(
            Seat(
                key=str(i),
                stakeholder_group=group,
                region=REGIONS[i % 5],
                gender="woman" if i % 2 else "man",
                country=f"C{i}",
            )
        )
    return seats


def test_a_balanced_mag_meets_every_rule_and_target() -> None:
    report = evaluate(balanced_seats(), default_policy(55))
    assert report.violations == []
    assert report.meets_everything
    assert report.filled == 55
    assert report.count(Dimension.STAKEHOLDER_GROUP, "government") == 19
    assert report.count(Dimension.REGION, "weog") == 11
    assert all(check.met for check in report.checks)


def test_government_above_40_percent_is_a_hard_violation_in_words() -> None:
    report = evaluate(balanced_seats(government=23), default_policy(55))
    (hard,) = report.hard_violations
    assert hard.code == ViolationCode.SHARE_ABOVE_MAX
    assert (hard.dimension, hard.group, hard.count, hard.seats) == (
        Dimension.STAKEHOLDER_GROUP,
        "government",
        23,
        55,
    )
    assert (hard.limit, hard.percent, hard.draft) == (22, 40, True)
    assert hard.seats_off == 1
    assert not report.meets_hard_rules


def test_exactly_at_the_limit_is_allowed() -> None:
    report = evaluate(balanced_seats(government=22), default_policy(55))
    assert report.meets_hard_rules


def test_current_cycle_is_not_a_draft() -> None:
    report = evaluate(balanced_seats(government=23), default_policy(55), draft=False)
    assert report.hard_violations[0].draft is False


def test_gender_target_below_minimum_is_a_target_not_a_rule() -> None:
    seats = [
        Seat(s.key, s.stakeholder_group, s.region, "man" if int(s.key) >= 18 else "woman")
        for s in balanced_seats()
    ]
    report = evaluate(seats, default_policy(55))
    assert report.meets_hard_rules
    found = {(v.code, v.group, v.count, v.limit) for v in report.target_violations}
    assert (ViolationCode.SHARE_BELOW_MIN, "woman", 18, 22) in found
    assert (ViolationCode.SHARE_ABOVE_MAX, "man", 37, 33) in found


def test_regional_targets_by_count_and_share() -> None:
    seats = [Seat(str(i), "civil_society", "weog", "woman") for i in range(30)]
    policy = MembershipPolicy(
        seat_count=30,
        rules=(
            ShareRule(Dimension.REGION, "weog", hard=False, max_count=10),
            ShareRule(Dimension.REGION, "african", hard=False, min_count=5),
        ),
    )
    found = {
        (v.code, v.group, v.count, v.limit, v.percent) for v in evaluate(seats, policy).violations
    }
    assert (ViolationCode.SHARE_ABOVE_MAX, "weog", 30, 10, None) in found
    assert (ViolationCode.SHARE_BELOW_MIN, "african", 0, 5, None) in found


def test_equal_shares_spread_beyond_tolerance() -> None:
    seats = [Seat(str(i), "private_sector", "weog", "woman") for i in range(10)]
    seats += [Seat(f"c{i}", "civil_society", "weog", "man") for i in range(4)]
    seats += [Seat(f"t{i}", "technical_academic", "weog", "man") for i in range(5)]
    policy = MembershipPolicy(
        seat_count=19,
        equal_shares=(EqualSharesRule(Dimension.STAKEHOLDER_GROUP, OTHERS, 2, hard=True),),
    )
    report = evaluate(seats, policy)
    (violation,) = report.hard_violations
    assert violation.code == ViolationCode.EQUAL_SHARES_SPREAD
    assert violation.seats_off == 4
    assert violation.groups == OTHERS
    assert violation.counts == (10, 4, 5)
    assert (violation.count, violation.limit) == (6, 2)


def test_too_many_seats_is_hard_and_open_seats_are_not() -> None:
    over = evaluate(balanced_seats(57, government=20), default_policy(55))
    assert [v.code for v in over.hard_violations] == [ViolationCode.SEATS_OVER]
    assert (over.hard_violations[0].count, over.hard_violations[0].seats_off) == (57, 2)

    under = evaluate(balanced_seats(40, government=10), default_policy(55))
    assert under.meets_hard_rules
    assert under.open_seats == 15
    assert any(v.code == ViolationCode.SEATS_OPEN for v in under.target_violations)


def test_cycle_seat_count_overrides_the_policy() -> None:
    seats = balanced_seats(50, government=21)
    # 21 of 55 is within 40%; 21 of 50 is not (at most 20).
    assert evaluate(seats, default_policy(55), seat_count=55).meets_hard_rules
    report = evaluate(seats, default_policy(55), seat_count=50)
    assert report.seat_count == 50
    assert (report.hard_violations[0].count, report.hard_violations[0].seats) == (21, 50)


def test_a_fourth_consecutive_term_breaks_the_limit() -> None:
    seats = balanced_seats()
    seats[0] = Seat("0", "government", "african", "man", consecutive_terms=4, label="Ana Pérez")
    report = evaluate(seats, default_policy(55))
    (violation,) = report.hard_violations
    assert violation.code == ViolationCode.CONSECUTIVE_TERMS
    assert (violation.holder, violation.count, violation.limit) == ("Ana Pérez", 4, 3)


def test_a_member_who_changed_stakeholder_group_counts_in_the_new_group() -> None:
    # The group belongs to the seat (the appointment), not the person: the same person's seat
    # in one year counts for government, in the next for civil society.
    seat_2025 = Seat("p1", "government", "african", "woman", consecutive_terms=1)
    seat_2026 = Seat("p1", "civil_society", "african", "woman", consecutive_terms=2)
    policy = default_policy(2)
    assert evaluate([seat_2025], policy).count(Dimension.STAKEHOLDER_GROUP, "government") == 1
    report = evaluate([seat_2026], policy)
    assert report.count(Dimension.STAKEHOLDER_GROUP, "government") == 0
    assert report.count(Dimension.STAKEHOLDER_GROUP, "civil_society") == 1


def test_counts_list_every_main_group_even_at_zero_and_rare_groups_only_when_present() -> None:
    report = evaluate([Seat("1", "civil_society", "none", "prefer_not_to_say")], default_policy(5))
    regions = {c.group: c.count for c in report.counts[Dimension.REGION]}
    assert regions["weog"] == 0
    assert regions["none"] == 1
    genders = {c.group for c in report.counts[Dimension.GENDER]}
    assert "prefer_not_to_say" in genders
    assert "non_binary" not in genders
    (civil,) = [c for c in report.counts[Dimension.STAKEHOLDER_GROUP] if c.group == "civil_society"]
    assert civil.percent == pytest.approx(20.0)


def test_new_or_worse_hard_violations_ignores_what_was_already_broken_to_the_same_degree() -> None:
    policy = default_policy(55)
    before = evaluate(balanced_seats(54, government=23), policy)
    same = evaluate(balanced_seats(54, government=23), policy)
    worse = evaluate(balanced_seats(55, government=24), policy)
    better = evaluate(balanced_seats(54, government=22), policy)
    assert new_or_worse_hard_violations(before, same) == []
    assert [v.seats_off for v in new_or_worse_hard_violations(before, worse)] == [2]
    assert new_or_worse_hard_violations(before, better) == []


def test_hard_violations_are_listed_first() -> None:
    seats = balanced_seats(55, government=30)
    report = evaluate(seats, default_policy(55))
    kinds = [v.hard for v in report.violations]
    assert kinds == sorted(kinds, reverse=True)
    assert report.violations[0].hard


def test_a_violation_round_trips_through_json() -> None:
    import json

    report = evaluate(balanced_seats(government=23), default_policy(55))
    (hard,) = report.hard_violations
    assert Violation.from_dict(json.loads(json.dumps(hard.to_dict()))) == hard
