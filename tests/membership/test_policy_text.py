"""The membership policy in words: every rule and problem code has its sentence, in English
and in the other interface languages."""

from __future__ import annotations

import pytest
from django.utils import translation

from membership.policy import (
    Dimension,
    MembershipPolicy,
    PolicyError,
    Problem,
    ShareRule,
    default_policy,
)
from membership.policy_text import describe_policy, problem_text, rule_text


def test_the_default_policy_in_english() -> None:
    with translation.override("en"):
        lines = describe_policy(default_policy(55))
    assert lines[:3] == ["55 seats", "terms of 1 year", "at most 3 consecutive terms"]
    assert "Government: at most 40% of seats (rule)" in lines
    assert "Women: at least 40% of seats (target)" in lines
    assert (
        "Private sector, Civil society, Technical and academic community: equal shares, "
        "within 2 seats (target)" in lines
    )


def test_a_rule_by_count_and_share() -> None:
    rule = ShareRule(Dimension.REGION, "weog", hard=True, max_percent=20, max_count=12)
    with translation.override("en"):
        assert rule_text(rule) == (
            "Western European and Others Group (WEOG): at most 20% and at most 12 seats of "
            "seats (rule)"
        )


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_policy_is_described_in_the_readers_language(language: str) -> None:
    with translation.override("en"):
        english = describe_policy(default_policy(55))
    with translation.override(language):
        translated = describe_policy(default_policy(55))
    assert len(translated) == len(english)
    assert all(a != b for a, b in zip(english, translated, strict=True)), translated


def test_every_problem_code_the_parser_raises_has_words() -> None:
    bad = {
        "seat_count": 0,
        "term_length_years": "one",
        "max_consecutive_terms": None,
        "rules": [
            {"dimension": "planet", "group": "x"},
            {"dimension": "region", "group": "atlantis", "min_percent": 10},
            {"dimension": "gender", "group": "woman", "min_percent": 60, "max_percent": 40},
            {"dimension": "gender", "group": "woman", "min_count": 3, "max_count": 2, "hard": 1},
            "not a rule",
        ],
        "equal_shares": [{"dimension": "gender", "groups": ["woman"]}, 7],
    }
    with pytest.raises(PolicyError) as caught:
        MembershipPolicy.from_dict(bad)
    problems = [p for problems in caught.value.errors.values() for p in problems]
    assert len(problems) >= 8
    with translation.override("en"):
        for problem in problems:
            assert problem_text(problem) != problem.code, problem


@pytest.mark.parametrize("language", ["fr", "es"])
def test_problems_are_translated(language: str) -> None:
    problem = Problem("out_of_range", {"low": 1, "high": 500})
    with translation.override("en"):
        english = problem_text(problem)
    with translation.override(language):
        assert problem_text(problem) != english
