"""CSV in and out of the roster: import a cycle's appointments or nominations (every row
checked first, then all saved or none), and export a cycle's appointments. Services: they run
in one transaction, take the acting user as ``actor=`` and check what the actor may do."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from mag_portal.permissions import require
from mag_portal.types import Actor
from membership.choices import Gender, StakeholderGroup
from membership.countries import countries
from membership.files import FileProblem, FileProblemsError, csv_safe
from membership.policy import Dimension
from membership.roster import rules
from membership.roster.models import (
    Appointment,
    AppointmentStatus,
    Cycle,
    Nomination,
    Person,
    SeatType,
)
from membership.roster.selectors import consecutive_terms, terms_of
from membership.roster.services import (
    RuleViolationError,
    apply_override,
    check_rules,
    lock_cycle,
    record,
    term_ends_on,
)
from membership.tor.selectors import policy_in_force

IMPORT_COLUMNS = {
    "roster": ("name", "email", "country", "gender", "affiliation", "stakeholder_group"),
    "nominations": (
        "name",
        "email",
        "country",
        "gender",
        "affiliation",
        "stakeholder_group",
        "nominated_by",
    ),
}
EXPORT_COLUMNS = (
    "name",
    "email",
    "country",
    "region",
    "gender",
    "affiliation",
    "stakeholder_group",
    "seat_type",
    "status",
    "consecutive_terms",
    "override_reason",
)
ROW_STATUSES = (AppointmentStatus.PROPOSED.value, AppointmentStatus.CONFIRMED.value)


@dataclass
class _Row:
    line: int
    values: dict[str, str]
    person: Person | None = None


def _check_row(kind: str, line: int, values: dict[str, str]) -> list[FileProblem]:
    """Every problem of one row, each with its field."""
    problems: list[FileProblem] = []

    def bad(field: str, code: str, **params: object) -> None:
        problems.append(FileProblem(line, field, code, params))

    if not values.get("name"):
        bad("name", "name_required")
    if values["country"] and values["country"] not in countries():
        bad("country", "unknown_country", value=values["country"])
    if values.get("gender") and values["gender"] not in Gender.values:
        bad("gender", "unknown_group", dimension=Dimension.GENDER.value, value=values["gender"])
    if values.get("stakeholder_group") not in StakeholderGroup.values:
        bad(
            "stakeholder_group",
            "unknown_group",
            dimension=Dimension.STAKEHOLDER_GROUP.value,
            value=values.get("stakeholder_group", ""),
        )
    if kind == "roster":
        if values.get("seat_type", SeatType.REGULAR) not in SeatType.values:
            bad("seat_type", "unknown_seat_type", value=values.get("seat_type", ""))
        if values.get("status", AppointmentStatus.PROPOSED) not in ROW_STATUSES:
            bad("status", "unknown_status", value=values.get("status", ""))
        return problems
    if not values.get("nominated_by"):
        bad("nominated_by", "nominated_by_required")
    score = values.get("score", "")
    if score:
        try:
            in_range = 0 <= float(score) <= 100
        except ValueError:
            in_range = False
        if not in_range:
            bad("score", "score_range")
    return problems


def _read(kind: str, lines: Iterable[str]) -> list[_Row]:
    """Parse and check every row; raise ``FileProblemsError`` with all problems at once."""
    reader = csv.DictReader(lines)
    missing = [c for c in IMPORT_COLUMNS[kind] if c not in (reader.fieldnames or [])]
    if missing:
        raise FileProblemsError([FileProblem(1, "", "missing_columns", {"columns": missing})])
    problems: list[FileProblem] = []
    rows: list[_Row] = []
    seen_emails: dict[str, int] = {}
    for raw in reader:
        line = reader.line_num
        values = {k: (v or "").strip() for k, v in raw.items() if k is not None}
        values["country"] = values.get("country", "").upper()
        problems += _check_row(kind, line, values)
        email = values.get("email", "").lower()
        if email:
            if email in seen_emails:
                problems.append(
                    FileProblem(
                        line, "email", "duplicate_email", {"other_line": seen_emails[email]}
                    )
                )
            seen_emails[email] = line
        rows.append(_Row(line, values))
    if problems:
        raise FileProblemsError(problems)
    return rows


def _people(rows: list[_Row], actor: Actor, kind: str) -> None:
    """Find each row's person by email, or create them."""
    emails = [r.values["email"].lower() for r in rows if r.values.get("email")]
    existing = {
        p.email.lower(): p for p in Person.objects.filter(email__in=emails).exclude(email="")
    }
    for row in rows:
        values = row.values
        person = existing.get(values.get("email", "").lower())
        if person is None:
            person = Person(
                name=values["name"],
                email=values.get("email", ""),
                country=values["country"],
                is_organisation=not values["country"],
                gender=values.get("gender", ""),
                affiliation=values.get("affiliation", ""),
            )
            record(person, actor, f"Imported ({kind})")
            person.save()
        row.person = person


def _import_appointments(
    rows: list[_Row], cycle: Cycle, holding: list[Appointment], actor: Actor, override: str
) -> int:
    taken = {a.person_id for a in holding}
    taken |= set(Appointment.objects.filter(cycle=cycle).values_list("person_id", flat=True))
    term_end = term_ends_on(cycle, policy_in_force(cycle.body).term_length_years)
    problems = [
        FileProblem(row.line, "email", "already_appointed")
        for row in rows
        if row.person is not None and row.person.pk in taken
    ]
    if problems:
        raise FileProblemsError(problems)
    new = [
        Appointment(
            person=row.person,
            cycle=cycle,
            stakeholder_group=row.values["stakeholder_group"],
            seat_type=row.values.get("seat_type") or SeatType.REGULAR,
            status=row.values.get("status") or AppointmentStatus.PROPOSED,
            starts_on=cycle.starts_on,
            ends_on=term_end,
        )
        for row in rows
    ]
    try:
        overridden = check_rules(
            actor=actor,
            cycle=cycle,
            before=holding,
            after=[*holding, *new],
            override_reason=override,
        )
    except RuleViolationError as e:
        raise FileProblemsError(
            [FileProblem(0, "", "rule_broken", {"violation": v}) for v in e.violations]
        ) from e
    for appointment in new:
        apply_override(appointment, overridden, override)
        record(appointment, actor, "Imported from CSV")
        appointment.save()
    return len(new)


def _import_nominations(rows: list[_Row], cycle: Cycle, actor: Actor) -> int:
    nominated = set(Nomination.objects.filter(cycle=cycle).values_list("person_id", flat=True))
    problems = [
        FileProblem(row.line, "email", "already_nominated")
        for row in rows
        if row.person is not None and row.person.pk in nominated
    ]
    if problems:
        raise FileProblemsError(problems)
    for row in rows:
        nomination = Nomination(
            cycle=cycle,
            person=row.person,
            stakeholder_group=row.values["stakeholder_group"],
            nominated_by=row.values["nominated_by"],
            statement=row.values.get("statement", ""),
            score=row.values.get("score") or None,
        )
        record(nomination, actor, "Imported from CSV")
        nomination.save()
    return len(rows)


def roster_import(
    *, actor: Actor, cycle: Cycle, kind: str, lines: Iterable[str], override_reason: str = ""
) -> int:
    """Import a roster (appointments) or a nomination list for ``cycle`` from CSV: every row
    validated first, then all saved or none (``FileProblemsError`` names each problem's line
    and field). Returns the number of rows imported."""
    require(rules.can_import(actor, cycle.body, kind))
    rows = _read(kind, lines)
    with transaction.atomic():
        cycle, holding = lock_cycle(cycle)
        _people(rows, actor, kind)
        if kind == "roster":
            return _import_appointments(rows, cycle, holding, actor, override_reason)
        return _import_nominations(rows, cycle, actor)


def roster_export_rows(*, actor: Actor, cycle: Cycle) -> list[list[str]]:
    """Every appointment of ``cycle`` with private fields, neutralised for spreadsheets; the
    chair and the Secretariat."""
    require(rules.can_see_private_data(actor, cycle.body))
    appointments = list(
        Appointment.objects.filter(cycle=cycle).select_related("person").order_by("person__name")
    )
    terms = terms_of(
        [a.person_id for a in appointments], body_id=cycle.body_id, before=cycle.starts_on
    )
    rows = [list(EXPORT_COLUMNS)]
    for a in appointments:
        rows.append(
            [
                csv_safe(v)
                for v in (
                    a.person.name,
                    a.person.email,
                    a.person.country,
                    a.person.region,
                    a.person.gender,
                    a.person.affiliation,
                    a.stakeholder_group,
                    a.seat_type,
                    a.status,
                    consecutive_terms(a.person_id, a.starts_on, terms),
                    a.override_reason,
                )
            ]
        )
    return rows
