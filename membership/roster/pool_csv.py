"""The files of ``manage.py select_balanced``: POOL.csv in, OUT.csv out. Plain Python; every
problem of a pool file is a ``FileProblem`` with its line, field and code."""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from typing import IO

from membership.files import FileProblem, FileProblemsError
from membership.policy import GROUPS, Dimension
from membership.roster.selection import Candidate, SelectionResult

POOL_COLUMNS = ("id", "stakeholder_group", "region", "gender", "country", "score", "continuing")
_GROUP_COLUMNS = (
    ("stakeholder_group", Dimension.STAKEHOLDER_GROUP),
    ("region", Dimension.REGION),
    ("gender", Dimension.GENDER),
)


def read_pool_csv(lines: Iterable[str]) -> list[Candidate]:
    """Parse POOL.csv (columns ``POOL_COLUMNS``; an optional ``prior_terms``). Every row is
    checked; all problems are raised together, each naming its line and field."""
    reader = csv.DictReader(lines)
    header = reader.fieldnames or []
    missing = [c for c in POOL_COLUMNS if c not in header]
    if missing:
        raise FileProblemsError([FileProblem(1, "", "missing_columns", {"columns": missing})])
    problems: list[FileProblem] = []
    candidates: list[Candidate] = []
    seen: dict[str, int] = {}
    for row in reader:
        row_problems, candidate = _candidate(row, reader.line_num, seen)
        problems += row_problems
        if candidate is not None:
            candidates.append(candidate)
    if problems:
        raise FileProblemsError(problems)
    return candidates


def _candidate(
    row: dict[str | None, str | None], line: int, seen: dict[str, int]
) -> tuple[list[FileProblem], Candidate | None]:
    problems: list[FileProblem] = []

    def bad(field: str, code: str, **params: object) -> None:
        problems.append(FileProblem(line, field, code, params))

    key = (row.get("id") or "").strip()
    if not key:
        bad("id", "required")
    elif key in seen:
        bad("id", "duplicate_id", value=key, other_line=seen[key])
    else:
        seen[key] = line
    values = {}
    for column, dimension in _GROUP_COLUMNS:
        value = (row.get(column) or "").strip()
        if value not in GROUPS[dimension]:
            bad(column, "unknown_group", dimension=dimension.value, value=value)
        values[column] = value
    raw_score = (row.get("score") or "").strip()
    score = 0.0
    if raw_score:
        try:
            score = float(raw_score)
        except ValueError:
            score = math.nan
        if not math.isfinite(score):
            bad("score", "not_number", value=raw_score)
    raw_continuing = (row.get("continuing") or "").strip()
    if raw_continuing not in ("", "0", "1"):
        bad("continuing", "not_continuing_flag", value=raw_continuing)
    raw_prior = (row.get("prior_terms") or "").strip()
    if raw_prior and not raw_prior.isdigit():
        bad("prior_terms", "not_integer", value=raw_prior)
    if None in row:
        bad("", "extra_values")
    if problems:
        return problems, None
    continuing = raw_continuing == "1"
    prior = int(raw_prior) if raw_prior else 0
    return [], Candidate(
        key=key,
        stakeholder_group=values["stakeholder_group"],
        region=values["region"],
        gender=values["gender"],
        country=(row.get("country") or "").strip(),
        score=score,
        continuing=continuing,
        prior_terms=prior if prior or not continuing else 1,
    )


def write_selection_csv(result: SelectionResult, out: IO[str]) -> None:
    """OUT.csv: every seat of the proposed composition, continuing members first, with the
    columns of POOL.csv (``continuing`` 1 or 0)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(POOL_COLUMNS)
    for c in result.composition:
        writer.writerow(
            [
                c.key,
                c.stakeholder_group,
                c.region,
                c.gender,
                c.country,
                f"{c.score:g}",
                "1" if c.continuing else "0",
            ]
        )
