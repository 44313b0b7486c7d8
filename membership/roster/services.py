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
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mag_portal.permissions import require
from mag_portal.types import Actor
from membership.bodies.models import Body
from membership.roster import rules, signals
from membership.roster.balance import Violation, evaluate, new_or_worse_hard_violations
from membership.roster.models import (
    Appointment,
    AppointmentStatus,
    Cycle,
    Nomination,
    NominationStatus,
    Person,
    SeatType,
)
from membership.roster.selectors import person_bodies, seats_of
from membership.roster.texts import violation_text
from membership.tor.selectors import policy_in_force


class RuleViolationError(ValidationError):
    """A write that would break a hard rule; ``violations`` names each."""

    def __init__(self, violations: list[Violation]) -> None:
        self.violations = violations
        super().__init__([violation_text(v) for v in violations], code="hard_rule")


def record(instance: models.Model, actor: Actor | None, reason: str) -> None:
    """Who and why, for django-simple-history's row of this save."""
    instance._history_user = actor  # type: ignore[attr-defined]
    instance._change_reason = reason[:100]  # type: ignore[attr-defined]


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
    require(rules.can_manage_people(actor))
    unknown = set(fields) - {*PERSON_FIELDS, "user", "photo"}
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        person = Person(**fields)
        if person.is_organisation:
            person.country = ""
        person.full_clean()
        record(person, actor, reason or "Created")
        person.save()
    return person


def person_update(*, actor: Actor, person: Person, reason: str = "", **fields: Any) -> Person:
    """Change a person's record: the person themselves, or the chair or Secretariat of a body
    they serve or were nominated for."""
    require(rules.can_edit_person(actor, person, person_bodies(person)))
    is_self = rules.is_own_record(actor, person)
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
        record(person, actor, reason or ("Updated their own profile" if is_self else "Updated"))
        person.save()
    return person


def person_link_account(*, actor: Actor | None, person: Person, user: User) -> Person:
    """Link a login account to a person's record (one account per person, one person per
    account), with history; other apps give the account its rights (onboarding: the person's
    checklists). The Secretariat or the chair; ``actor=None`` only for the demo data."""
    if actor is not None:
        require(rules.can_manage_people(actor))
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.user_id == user.pk:
            return person
        taken = Person.objects.filter(user=user).exclude(pk=person.pk).first()
        if taken is not None:
            raise ValidationError(
                _("This account is already linked to %(name)s.") % {"name": taken.name}
            )
        person.user = user
        record(person, actor, "Login account linked")
        person.save()
        signals.person_account_linked.send(Person, person=person, actor=actor)
    return person


# Cycles ---------------------------------------------------------------------------------


def cycle_create(
    *,
    actor: Actor,
    body: Body,
    year: int,
    seat_count: int,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Cycle:
    """A new cycle of ``body`` (a MAG year) with its seat count; the body's chair. A cycle may
    be of any length: it runs the calendar year unless given dates."""
    require(rules.can_manage_roster(actor, body))
    with transaction.atomic():
        if Cycle.objects.filter(body=body, year=year).exists():
            raise ValidationError(
                {
                    "year": _("%(body)s already has a cycle in %(year)s.")
                    % {"body": body, "year": year}
                }
            )
        cycle = Cycle(
            body=body,
            year=year,
            seat_count=seat_count,
            starts_on=starts_on or datetime.date(year, 1, 1),
            ends_on=ends_on or datetime.date(year, 12, 31),
        )
        cycle.full_clean()
        record(cycle, actor, "Created")
        cycle.save()
    return cycle


def term_ends_on(cycle: Cycle, term_length_years: int) -> datetime.date:
    """The last day of a term that starts with ``cycle``: the cycle's end, or later when the
    term lasts longer than the cycle (two-year terms in yearly cycles)."""
    start = cycle.starts_on
    try:
        later = start.replace(year=start.year + term_length_years)
    except ValueError:  # 29 February
        later = start.replace(year=start.year + term_length_years, day=28)
    return max(cycle.ends_on, later - datetime.timedelta(days=1))


# Appointments ---------------------------------------------------------------------------


def check_rules(
    *,
    actor: Actor,
    cycle: Cycle,
    before: list[Appointment],
    after: list[Appointment],
    override_reason: str,
) -> list[Violation]:
    """Refuse a write that introduces or worsens a hard violation, unless the chair overrides
    it with a reason. Returns the violations overridden."""
    policy = policy_in_force(cycle.body)
    seats = cycle.seat_count
    report_before = evaluate(seats_of(before, cycle.body_id), policy, seat_count=seats)
    report_after = evaluate(seats_of(after, cycle.body_id), policy, seat_count=seats)
    worse = new_or_worse_hard_violations(report_before, report_after)
    if not worse:
        return []
    if not override_reason.strip():
        raise RuleViolationError(worse)
    require(rules.can_manage_roster(actor, cycle.body))
    return worse


def lock_cycle(cycle: Cycle) -> tuple[Cycle, list[Appointment]]:
    """Lock the body's row and the cycle's, then read the cycle's seat-holding appointments:
    every appointment write in a body takes these locks first, so the reads below cannot go
    stale (a term may span cycles, so two cycles of one body share seats)."""
    Body.objects.select_for_update().filter(pk=cycle.body_id).first()
    locked = Cycle.objects.select_for_update(of=("self",)).select_related("body").get(pk=cycle.pk)
    holding = list(Appointment.objects.seats_of(locked).select_related("person"))
    return locked, holding


def _check_eligible(person: Person, cycle: Cycle, ends_on: datetime.date) -> None:
    """One term at a time in a body; a working group draws only on its parent's members."""
    overlapping = Appointment.objects.holding_seats().filter(
        person=person,
        cycle__body_id=cycle.body_id,
        starts_on__lte=ends_on,
        ends_on__gte=cycle.starts_on,
    )
    if Appointment.objects.filter(person=person, cycle=cycle).exists() or overlapping.exists():
        raise ValidationError(
            _("%(person)s already has an appointment in %(body)s for %(year)s.")
            % {"person": person.name, "body": cycle.body, "year": cycle.year}
        )
    body = cycle.body
    if body.parent_id is not None and policy_in_force(body).members_from_parent:
        member = (
            Appointment.objects.current(max(cycle.starts_on, timezone.localdate()))
            .filter(person=person, cycle__body_id=body.parent_id)
            .exists()
        )
        if not member:
            raise ValidationError(
                _("%(person)s is not a current member of %(parent)s, which %(body)s draws on.")
                % {"person": person.name, "parent": body.parent, "body": body}
            )


def apply_override(appointment: Appointment, overridden: list[Violation], reason: str) -> None:
    if overridden:
        appointment.override_reason = reason.strip()
        appointment.overridden_rules = [v.to_dict() for v in overridden]


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
    """Appoint ``person`` to a seat of ``cycle`` (proposed or confirmed) for a term of the
    body's policy (it may span cycles); the body's chair. Refused when it would break a hard
    rule, unless overridden with a reason."""
    require(rules.can_manage_roster(actor, cycle.body))
    if status == AppointmentStatus.ENDED_EARLY:
        raise ValidationError(_("A new appointment cannot start as ended."))
    with transaction.atomic():
        cycle, holding = lock_cycle(cycle)
        ends_on = term_ends_on(cycle, policy_in_force(cycle.body).term_length_years)
        _check_eligible(person, cycle, ends_on)
        appointment = Appointment(
            person=person,
            cycle=cycle,
            stakeholder_group=stakeholder_group,
            seat_type=seat_type,
            status=status,
            starts_on=cycle.starts_on,
            ends_on=ends_on,
        )
        appointment.full_clean(validate_constraints=False)
        overridden = check_rules(
            actor=actor,
            cycle=cycle,
            before=holding,
            after=[*holding, appointment],
            override_reason=override_reason,
        )
        # A term longer than its cycle holds a seat in the later cycles it runs into too.
        for later in Cycle.objects.filter(
            body_id=cycle.body_id, starts_on__gt=cycle.starts_on, starts_on__lte=ends_on
        ).select_related("body"):
            seats = list(Appointment.objects.seats_of(later).select_related("person"))
            overridden += check_rules(
                actor=actor,
                cycle=later,
                before=seats,
                after=[*seats, appointment],
                override_reason=override_reason,
            )
        apply_override(appointment, overridden, override_reason)
        why = reason or ("Appointed, overriding: " + override_reason if overridden else "Appointed")
        record(appointment, actor, why)
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
    require(rules.can_manage_roster(actor, appointment.cycle.body))
    if status == AppointmentStatus.ENDED_EARLY:
        raise ValidationError(_("End an appointment early with a reason instead."))
    with transaction.atomic():
        cycle, holding = lock_cycle(appointment.cycle)
        current = Appointment.objects.select_related("person").get(pk=appointment.pk)
        if current.is_ended:
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
        overridden = check_rules(
            actor=actor, cycle=cycle, before=holding, after=after, override_reason=override_reason
        )
        apply_override(current, overridden, override_reason)
        record(current, actor, reason or "Updated")
        current.save()
        if current.status == AppointmentStatus.CONFIRMED and not was_confirmed:
            signals.appointment_confirmed.send(Appointment, appointment=current, actor=actor)
        if was_confirmed and current.status != AppointmentStatus.CONFIRMED:
            signals.appointment_ended.send(Appointment, appointment=current, actor=actor)
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
        record(nomination, actor, "Appointment confirmed")
        nomination.save(update_fields=["status", "updated_at"])


def appointment_end_early(
    *, actor: Actor, appointment: Appointment, reason: str, ended_on: datetime.date | None = None
) -> Appointment:
    """End an appointment before its cycle ends, with a reason; the chair. The row stays:
    appointments are never deleted."""
    require(rules.can_manage_roster(actor, appointment.cycle.body))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason the appointment ends early.")})
    with transaction.atomic():
        lock_cycle(appointment.cycle)
        current = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if current.is_ended:
            raise ValidationError(_("This appointment has already ended."))
        current.status = AppointmentStatus.ENDED_EARLY
        current.end_reason = reason.strip()
        ended = ended_on or timezone.localdate()
        current.ended_on = max(min(ended, current.ends_on), current.starts_on)
        record(current, actor, f"Ended early: {reason.strip()}")
        current.save()
        signals.appointment_ended.send(Appointment, appointment=current, actor=actor)
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
    score: Decimal | None = None,
) -> Nomination:
    """Record a nomination for ``cycle``; the body's Secretariat."""
    require(rules.can_manage_nominations(actor, cycle.body))
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
        record(nomination, actor, "Received")
        nomination.save()
    return nomination


def nomination_create_with_nominee(
    *,
    actor: Actor,
    cycle: Cycle,
    name: str,
    email: str,
    country: str,
    gender: str,
    affiliation: str,
    stakeholder_group: str,
    nominated_by: str,
    statement: str = "",
    score: Decimal | None = None,
) -> Nomination:
    """Record a nomination of someone new: their person record and the nomination together,
    or neither; the body's Secretariat."""
    require(rules.can_manage_nominations(actor, cycle.body))
    with transaction.atomic():
        person = person_create(
            actor=actor,
            name=name,
            email=email,
            country=country,
            gender=gender,
            affiliation=affiliation,
            reason="Nominated",
        )
        return nomination_create(
            actor=actor,
            cycle=cycle,
            person=person,
            stakeholder_group=stakeholder_group,
            nominated_by=nominated_by,
            statement=statement,
            score=score,
        )


def nomination_update(
    *,
    actor: Actor,
    nomination: Nomination,
    status: str | None = None,
    score: Decimal | None = None,
) -> Nomination:
    """Shortlist, score or decline a nomination; the body's Secretariat."""
    require(rules.can_manage_nominations(actor, nomination.cycle.body))
    with transaction.atomic():
        current = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if status is not None:
            current.status = status
        if score is not None:
            current.score = score
        current.full_clean()
        record(current, actor, f"Status {current.status}")
        current.save()
    return current


def selection_accept(
    *, actor: Actor, cycle: Cycle, nominations: Iterable[Nomination], override_reason: str = ""
) -> list[Appointment]:
    """Turn the accepted proposal into proposed appointments of ``cycle``, all or nothing;
    the chair. The hard rules are checked on the whole set at once."""
    require(
        rules.can_run_selection(actor, cycle.body) and rules.can_manage_roster(actor, cycle.body)
    )
    nominations = list(nominations)
    with transaction.atomic():
        cycle, holding = lock_cycle(cycle)
        term_end = term_ends_on(cycle, policy_in_force(cycle.body).term_length_years)
        taken = {a.person_id for a in holding}
        taken |= set(Appointment.objects.filter(cycle=cycle).values_list("person_id", flat=True))
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
                    ends_on=term_end,
                )
            )
        overridden = check_rules(
            actor=actor,
            cycle=cycle,
            before=holding,
            after=[*holding, *new],
            override_reason=override_reason,
        )
        for appointment in new:
            apply_override(appointment, overridden, override_reason)
            record(appointment, actor, "Proposed by balanced selection")
            appointment.save()
        for nomination in nominations:
            if nomination.person_id not in taken:
                nomination.status = NominationStatus.PROPOSED
                record(nomination, actor, "Proposed by balanced selection")
                nomination.save(update_fields=["status", "updated_at"])
    return new
