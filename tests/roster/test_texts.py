"""The roster's codes in words: broken rules, checks, selection conflicts and file problems, in
English exactly, and translated in French and Spanish."""

from __future__ import annotations

import pytest
from django.utils import translation

from membership.files import FileProblem
from membership.policy import (
    Dimension,
    EqualSharesRule,
    MembershipPolicy,
    ShareRule,
    default_policy,
)
from membership.roster.balance import Seat, evaluate
from membership.roster.selection import Candidate, select
from membership.roster.texts import (
    check_text,
    conflict_text,
    file_problem_text,
    violation_text,
)
from tests.roster.test_balance import OTHERS, balanced_seats
from tests.roster.test_selection import continuing, random_pool

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def _texts(report) -> list[str]:
    return [violation_text(v) for v in report.violations]


def test_a_share_above_its_limit() -> None:
    report = evaluate(balanced_seats(government=23), default_policy(55))
    assert violation_text(report.hard_violations[0]) == (
        "Government would hold 23 of 55 seats (41.8%), above the 40% limit (at most 22)"
    )
    now = evaluate(balanced_seats(government=23), default_policy(55), draft=False)
    assert violation_text(now.hard_violations[0]).startswith("Government holds 23 of 55 seats")


def test_gender_targets_name_people_in_the_plural() -> None:
    seats = [
        Seat(s.key, s.stakeholder_group, s.region, "man" if int(s.key) >= 18 else "woman")
        for s in balanced_seats()
    ]
    texts = _texts(evaluate(seats, default_policy(55)))
    assert "Women would hold 18 of 55 seats (32.7%), below the 40% target (at least 22)" in texts
    assert "Men would hold 37 of 55 seats (67.3%), above the 60% target (at most 33)" in texts


def test_targets_by_count() -> None:
    seats = [Seat(str(i), "civil_society", "weog", "woman") for i in range(30)]
    policy = MembershipPolicy(
        seat_count=30,
        rules=(
            ShareRule(Dimension.REGION, "weog", hard=False, max_count=10),
            ShareRule(Dimension.REGION, "african", hard=False, min_count=5),
        ),
    )
    texts = _texts(evaluate(seats, policy))
    assert (
        "Western European and Others Group (WEOG) would hold 30 of 30 seats (100.0%), "
        "above the target of 10 seats (at most 10)" in texts
    )
    assert (
        "African Group would hold 0 of 30 seats (0.0%), below the target of 5 seats "
        "(at least 5)" in texts
    )


def test_equal_shares_seats_over_and_open() -> None:
    seats = [Seat(str(i), "private_sector", "weog", "woman") for i in range(10)]
    seats += [Seat(f"c{i}", "civil_society", "weog", "man") for i in range(4)]
    seats += [Seat(f"t{i}", "technical_academic", "weog", "man") for i in range(5)]
    policy = MembershipPolicy(
        seat_count=19,
        equal_shares=(EqualSharesRule(Dimension.STAKEHOLDER_GROUP, OTHERS, 2, hard=True),),
    )
    (spread,) = _texts(evaluate(seats, policy))
    assert spread == (
        "The stakeholder groups sharing seats equally would hold Private sector 10, Civil "
        "society 4, Technical and academic community 5: a difference of 6, above the limit of 2"
    )
    over = evaluate(balanced_seats(57, government=20), default_policy(55))
    assert violation_text(over.hard_violations[0]) == (
        "The composition would have 57 seats, 2 more than the 55 of the cycle"
    )
    under = evaluate(balanced_seats(40, government=10), default_policy(55))
    assert "15 seats of 55 still open" in _texts(under)


@pytest.mark.parametrize(
    ("terms", "words"), [(2, "a 2nd"), (4, "a 4th"), (8, "an 8th"), (11, "an 11th"), (21, "a 21st")]
)
def test_consecutive_terms_with_the_right_ordinal(terms: int, words: str) -> None:
    seats = [Seat("0", "government", "african", "man", consecutive_terms=terms, label="Ana Pérez")]
    report = evaluate(seats, MembershipPolicy(seat_count=1, max_consecutive_terms=1))
    (violation,) = report.hard_violations
    assert violation_text(violation) == (
        f"Ana Pérez would serve {words} consecutive term; the limit is 1"
    )


def test_every_check_names_its_rule() -> None:
    report = evaluate(balanced_seats(), default_policy(55))
    texts = [check_text(c) for c in report.checks]
    assert texts[0] == "Government: at most 40% of seats (rule)"
    assert texts[-1] == "at most 3 consecutive terms (rule)"


def test_selection_conflicts_in_words() -> None:
    men = [c for c in random_pool(500) if c.gender == "man"]
    result = select([*continuing(), *men], default_policy(55))
    texts = [conflict_text(c) for c in result.conflicts]
    assert (
        "The pool has 0 eligible women and 18 continuing; the target needs 22 of 55 seats "
        "(4 short)" in texts
    )
    small = select([*continuing(), *random_pool(5)], default_policy(55))
    assert "The pool has 5 eligible candidates for 19 open seats" in [
        conflict_text(c) for c in small.conflicts
    ]
    over = select(continuing(56), default_policy(55))
    assert "56 continuing members already exceed the 55 seats" in [
        conflict_text(c) for c in over.conflicts
    ]


def test_competing_targets_say_what_meeting_one_would_break_and_why() -> None:
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
    (conflict,) = select(pool, policy).conflicts
    text = conflict_text(conflict)
    assert "meeting it would instead break: African Group would hold 4" in text
    assert "the pool has 2 eligible women from the Eastern European Group" in text


def test_file_problems_name_their_line_and_field() -> None:
    problem = FileProblem(3, "score", "not_number", {"value": "x"})
    assert file_problem_text(problem) == "line 3, field score: Enter a number, not 'x'."
    row = FileProblem(4, "", "extra_values")
    assert file_problem_text(row) == (
        "line 4: The row has more values than the header has columns."
    )
    unknown = FileProblem(
        2, "stakeholder_group", "unknown_group", {"dimension": "stakeholder_group", "value": "g"}
    )
    assert file_problem_text(unknown).startswith(
        "line 2, field stakeholder_group: Unknown stakeholder group 'g'; choose one of government"
    )


@pytest.mark.parametrize("language", ["fr", "es"])
def test_rule_and_conflict_texts_are_translated(language: str) -> None:
    report = evaluate(balanced_seats(government=23), default_policy(55))
    men = [c for c in random_pool(500) if c.gender == "man"]
    result = select([*continuing(), *men], default_policy(55))
    items = [
        (violation_text, report.hard_violations[0]),
        (check_text, report.checks[0]),
        (check_text, report.checks[-1]),
        *[(conflict_text, c) for c in result.conflicts],
    ]
    english = [text(item) for text, item in items]
    with translation.override(language):
        translated = [text(item) for text, item in items]
    for en, other in zip(english, translated, strict=True):
        assert en != other, f"still English in {language}: {other}"
