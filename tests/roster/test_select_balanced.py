"""``manage.py select_balanced``: files in, OUT.csv out, clear errors naming line and field."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from membership.files import FileProblemsError
from membership.policy import default_policy
from membership.roster.pool_csv import read_pool_csv
from membership.roster.texts import file_problem_text

HEADER = "id,stakeholder_group,region,gender,country,score,continuing\n"
REGIONS = ("african", "asia_pacific", "eastern_european", "grulac", "weog")
GROUPS = ("government", "private_sector", "civil_society", "technical_academic")


def pool_text(n: int = 60, continuing: int = 36) -> str:
    rows = [
        f"p{i},{GROUPS[i % 4]},{REGIONS[i % 5]},{'woman' if i % 2 else 'man'},C{i},{i % 10},"
        f"{1 if i < continuing else 0}"
        for i in range(n)
    ]
    return HEADER + "\n".join(rows) + "\n"


def test_writes_the_composition_and_reports(tmp_path: Path, capsys) -> None:
    pool = tmp_path / "pool.csv"
    pool.write_text(pool_text())
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps(default_policy(55).to_dict()))
    out = tmp_path / "out.csv"
    call_command("select_balanced", pool=pool, policy=policy, seats=40, out=out)
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 40
    assert sum(r["continuing"] == "1" for r in rows) == 36
    assert "Every rule and target is met" in capsys.readouterr().out


def test_bad_pool_names_line_and_field(tmp_path: Path) -> None:
    pool = tmp_path / "pool.csv"
    pool.write_text(HEADER + "a,government,weog,man,FR,1,0\na,governmint,weog,man,FR,x,0\n")
    with pytest.raises(CommandError) as caught:
        call_command("select_balanced", pool=pool, out=tmp_path / "out.csv")
    message = str(caught.value)
    assert "line 3, field id: The id 'a' is already on line 2." in message
    assert "line 3, field stakeholder_group: Unknown stakeholder group 'governmint'" in message
    assert "line 3, field score: Enter a number, not 'x'." in message


def test_bad_policy_names_the_field(tmp_path: Path) -> None:
    pool = tmp_path / "pool.csv"
    pool.write_text(pool_text())
    policy = tmp_path / "policy.json"
    data = default_policy(55).to_dict()
    data["rules"][0]["max_percent"] = "forty"
    policy.write_text(json.dumps(data))
    with pytest.raises(CommandError, match=r"rules\.0\.max_percent: Enter a number\."):
        call_command("select_balanced", pool=pool, policy=policy, out=tmp_path / "o.csv")
    policy.write_text("{\n  oops")
    with pytest.raises(CommandError, match="not valid JSON at line 2"):
        call_command("select_balanced", pool=pool, policy=policy, out=tmp_path / "o.csv")


def test_missing_columns_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileProblemsError) as caught:
        read_pool_csv(["id,region\n", "a,weog\n"])
    (problem,) = caught.value.problems
    assert file_problem_text(problem).startswith("line 1: Missing column(s): stakeholder_group")
    with pytest.raises(CommandError, match="cannot read it"):
        call_command("select_balanced", pool=tmp_path / "nope.csv", out=tmp_path / "o.csv")


def test_continuing_members_default_to_one_prior_term() -> None:
    (member, newcomer) = read_pool_csv(
        [HEADER, "a,government,weog,man,FR,1,1\n", "b,government,weog,man,FR,,\n"]
    )
    assert member.continuing
    assert member.prior_terms == 1
    assert not newcomer.continuing
    assert newcomer.score == 0


@pytest.mark.django_db  # no --policy: the policy in force (the default, no ToR adopted)
def test_an_infeasible_pool_still_writes_the_best_composition_and_explains(
    tmp_path: Path, capsys
) -> None:
    # 36 continuing members (18 women) and only men among the nominees.
    rows = [
        f"p{i},{GROUPS[i % 4]},{REGIONS[i % 5]},{'woman' if i % 2 else 'man'},C{i},1,1"
        for i in range(36)
    ]
    rows += [f"n{i},{GROUPS[i % 4]},{REGIONS[i % 5]},man,N{i},{i},0" for i in range(40)]
    pool = tmp_path / "pool.csv"
    pool.write_text(HEADER + "\n".join(rows) + "\n")
    out = tmp_path / "out.csv"
    call_command("select_balanced", pool=pool, out=out)
    printed = capsys.readouterr().out
    assert "Every hard rule is met; not met:" in printed
    assert "The pool has 0 eligible women and 18 continuing; the target needs 22" in printed
    assert len(list(csv.DictReader(out.open()))) == 55
