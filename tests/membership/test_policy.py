"""The membership policy format: parsing, field-level errors, bounds, the default policy."""

from __future__ import annotations

import json

import pytest

from membership.choices import Gender, Region, StakeholderGroup
from membership.policy import (
    GROUPS,
    Dimension,
    MembershipPolicy,
    PolicyError,
    ShareRule,
    default_policy,
)


def _policy(**overrides: object) -> dict:
    data = default_policy().to_dict()
    data.update(overrides)
    return data


def test_choices_and_policy_groups_agree() -> None:
    assert set(StakeholderGroup.values) == set(GROUPS[Dimension.STAKEHOLDER_GROUP])
    assert set(Region.values) == set(GROUPS[Dimension.REGION])
    assert set(Gender.values) == set(GROUPS[Dimension.GENDER])


def test_default_policy_round_trips_through_json() -> None:
    policy = default_policy(55)
    again = MembershipPolicy.from_dict(json.loads(json.dumps(policy.to_dict())))
    assert again == policy


def test_default_policy_caps_government_at_40_percent_as_a_hard_rule() -> None:
    policy = default_policy(55)
    (government,) = [r for r in policy.hard_rules() if r.group == "government"]
    assert government.bounds(55) == (0, 22)  # 40% of 55 is 22 seats, never rounded up
    assert government.max_percent == 40


@pytest.mark.parametrize(
    ("rule", "seats", "bounds"),
    [
        (ShareRule(Dimension.GENDER, "woman", hard=False, min_percent=40), 55, (22, 55)),
        (ShareRule(Dimension.GENDER, "woman", hard=False, min_percent=40), 56, (23, 56)),
        (ShareRule(Dimension.REGION, "weog", hard=False, min_count=9, max_count=11), 55, (9, 11)),
        (ShareRule(Dimension.REGION, "weog", hard=True, max_percent=20, max_count=12), 55, (0, 11)),
        (
            ShareRule(Dimension.STAKEHOLDER_GROUP, "government", hard=True, max_percent=40),
            50,
            (0, 20),
        ),
    ],
)
def test_rule_bounds_round_towards_compliance(
    rule: ShareRule, seats: int, bounds: tuple[int, int]
) -> None:
    assert rule.bounds(seats) == bounds


@pytest.mark.parametrize(
    ("overrides", "path", "code"),
    [
        ({"seat_count": 0}, "seat_count", "out_of_range"),
        ({"seat_count": "55"}, "seat_count", "not_integer"),
        ({"max_consecutive_terms": None}, "max_consecutive_terms", "required"),
        (
            {
                "rules": [
                    {
                        "dimension": "stakeholder_group",
                        "group": "government",
                        "max_percent": 140,
                        "hard": True,
                    }
                ]
            },
            "rules.0.max_percent",
            "out_of_range",
        ),
        (
            {
                "rules": [
                    {"dimension": "gender", "group": "woman", "min_percent": 60, "max_percent": 40}
                ]
            },
            "rules.0.min_percent",
            "min_share_above_max",
        ),
        (
            {"rules": [{"dimension": "region", "group": "atlantis", "min_percent": 10}]},
            "rules.0.group",
            "unknown_group",
        ),
        (
            {"rules": [{"dimension": "planet", "group": "x", "min_percent": 10}]},
            "rules.0.dimension",
            "unknown_dimension",
        ),
        ({"rules": [{"dimension": "gender", "group": "woman"}]}, "rules.0", "no_bound"),
        (
            {"rules": [{"dimension": "gender", "group": "woman", "min_count": 3, "max_count": 2}]},
            "rules.0.min_count",
            "min_count_above_max",
        ),
        (
            {
                "rules": [
                    {"dimension": "gender", "group": "woman", "min_percent": 60, "hard": True},
                    {"dimension": "gender", "group": "man", "min_percent": 60, "hard": True},
                ]
            },
            "rules",
            "minimums_exceed_seats",
        ),
        (
            {"equal_shares": [{"dimension": "stakeholder_group", "groups": ["civil_society"]}]},
            "equal_shares.0.groups",
            "too_few_groups",
        ),
        (
            {
                "rules": [
                    {"dimension": "gender", "group": "woman", "min_percent": 40, "hard": "yes"}
                ]
            },
            "rules.0.hard",
            "not_a_boolean",
        ),
    ],
)
def test_impossible_input_gets_a_field_level_error(overrides: dict, path: str, code: str) -> None:
    with pytest.raises(PolicyError) as caught:
        MembershipPolicy.from_dict(_policy(**overrides))
    assert path in caught.value.errors, caught.value.errors
    assert code in [p.code for p in caught.value.errors[path]], caught.value.errors[path]


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(PolicyError) as caught:
        MembershipPolicy.from_dict(
            {"seat_count": -1, "term_length_years": 0, "max_consecutive_terms": 3}
        )
    assert set(caught.value.errors) == {"seat_count", "term_length_years"}


def test_not_an_object_is_refused() -> None:
    with pytest.raises(PolicyError):
        MembershipPolicy.from_dict([1, 2, 3])
