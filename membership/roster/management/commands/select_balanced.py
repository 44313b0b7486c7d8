"""``manage.py select_balanced``: the balanced-selection solver on files, for scripting and
benchmarking. The formats are documented in docs/select_balanced.md."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from membership.files import FileProblemsError
from membership.policy import MembershipPolicy, PolicyError
from membership.policy_text import problems_text
from membership.roster.pool_csv import read_pool_csv, write_selection_csv
from membership.roster.selection import select
from membership.roster.texts import conflict_text, file_problem_text


class Command(BaseCommand):
    help = (
        "Fill the open seats from a pool: continuing members fixed, every hard rule met when "
        "possible, then as many targets as possible, then the highest scores and countries "
        "never represented. POOL.csv columns: id,stakeholder_group,region,gender,country,"
        "score,continuing. POLICY.json: the membership policy format of the ToR. OUT.csv: "
        "every seat of the proposed composition."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pool", required=True, type=Path, help="POOL.csv")
        parser.add_argument(
            "--policy", type=Path, help="POLICY.json (default: the policy in force of --body)"
        )
        parser.add_argument(
            "--body", help="The body whose policy in force applies (default: the default body)"
        )
        parser.add_argument("--seats", type=int, help="Seats in the cycle (default: the policy's)")
        parser.add_argument("--out", required=True, type=Path, help="OUT.csv to write")

    def handle(self, *args: Any, **options: Any) -> None:
        seats = options["seats"]
        if seats is not None and not 1 <= seats <= 500:
            raise CommandError("--seats: enter a number from 1 to 500.")
        pool_path: Path = options["pool"]
        try:
            with pool_path.open(newline="", encoding="utf-8-sig") as f:
                candidates = read_pool_csv(f)
        except OSError as e:
            raise CommandError(f"{pool_path}: cannot read it ({e.strerror}).") from e
        except UnicodeDecodeError as e:
            raise CommandError(f"{pool_path}: not UTF-8 text.") from e
        except FileProblemsError as e:
            raise CommandError(
                f"{pool_path} has {len(e.problems)} problem(s):\n"
                + "\n".join(f"  {file_problem_text(p)}" for p in e.problems)
            ) from e
        # The files are checked before the database is asked for the policy in force.
        policy = self._policy(options["policy"], options["body"])

        result = select(candidates, policy, seat_count=seats)
        out: Path = options["out"]
        try:
            with out.open("w", newline="", encoding="utf-8") as f:
                write_selection_csv(result, f)
        except OSError as e:
            raise CommandError(f"{out}: cannot write it ({e.strerror}).") from e

        report = result.report
        self.stdout.write(
            f"Selected {len(result.selected)} of {len(candidates) - len(result.continuing)} "
            f"candidates for {report.seat_count - len(result.continuing)} open seats "
            f"({len(result.continuing)} continuing) in {result.seconds:.3f} s."
        )
        if result.meets_everything:
            self.stdout.write(self.style.SUCCESS("Every rule and target is met."))
        else:
            status = "Every hard rule is met" if result.meets_hard_rules else "HARD RULES BROKEN"
            self.stdout.write(self.style.WARNING(f"{status}; not met:"))
            for conflict in result.conflicts:
                kind = "rule" if conflict.hard else "target"
                self.stdout.write(f"  - ({kind}) {conflict_text(conflict)}")
        self.stdout.write(f"Wrote {out}.")

    def _policy(self, path: Path | None, body_slug: str | None) -> MembershipPolicy:
        if path is None:
            from membership.bodies.models import Body
            from membership.tor.selectors import policy_in_force

            bodies = (
                Body.objects.filter(slug=body_slug)
                if body_slug
                else Body.objects.filter(is_default=True)
            )
            body = bodies.first()
            if body is None:
                raise CommandError(f"No body {body_slug!r}." if body_slug else "No default body.")
            return policy_in_force(body)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as e:
            raise CommandError(f"{path}: cannot read it ({e.strerror}).") from e
        except json.JSONDecodeError as e:
            raise CommandError(
                f"{path}: not valid JSON at line {e.lineno}, column {e.colno}: {e.msg}."
            ) from e
        try:
            return MembershipPolicy.from_dict(data)
        except PolicyError as e:
            lines = [
                f"  {field or '(policy)'}: {' '.join(problems_text(problems))}"
                for field, problems in e.errors.items()
            ]
            raise CommandError(f"{path} is not a valid policy:\n" + "\n".join(lines)) from e
