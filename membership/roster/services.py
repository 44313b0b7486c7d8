"""Writes to the roster. Each service runs in one transaction, takes the acting user as
``actor=``, records who and why in the row history, and checks what it must.

Every appointment write checks the hard rules of ``policy_in_force()`` for the appointment's
cycle, with the cycle's own seat count (a cycle's seat count is data and overrides the
policy's). The cycle row is locked first (``select_for_update``), so two writers to the same
cycle run one after the other and the second sees the first's seat: together they can never
break a rule that each alone would have been refused for. A write that introduces or worsens a
hard violation is refused with the rule named; the chair may override it with a reason, which
is recorded on the appointment and shown on the balance dashboard."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mag_portal.permissions import require_capability
from mag_portal.roles import Capability, has_capability
from membership.roster import signals
from membership.roster.balance import Violation, evaluate, new_or_worse_hard_violations
from membership.roster.models import (
    SEAT_HOLDING,
    Appointment,
    AppointmentStatus,
    Cycle,
    Nomination,
    NominationStatus,
    Person,
    SeatType,
)
from membership.roster.selection import FileProblem
from membership.roster.selectors import appointment_years, consecutive_terms, seats_of
from membership.tor.selectors import policy_in_force

# The acting user as a view has it; services refuse anonymous users by capability.
Actor = User | AnonymousUser


class RuleViolationError(ValidationError):
    """A write that would break a hard rule; ``violations`` names each."""

    def __init__(self, violations: list[Violation]) -> None:
        self.violations = violations
        super().__init__([v.message for v in violations], code="hard_rule")


def _record(instance: Any, actor: Actor | None, reason: str) -> None:
    """Who and why, for django-simple-history's row of this save."""
    instance._history_user = actor
    instance._change_reason = reason[:100]


# People ---------------------------------------------------------------------------------

PERSON_FIELDS = (
    "name",
    "email",
    "country",
    "is_organisation",
    "gender",
    "gender_description",
    "affiliation",
    "bio",
)


def person_create(*, actor: Actor, reason: str = "", **fields: Any) -> Person:
    """A new person (a member or nominee); the chair or the Secretariat."""
    if not (
        has_capability(actor, Capability.MANAGE_ROSTER)
        or has_capability(actor, Capability.MANAGE_NOMINATIONS)
    ):
        raise PermissionDenied
    unknown = set(fields) - {*PERSON_FIELDS, "user", "photo"}
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        person = Person(**fields)
        if person.is_organisation:
            person.country = ""
        person.full_clean()
        _record(person, actor, reason or "Created")
        person.save()
    return person


def person_update(*, actor: Actor, person: Person, reason: str = "", **fields: Any) -> Person:
    """Change a person's record: the chair or the Secretariat, or the person themselves."""
    is_self = person.user_id is not None and person.user_id == actor.pk
    if not (
        is_self
        or has_capability(actor, Capability.MANAGE_ROSTER)
        or has_capability(actor, Capability.MANAGE_NOMINATIONS)
    ):
        raise PermissionDenied
    unknown = set(fields) - {*PERSON_FIELDS, "photo"}
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        for name, value in fields.items():
            setattr(person, name, value)
        if person.is_organisation:
            person.country = ""
        person.full_clean()
        _record(person, actor, reason or ("Updated their own profile" if is_self else "Updated"))
        person.save()
    return person


# Cycles ---------------------------------------------------------------------------------


def cycle_create(
    *,
    actor: Actor,
    year: int,
    seat_count: int,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Cycle:
    """A new cycle (a MAG year) with its seat count; the chair."""
    require_capability(actor, Capability.MANAGE_ROSTER)
    with transaction.atomic():
        cycle = Cycle(
            year=year,
            seat_count=seat_count,
            starts_on=starts_on or datetime.date(year, 1, 1),
            ends_on=ends_on or datetime.date(year, 12, 31),
        )
        cycle.full_clean()
        _record(cycle, actor, "Created")
        cycle.save()
    return cycle


# Appointments ---------------------------------------------------------------------------


def _check_rules(
    *,
    actor: Actor,
    cycle: Cycle,
    before: list[Appointment],
    after: list[Appointment],
    override_reason: str,
) -> list[Violation]:
    """Refuse a write that introduces or worsens a hard violation, unless the chair overrides
    it with a reason. Returns the violations overridden."""
    policy = policy_in_force()
    report_before = evaluate(seats_of(before, cycle.year), policy, seat_count=cycle.seat_count)
    report_after = evaluate(seats_of(after, cycle.year), policy, seat_count=cycle.seat_count)
    worse = new_or_worse_hard_violations(report_before, report_after)
    if not worse:
        return []
    if not override_reason.strip():
        raise RuleViolationError(worse)
    require_capability(actor, Capability.MANAGE_ROSTER)
    return worse


def _lock_cycle(cycle: Cycle) -> tuple[Cycle, list[Appointment]]:
    """Lock the cycle row, then read its seat-holding appointments: every appointment write
    to the cycle takes this lock first, so the reads below cannot go stale."""
    locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
    holding = list(
        Appointment.objects.filter(cycle=locked, status__in=SEAT_HOLDING).select_related("person")
    )
    return locked, holding


def _apply_override(appointment: Appointment, overridden: list[Violation], reason: str) -> None:
    if overridden:
        appointment.override_reason = reason.strip()
        appointment.overridden_rules = "\n".join(v.message for v in overridden)


def appointment_create(
    *,
    actor: Actor,
    person: Person,
    cycle: Cycle,
    stakeholder_group: str,
    seat_type: str = SeatType.REGULAR,
    status: str = AppointmentStatus.PROPOSED,
    override_reason: str = "",
    reason: str = "",
) -> Appointment:
    """Appoint ``person`` to a seat of ``cycle`` (proposed or confirmed); the chair. Refused
    when it would break a hard rule, unless overridden with a reason."""
    require_capability(actor, Capability.MANAGE_ROSTER)
    if status == AppointmentStatus.ENDED_EARLY:
        raise ValidationError(_("A new appointment cannot start as ended."))
    with transaction.atomic():
        cycle, holding = _lock_cycle(cycle)
        if Appointment.objects.filter(person=person, cycle=cycle).exists():
            raise ValidationError(
                _("%(person)s already has an appointment in %(year)s.")
                % {"person": person.name, "year": cycle.year}
            )
        appointment = Appointment(
            person=person,
            cycle=cycle,
            stakeholder_group=stakeholder_group,
            seat_type=seat_type,
            status=status,
            starts_on=cycle.starts_on,
            ends_on=cycle.ends_on,
        )
        appointment.full_clean(validate_constraints=False)
        overridden = _check_rules(
            actor=actor,
            cycle=cycle,
            before=holding,
            after=[*holding, appointment],
            override_reason=override_reason,
        )
        _apply_override(appointment, overridden, override_reason)
        why = reason or ("Appointed, overriding: " + override_reason if overridden else "Appointed")
        _record(appointment, actor, why)
        appointment.save()
        if appointment.status == AppointmentStatus.CONFIRMED:
            signals.appointment_confirmed.send(Appointment, appointment=appointment, actor=actor)
            _mark_nomination_appointed(appointment, actor)
    return appointment


def appointment_update(
    *,
    actor: Actor,
    appointment: Appointment,
    stakeholder_group: str | None = None,
    seat_type: str | None = None,
    status: str | None = None,
    override_reason: str = "",
    reason: str = "",
) -> Appointment:
    """Change an appointment's group, seat type or status (proposed/confirmed); the chair."""
    require_capability(actor, Capability.MANAGE_ROSTER)
    if status == AppointmentStatus.ENDED_EARLY:
        raise ValidationError(_("End an appointment early with a reason instead."))
    with transaction.atomic():
        cycle, holding = _lock_cycle(appointment.cycle)
        current = Appointment.objects.select_related("person").get(pk=appointment.pk)
        if current.status == AppointmentStatus.ENDED_EARLY:
            raise ValidationError(_("This appointment has ended; it cannot be changed."))
        if stakeholder_group is not None:
            current.stakeholder_group = stakeholder_group
        if seat_type is not None:
            current.seat_type = seat_type
        was_confirmed = current.status == AppointmentStatus.CONFIRMED
        if status is not None:
            current.status = status
        current.full_clean(validate_constraints=False)
        after = [a for a in holding if a.pk != current.pk] + [current]
        overridden = _check_rules(
            actor=actor, cycle=cycle, before=holding, after=after, override_reason=override_reason
        )
        _apply_override(current, overridden, override_reason)
        _record(current, actor, reason or "Updated")
        current.save()
        if current.status == AppointmentStatus.CONFIRMED and not was_confirmed:
            signals.appointment_confirmed.send(Appointment, appointment=current, actor=actor)
        if current.status == AppointmentStatus.CONFIRMED:
            _mark_nomination_appointed(current, actor)
    return current


def _mark_nomination_appointed(appointment: Appointment, actor: Actor) -> None:
    """A confirmed appointment closes the nominee's nomination for that cycle."""
    for nomination in (
        Nomination.objects.select_for_update()
        .filter(cycle_id=appointment.cycle_id, person_id=appointment.person_id)
        .exclude(status=NominationStatus.APPOINTED)
    ):
        nomination.status = NominationStatus.APPOINTED
        _record(nomination, actor, "Appointment confirmed")
        nomination.save(update_fields=["status", "updated_at"])


def appointment_end_early(
    *, actor: Actor, appointment: Appointment, reason: str, ended_on: datetime.date | None = None
) -> Appointment:
    """End an appointment before its cycle ends, with a reason; the chair. The row stays:
    appointments are never deleted."""
    require_capability(actor, Capability.MANAGE_ROSTER)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason the appointment ends early.")})
    with transaction.atomic():
        _lock_cycle(appointment.cycle)
        current = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if current.status == AppointmentStatus.ENDED_EARLY:
            raise ValidationError(_("This appointment has already ended."))
        current.status = AppointmentStatus.ENDED_EARLY
        current.end_reason = reason.strip()
        ended = ended_on or datetime.date.today()
        current.ends_on = max(min(ended, current.ends_on), current.starts_on)
        _record(current, actor, f"Ended early: {reason.strip()}")
        current.save()
    return current


# Nominations ----------------------------------------------------------------------------


def nomination_create(
    *,
    actor: Actor,
    cycle: Cycle,
    person: Person,
    stakeholder_group: str,
    nominated_by: str,
    statement: str = "",
    score: Any = None,
) -> Nomination:
    """Record a nomination for ``cycle``; the Secretariat."""
    require_capability(actor, Capability.MANAGE_NOMINATIONS)
    with transaction.atomic():
        nomination = Nomination(
            cycle=cycle,
            person=person,
            stakeholder_group=stakeholder_group,
            nominated_by=nominated_by,
            statement=statement,
            score=score,
        )
        nomination.full_clean()
        _record(nomination, actor, "Received")
        nomination.save()
    return nomination


def nomination_update(
    *, actor: Actor, nomination: Nomination, status: str | None = None, score: Any = None
) -> Nomination:
    """Shortlist, score or decline a nomination; the Secretariat."""
    require_capability(actor, Capability.MANAGE_NOMINATIONS)
    with transaction.atomic():
        current = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if status is not None:
            current.status = status
        if score is not None:
            current.score = score
        current.full_clean()
        _record(current, actor, f"Status {current.status}")
        current.save()
    return current


def selection_accept(
    *, actor: Actor, cycle: Cycle, nominations: Iterable[Nomination], override_reason: str = ""
) -> list[Appointment]:
    """Turn the accepted proposal into proposed appointments of ``cycle``, all or nothing;
    the chair. The hard rules are checked on the whole set at once."""
    require_capability(actor, Capability.RUN_SELECTION)
    require_capability(actor, Capability.MANAGE_ROSTER)
    nominations = list(nominations)
    with transaction.atomic():
        cycle, holding = _lock_cycle(cycle)
        taken = set(Appointment.objects.filter(cycle=cycle).values_list("person_id", flat=True))
        new = []
        for nomination in nominations:
            if nomination.cycle_id != cycle.pk:
                raise ValidationError(_("A nomination of another cycle was included."))
            if nomination.person_id in taken:
                continue
            new.append(
                Appointment(
                    person=nomination.person,
                    cycle=cycle,
                    stakeholder_group=nomination.stakeholder_group,
                    seat_type=SeatType.REGULAR,
                    status=AppointmentStatus.PROPOSED,
                    starts_on=cycle.starts_on,
                    ends_on=cycle.ends_on,
                )
            )
        overridden = _check_rules(
            actor=actor,
            cycle=cycle,
            before=holding,
            after=[*holding, *new],
            override_reason=override_reason,
        )
        for appointment in new:
            _apply_override(appointment, overridden, override_reason)
            _record(appointment, actor, "Proposed by balanced selection")
            appointment.save()
        for nomination in nominations:
            if nomination.person_id not in taken:
                nomination.status = NominationStatus.PROPOSED
                _record(nomination, actor, "Proposed by balanced selection")
                nomination.save(update_fields=["status", "updated_at"])
    return new


# CSV import and export ------------------------------------------------------------------

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

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


def csv_safe(value: object) -> str:
    """A cell a spreadsheet will not run as a formula: values starting with = + - @ (or a
    tab or carriage return) get a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class ImportProblemsError(ValidationError):
    """A CSV import refused whole; ``problems`` lists each with its line and field."""

    def __init__(self, problems: list[FileProblem]) -> None:
        self.problems = problems
        super().__init__([str(p) for p in problems], code="import")


def roster_import(
    *, actor: Actor, cycle: Cycle, kind: str, lines: Iterable[str], override_reason: str = ""
) -> int:
    """Import a roster (appointments) or a nomination list for ``cycle`` from CSV: every row
    validated first, then all saved or none. Returns the number of rows imported."""
    import csv

    from membership.choices import Gender, StakeholderGroup
    from membership.countries import countries

    if kind == "roster":
        require_capability(actor, Capability.MANAGE_ROSTER)
    elif kind == "nominations":
        require_capability(actor, Capability.MANAGE_NOMINATIONS)
    else:
        raise ValidationError(_("Unknown kind of import."))
    reader = csv.DictReader(lines)
    missing = [c for c in IMPORT_COLUMNS[kind] if c not in (reader.fieldnames or [])]
    if missing:
        raise ImportProblemsError(
            [FileProblem(1, "", _("Missing column(s): %s.") % ", ".join(missing))]
        )
    problems: list[FileProblem] = []
    parsed: list[tuple[int, dict[str, str]]] = []
    seen_emails: dict[str, int] = {}
    known = countries()
    for row in reader:
        line = reader.line_num
        values = {k: (v or "").strip() for k, v in row.items() if k is not None}
        if not values.get("name"):
            problems.append(FileProblem(line, "name", _("A name is required.")))
        country = values.get("country", "").upper()
        values["country"] = country
        if country and country not in known:
            problems.append(FileProblem(line, "country", _("Unknown country code %r.") % country))
        if values.get("gender") and values["gender"] not in Gender.values:
            problems.append(FileProblem(line, "gender", _("Unknown gender %r.") % values["gender"]))
        if values.get("stakeholder_group") not in StakeholderGroup.values:
            problems.append(
                FileProblem(
                    line,
                    "stakeholder_group",
                    _("Unknown stakeholder group %r.") % values.get("stakeholder_group"),
                )
            )
        email = values.get("email", "").lower()
        if email:
            if email in seen_emails:
                problems.append(
                    FileProblem(line, "email", _("Already on line %d.") % seen_emails[email])
                )
            seen_emails[email] = line
        if kind == "roster":
            if values.get("seat_type", "regular") not in SeatType.values:
                problems.append(FileProblem(line, "seat_type", _("Unknown seat type.")))
            if values.get("status", "proposed") not in ("proposed", "confirmed"):
                problems.append(FileProblem(line, "status", _("Enter proposed or confirmed.")))
        else:
            if not values.get("nominated_by"):
                problems.append(FileProblem(line, "nominated_by", _("Say who nominated them.")))
            score = values.get("score", "")
            if score:
                try:
                    if not 0 <= float(score) <= 100:
                        raise ValueError
                except ValueError:
                    problems.append(FileProblem(line, "score", _("Enter a number from 0 to 100.")))
        parsed.append((line, values))
    if problems:
        raise ImportProblemsError(problems)

    with transaction.atomic():
        cycle, holding = _lock_cycle(cycle)
        existing = {
            p.email.lower(): p
            for p in Person.objects.filter(email__in=list(seen_emails)).exclude(email="")
        }
        people: list[tuple[int, dict[str, str], Person]] = []
        for line, values in parsed:
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
                _record(person, actor, f"Imported ({kind})")
                person.save()
            people.append((line, values, person))
        if kind == "roster":
            taken = set(Appointment.objects.filter(cycle=cycle).values_list("person_id", flat=True))
            new = []
            for line, values, person in people:
                if person.pk in taken:
                    problems.append(
                        FileProblem(line, "email", _("Already appointed in this cycle."))
                    )
                    continue
                new.append(
                    Appointment(
                        person=person,
                        cycle=cycle,
                        stakeholder_group=values["stakeholder_group"],
                        seat_type=values.get("seat_type") or SeatType.REGULAR,
                        status=values.get("status") or AppointmentStatus.PROPOSED,
                        starts_on=cycle.starts_on,
                        ends_on=cycle.ends_on,
                    )
                )
            if problems:
                raise ImportProblemsError(problems)
            try:
                overridden = _check_rules(
                    actor=actor,
                    cycle=cycle,
                    before=holding,
                    after=[*holding, *new],
                    override_reason=override_reason,
                )
            except RuleViolationError as e:
                raise ImportProblemsError(
                    [FileProblem(0, "", v.message) for v in e.violations]
                ) from e
            for appointment in new:
                _apply_override(appointment, overridden, override_reason)
                _record(appointment, actor, "Imported from CSV")
                appointment.save()
            return len(new)
        nominated = set(Nomination.objects.filter(cycle=cycle).values_list("person_id", flat=True))
        count = 0
        for line, values, person in people:
            if person.pk in nominated:
                problems.append(FileProblem(line, "email", _("Already nominated for this cycle.")))
                continue
            nomination = Nomination(
                cycle=cycle,
                person=person,
                stakeholder_group=values["stakeholder_group"],
                nominated_by=values["nominated_by"],
                statement=values.get("statement", ""),
                score=values.get("score") or None,
            )
            _record(nomination, actor, "Imported from CSV")
            nomination.save()
            count += 1
        if problems:
            raise ImportProblemsError(problems)
        return count


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


def roster_export_rows(*, actor: Actor, cycle: Cycle) -> list[list[str]]:
    """Every appointment of ``cycle`` with private fields, neutralised for spreadsheets; the
    chair and the Secretariat."""
    require_capability(actor, Capability.VIEW_PRIVATE_MEMBER_DATA)
    appointments = list(
        Appointment.objects.filter(cycle=cycle).select_related("person").order_by("person__name")
    )
    years = appointment_years([a.person_id for a in appointments], before_year=cycle.year)
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
                    consecutive_terms(a.person_id, cycle.year, years),
                    a.override_reason,
                )
            ]
        )
    return rows
