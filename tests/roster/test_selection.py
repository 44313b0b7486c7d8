"""The balanced-selection solver, tested directly: feasible and infeasible pools, preferences,
ties, eligibility, forced swaps and a member who changed stakeholder group."""

from __future__ import annotations

import random

from membership.policy import Dimension, MembershipPolicy, ShareRule, default_policy
from membership.roster.selection import Candidate, ConflictCode, select

REGIONS = ("african", "asia_pacific", "eastern_european", "grulac", "weog")
GROUPS = ("government", "private_sector", "civil_society", "technical_academic")


def continuing(n: int = 36) -> list[Candidate]:
    return [
        Candidate(
            f"m{i}",
            GROUPS[i % 4],
            REGIONS[i % 5],
            "woman" if i % 2 else "man",
            f"M{i}",
            continuing=True,
            prior_terms=1,
        )
        for i in range(n)
    ]


def random_pool(n: int, seed: int = 7) -> list[Candidate]:
    rng = random.Random(seed)
    return [
        Candidate(
            f"n{i}",
            rng.choice(GROUPS),
            rng.choice(REGIONS),
            rng.choice(("woman", "man")),
            f"C{rng.randrange(150)}",
            score=rng.randrange(100),
        )
        for i in range(n)
    ]


def test_fills_open_seats_meeting_every_rule_and_target() -> None:
    result = select([*continuing(), *random_pool(300)], default_policy(55))
    assert len(result.continuing) == 36
    assert len(result.selected) == 19
    assert result.meets_everything, result.report.violations
    assert result.conflicts == []
    assert {c.key for c in result.continuing} <= {c.key for c in result.composition}


def test_prefers_higher_scores_when_the_rules_allow() -> None:
    # Everyone is interchangeable for the rules except by score.
    fixed = continuing()
    pool = [
        Candidate(f"n{i}", c.stakeholder_group, c.region, c.gender, "X", score=i)
        for i, c in enumerate(continuing(38))
    ]
    result = select([*fixed, *pool], MembershipPolicy(seat_count=55))
    assert sorted(c.score for c in result.selected) == list(range(19, 38))


def test_prefers_countries_never_represented_on_equal_scores() -> None:
    fixed = continuing(54)
    old = Candidate("old", "civil_society", "weog", "woman", "M1", score=50)
    new = Candidate("new", "civil_society", "weog", "woman", "Nowhere", score=50)
    result = select([*fixed, old, new], MembershipPolicy(seat_count=55))
    assert [c.key for c in result.selected] == ["new"]
    # With a history given, the country never represented wins too.
    result = select(
        [*fixed, old, new], MembershipPolicy(seat_count=55), country_history={"Nowhere": 0, "M1": 5}
    )
    assert [c.key for c in result.selected] == ["new"]


def test_the_hard_government_limit_beats_higher_scores() -> None:
    fixed = continuing()  # 9 government among them
    governments = [
        Candidate(f"g{i}", "government", REGIONS[i % 5], "woman" if i % 2 else "man", score=99)
        for i in range(30)
    ]
    others = random_pool(200)
    others = [Candidate(c.key, c.stakeholder_group, c.region, c.gender, score=1) for c in others]
    result = select([*fixed, *governments, *others], default_policy(55))
    government = result.report.count(Dimension.STAKEHOLDER_GROUP, "government")
    assert government <= 22
    assert result.meets_hard_rules


def test_a_pool_without_women_explains_the_shortfall_and_keeps_hard_rules() -> None:
    fixed = continuing()  # 18 women
    men = [c for c in random_pool(500) if c.gender == "man"]
    result = select([*fixed, *men], default_policy(55))
    assert result.meets_hard_rules
    assert not result.meets_everything
    assert len(result.selected) == 19
    (short,) = [c for c in result.conflicts if c.code == ConflictCode.SUPPLY_SHORT]
    assert short.rule is not None
    assert short.rule.group == "woman"
    assert (short.supply, short.fixed, short.needed, short.seats, short.short) == (0, 18, 22, 55, 4)


def test_competing_targets_name_the_intersection_of_the_pool() -> None:
    # 10 seats: at least 5 women, 5 from Eastern Europe and 5 from Africa. Women abound, but
    # only 2 Eastern European and 2 African ones: the three targets cannot all hold.
    policy = MembershipPolicy(
        seat_count=10,
        rules=(
            ShareRule(Dimension.GENDER, "woman", hard=False, min_count=5),
            ShareRule(Dimension.REGION, "eastern_european", hard=False, min_count=5),
            ShareRule(Dimension.REGION, "african", hard=False, min_count=5),
        ),
    )
    pool = [Candidate(f"ee_m{i}", "civil_society", "eastern_european", "man") for i in range(6)]
    pool += [Candidate(f"ee_w{i}", "civil_society", "eastern_european", "woman") for i in range(2)]
    pool += [Candidate(f"af_m{i}", "civil_society", "african", "man") for i in range(6)]
    pool += [Candidate(f"af_w{i}", "civil_society", "african", "woman") for i in range(2)]
    pool += [Candidate(f"we_w{i}", "civil_society", "weog", "woman") for i in range(6)]
    result = select(pool, policy)
    assert len(result.selected) == 10
    assert len(result.report.target_violations) == 1  # the fewest targets broken: one
    (conflict,) = result.conflicts
    assert conflict.code == ConflictCode.COMPETING
    assert [(v.group, v.count) for v in conflict.would_break] == [("african", 4)]
    assert any(
        i.of == (Dimension.GENDER, "woman") and i.inside == 2 for i in conflict.intersections
    )


def test_a_member_at_the_term_limit_is_not_eligible_for_renewal() -> None:
    fixed = continuing(54)
    veteran = Candidate("veteran", "civil_society", "weog", "woman", "V", score=100, prior_terms=3)
    newcomer = Candidate("newcomer", "civil_society", "weog", "woman", "N", score=0)
    result = select([*fixed, veteran, newcomer], default_policy(55))
    assert [c.key for c in result.selected] == ["newcomer"]
    assert [c.key for c in result.ineligible] == ["veteran"]


def test_a_pool_too_small_is_explained() -> None:
    result = select([*continuing(), *random_pool(5)], default_policy(55))
    assert len(result.selected) == 5
    assert any(
        c.code == ConflictCode.POOL_TOO_SMALL and (c.eligible, c.open_seats) == (5, 19)
        for c in result.conflicts
    )


def test_ties_resolve_the_same_way_every_run() -> None:
    pool = [
        Candidate(f"n{i:02}", "civil_society", "weog", "woman", "X", score=1) for i in range(10)
    ]
    policy = MembershipPolicy(seat_count=3)
    first = [c.key for c in select(pool, policy).selected]
    assert first == [c.key for c in select(list(reversed(pool)), policy).selected]
    assert len(first) == 3


def test_include_and_exclude_force_the_chairs_swaps() -> None:
    pool = [
        Candidate(f"n{i}", "civil_society", "weog", "woman", f"C{i}", score=i) for i in range(10)
    ]
    policy = MembershipPolicy(seat_count=3)
    result = select(pool, policy, include=["n0"], exclude=["n9"])
    keys = {c.key for c in result.selected}
    assert "n0" in keys
    assert "n9" not in keys
    assert keys == {"n0", "n8", "n7"}


def test_a_member_who_changed_stakeholder_group_counts_in_the_new_group() -> None:
    # 22 continuing government seats fill the 40% limit; one of them was civil society last
    # year. No new government seat may be added.
    fixed = [
        Candidate(
            f"g{i}", "government", REGIONS[i % 5], "woman" if i % 2 else "man", continuing=True
        )
        for i in range(21)
    ]
    fixed.append(
        Candidate("switched", "government", "weog", "woman", continuing=True, prior_terms=1)
    )
    pool = [Candidate(f"ng{i}", "government", "african", "woman", score=100) for i in range(20)]
    pool += random_pool(200)
    pool = [
        c
        for c in pool
        if not (
            c.stakeholder_group == "government"
            and c.key.startswith("n")
            and not c.key.startswith("ng")
        )
    ]
    result = select([*fixed, *pool], default_policy(55))
    assert result.report.count(Dimension.STAKEHOLDER_GROUP, "government") == 22
    assert not any(c.stakeholder_group == "government" for c in result.selected)


def test_too_many_continuing_members_is_a_hard_conflict() -> None:
    result = select(continuing(56), default_policy(55))
    assert not result.meets_hard_rules
    assert any(
        c.code == ConflictCode.TOO_MANY_CONTINUING and (c.continuing, c.seats) == (56, 55)
        for c in result.conflicts
    )
