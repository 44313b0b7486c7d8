"""Writes of onboarding. Each service runs in one transaction, takes the acting user as
``actor=``, checks what the actor may do, locks the rows it checks, and records every change of
an item's state as a ``ChecklistItemEvent`` (who, when, why)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from mag_portal.permissions import require
from mag_portal.roles import Role, global_roles
from mag_portal.types import Actor
from membership.bodies.models import Body
from membership.bodies.rules import roles_in
from membership.roster.models import Appointment, AppointmentStatus, Person
from membership.tor.models import Acknowledgement, Revision
from membership.tor.selectors import main_revision_in_force
from onboarding import evidence, rules
from onboarding.models import (
    SETTLED,
    Assignee,
    Audience,
    CalendarFeedToken,
    Checklist,
    ChecklistItem,
    ChecklistItemEvent,
    ChecklistTemplate,
    EvidenceFile,
    ItemAction,
    ItemKind,
    ItemStatus,
    TemplateItem,
)
from onboarding.rules import ACT, VIEW

# Days a member has to accept a newly adopted ToR revision.
TOR_ACCEPTANCE_DAYS = 30


def _event(item: ChecklistItem, action: str, actor: Actor | None, reason: str = "") -> None:
    ChecklistItemEvent.objects.create(item=item, action=action, actor=actor, reason=reason)


# Templates ---------------------------------------------------------------------------------


@transaction.atomic
def template_create(*, body: Body, name: str, audience: str, actor: Actor) -> ChecklistTemplate:
    """A new template of ``body`` in use for ``audience``; the one in use until now is
    retired."""
    require(rules.can_manage_templates(actor, body))
    in_use = ChecklistTemplate.objects.filter(body=body, audience=audience, is_active=True)
    list(in_use.select_for_update(of=("self",)))
    in_use.update(is_active=False)
    template = ChecklistTemplate(body=body, name=name, audience=audience, is_active=True)
    template.full_clean()
    template.save()
    return template


@transaction.atomic
def template_item_create(
    *,
    template: ChecklistTemplate,
    title: str,
    actor: Actor,
    description: str = "",
    assignee: str = Assignee.MEMBER,
    kind: str = ItemKind.PLAIN,
    due_offset_days: int = 14,
    event_date: datetime.date | None = None,
    depends_on: Iterable[TemplateItem] = (),
    recurs_each_cycle: bool = False,
) -> TemplateItem:
    """Add an item to a template. Checklists already made are not changed."""
    require(rules.can_manage_templates(actor, template.body))
    template = ChecklistTemplate.objects.select_for_update(of=("self",)).get(pk=template.pk)
    dependencies = list(depends_on)
    item = TemplateItem(
        template=template,
        position=template.items.count() + 1,
        title=title,
        description=description,
        assignee=assignee,
        kind=kind,
        due_offset_days=due_offset_days,
        event_date=event_date,
        recurs_each_cycle=recurs_each_cycle,
    )
    _check_dependencies(item, dependencies)
    item.full_clean()
    item.save()
    item.depends_on.set(dependencies)
    template.save(update_fields=["updated_at"])
    return item


def _check_dependencies(item: TemplateItem, dependencies: list[TemplateItem]) -> None:
    """Same template, not itself, and no cycle (an item that waits, through others, for
    itself could never be done)."""
    if any(d.template_id != item.template_id for d in dependencies):
        raise ValidationError(_("An item can only depend on items of the same template."))
    if any(d.pk == item.pk for d in dependencies):
        raise ValidationError(_("An item cannot depend on itself."))
    if item.pk is None:
        return
    edges: dict[int, set[int]] = {}
    through = TemplateItem.depends_on.through.objects.filter(
        from_templateitem__template_id=item.template_id
    ).values_list("from_templateitem_id", "to_templateitem_id")
    for source, target in through:
        edges.setdefault(source, set()).add(target)
    edges[item.pk] = {d.pk for d in dependencies}
    seen: set[int] = set()
    stack = [d.pk for d in dependencies]
    while stack:
        current = stack.pop()
        if current == item.pk:
            raise ValidationError(
                _("These dependencies make a loop: “%(title)s” would wait for itself.")
                % {"title": item.title}
            )
        if current not in seen:
            seen.add(current)
            stack.extend(edges.get(current, ()))


@transaction.atomic
def template_item_update(
    *,
    item: TemplateItem,
    actor: Actor,
    depends_on: Iterable[TemplateItem] | None = None,
    **fields: Any,
) -> TemplateItem:
    """Change a template item (title, description, due offset, dependencies, ...). Checklists
    already made keep their copies."""
    require(rules.can_manage_templates(actor, item.template.body))
    ChecklistTemplate.objects.select_for_update(of=("self",)).get(pk=item.template_id)
    item = TemplateItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
    if depends_on is not None:
        dependencies = list(depends_on)
        _check_dependencies(item, dependencies)
        item.depends_on.set(dependencies)
    allowed = {
        "title",
        "description",
        "assignee",
        "kind",
        "due_offset_days",
        "event_date",
        "recurs_each_cycle",
        "position",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    return item


# Checklists --------------------------------------------------------------------------------


def _audience_of(appointment: Appointment) -> str:
    earlier = Appointment.objects.filter(
        person_id=appointment.person_id,
        cycle__year__lt=appointment.cycle.year,
        status__in=(AppointmentStatus.CONFIRMED, AppointmentStatus.ENDED_EARLY),
    ).exists()
    return Audience.RETURNING if earlier else Audience.NEW


def _grant_owner(checklist: Checklist, user: User | None) -> None:
    if user is not None:
        assign_perm(VIEW, user, checklist)
        assign_perm(ACT, user, checklist)


@transaction.atomic
def checklist_create(*, appointment: Appointment, actor: Actor | None) -> Checklist:
    """Make the checklist of a confirmed appointment from the template in use for new or
    returning members, with due dates counted from the appointment's start. Idempotent: an
    appointment that already has a checklist keeps it. Items the person already did on an
    earlier checklist are left out unless they recur each cycle."""
    appointment = (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("person__user", "cycle__body")
        .get(pk=appointment.pk)
    )
    if appointment.status != AppointmentStatus.CONFIRMED:
        raise ValidationError(_("Only a confirmed appointment gets an onboarding checklist."))
    existing = Checklist.objects.filter(appointment=appointment).first()
    if existing is not None:
        return existing
    audience = _audience_of(appointment)
    template = (
        ChecklistTemplate.objects.filter(
            body_id=appointment.cycle.body_id, audience=audience, is_active=True
        )
        .prefetch_related("items__depends_on")
        .first()
    )
    checklist = Checklist.objects.create(
        appointment=appointment, template=template, audience=audience
    )
    owner = appointment.person.user
    _grant_owner(checklist, owner)
    if template is None:
        return checklist
    copies = _copy_items(checklist, template, appointment)
    # A member who already accepted the revision in force has nothing more to accept.
    in_force = main_revision_in_force(appointment.cycle.body)
    if (
        owner is not None
        and in_force is not None
        and Acknowledgement.objects.filter(user=owner, revision=in_force).exists()
    ):
        for copy in copies:
            if copy.kind == ItemKind.ACCEPT_TOR:
                _settle(copy, owner, ItemAction.AUTO_COMPLETED)
    return checklist


def _copy_items(
    checklist: Checklist, template: ChecklistTemplate, appointment: Appointment
) -> list[ChecklistItem]:
    """Copy the template's items (and their dependencies) onto the checklist, due from the
    appointment's start; items the person already settled on an earlier checklist are left
    out unless they recur each cycle."""
    done_before = set(
        ChecklistItem.objects.filter(
            checklist__appointment__person_id=appointment.person_id,
            status__in=SETTLED,
            source_item__isnull=False,
        ).values_list("source_item_id", flat=True)
    )
    sources = list(template.items.all())
    copies: dict[int, ChecklistItem] = {}
    for source in sources:
        if source.pk in done_before and not source.recurs_each_cycle:
            continue
        copies[source.pk] = ChecklistItem.objects.create(
            checklist=checklist,
            source_item=source,
            position=source.position,
            title=source.title,
            description=source.description,
            assignee=source.assignee,
            kind=source.kind,
            due_on=appointment.starts_on + datetime.timedelta(days=source.due_offset_days),
            event_date=source.event_date,
            recurs_each_cycle=source.recurs_each_cycle,
        )
    for source in sources:
        deps = [copies[d.pk] for d in source.depends_on.all() if d.pk in copies]
        if source.pk in copies and deps:
            copies[source.pk].depends_on.set(deps)
    return list(copies.values())


def _settle(item: ChecklistItem, actor: Actor | None, action: str, reason: str = "") -> None:
    item.status = ItemStatus.WAIVED if action == ItemAction.WAIVED else ItemStatus.DONE
    item.completed_by = actor
    item.completed_at = timezone.now()
    item.waived_reason = reason if action == ItemAction.WAIVED else ""
    item.save(update_fields=["status", "completed_by", "completed_at", "waived_reason"])
    _event(item, action, actor, reason)


def _locked_item(item: ChecklistItem) -> ChecklistItem:
    return (
        ChecklistItem.objects.select_for_update(of=("self",))
        .select_related("checklist__appointment__person", "checklist__appointment__cycle__body")
        .get(pk=item.pk)
    )


def _blocked_by(item: ChecklistItem) -> list[ChecklistItem]:
    return list(item.depends_on.exclude(status__in=SETTLED))


@transaction.atomic
def checklist_item_complete(*, item: ChecklistItem, actor: Actor) -> ChecklistItem:
    """Mark an item done. Refused while items it depends on are still to do, for an item the
    actor is not responsible for, and for "accept the ToR" (accepting the ToR does that)."""
    item = _locked_item(item)
    require(rules.can_act_on(actor, item))
    if item.status != ItemStatus.TODO:
        raise ValidationError(_("“%(title)s” is already settled.") % {"title": item.title})
    if item.kind == ItemKind.ACCEPT_TOR:
        raise ValidationError(
            _("This item is done when you accept the Terms of Reference in force."),
            code="accept_tor",
        )
    if item.kind == ItemKind.UPLOAD and not item.evidence.exists():
        raise ValidationError(_("Upload the document first."), code="no_evidence")
    blockers = _blocked_by(item)
    if blockers:
        raise ValidationError(
            _("“%(title)s” waits for: %(blockers)s.")
            % {"title": item.title, "blockers": ", ".join(f"“{b.title}”" for b in blockers)},
            code="blocked",
        )
    _settle(item, actor, ItemAction.COMPLETED)
    return item


@transaction.atomic
def checklist_item_waive(*, item: ChecklistItem, actor: Actor, reason: str) -> ChecklistItem:
    """The Secretariat waives an item, with a reason (for example: declared last year)."""
    require(rules.can_manage(actor, rules.body_of(item.checklist)))
    item = _locked_item(item)
    if item.status != ItemStatus.TODO:
        raise ValidationError(_("“%(title)s” is already settled.") % {"title": item.title})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this item is waived.")})
    _settle(item, actor, ItemAction.WAIVED, reason.strip())
    return item


@transaction.atomic
def checklist_item_undo(*, item: ChecklistItem, actor: Actor, reason: str = "") -> ChecklistItem:
    """Put a done or waived item back to do; the undo is recorded. Only the Secretariat undoes
    a waiver; whoever may complete an item may undo its completion."""
    item = _locked_item(item)
    if item.status == ItemStatus.TODO:
        raise ValidationError(_("“%(title)s” is still to do.") % {"title": item.title})
    if item.status == ItemStatus.WAIVED:
        require(rules.can_manage(actor, rules.body_of(item.checklist)))
    else:
        require(rules.can_act_on(actor, item))
    if item.kind == ItemKind.ACCEPT_TOR and item.status == ItemStatus.DONE:
        # The acceptance itself is a record of the ToR; the item mirrors it.
        raise ValidationError(_("An acceptance of the Terms of Reference cannot be undone."))
    item.status = ItemStatus.TODO
    item.completed_by = None
    item.completed_at = None
    item.waived_reason = ""
    item.save(update_fields=["status", "completed_by", "completed_at", "waived_reason"])
    _event(item, ItemAction.UNDONE, actor, reason.strip())
    return item


@transaction.atomic
def checklists_owner_grant(*, person: Person) -> int:
    """Give the account just linked to ``person`` the object permissions on every checklist
    of theirs (made before the account was linked). Idempotent; returns how many."""
    owner = Person.objects.select_related("user").get(pk=person.pk).user
    checklists = list(Checklist.objects.filter(appointment__person_id=person.pk))
    for checklist in checklists:
        _grant_owner(checklist, owner)
    return len(checklists) if owner is not None else 0


@transaction.atomic
def checklist_buddy_assign(*, checklist: Checklist, buddy: User, actor: Actor) -> Checklist:
    """Make a Secretariat person the onboarding buddy of a member: they see that checklist on
    their home page (a django-guardian object permission)."""
    body = rules.body_of(checklist)
    require(rules.can_manage(actor, body))
    if not (Role.SECRETARIAT in global_roles(buddy) or Role.SECRETARIAT in roles_in(buddy, body)):
        raise ValidationError(_("An onboarding buddy must be a member of the Secretariat."))
    assign_perm(VIEW, buddy, checklist)
    return checklist


# Terms of Reference ------------------------------------------------------------------------


@transaction.atomic
def tor_items_complete(*, acknowledgement: Acknowledgement, actor: Actor) -> int:
    """The member accepted a revision: their open "accept the ToR" items for that revision or
    an earlier one of the same document are done (the template's generic item stands for the
    main document). Returns how many."""
    revision = Revision.objects.select_related("document").get(pk=acknowledgement.revision_id)
    if not revision.is_in_force:
        return 0
    same_document = Q(
        tor_revision__document_id=revision.document_id,
        tor_revision__number__lte=revision.number,
    )
    if revision.document.is_main:
        same_document |= Q(
            tor_revision__isnull=True,
            checklist__appointment__cycle__body_id=revision.document.body_id,
        )
    items = list(
        ChecklistItem.objects.select_for_update(of=("self",))
        .filter(
            checklist__appointment__person__user=acknowledgement.user,
            kind=ItemKind.ACCEPT_TOR,
            status=ItemStatus.TODO,
        )
        .filter(same_document)
    )
    for item in items:
        _settle(item, acknowledgement.user, ItemAction.AUTO_COMPLETED)
    return len(items)


@transaction.atomic
def tor_items_add(*, revision: Revision, actor: Actor | None) -> int:
    """A revision of the main ToR was adopted: every current member's checklist gets a fresh
    acceptance item for it. Returns how many were added."""
    if not revision.document.is_main or not revision.is_in_force:
        return 0
    today = timezone.localdate()
    start = max(revision.effective_date or today, today)
    due = start + datetime.timedelta(days=TOR_ACCEPTANCE_DAYS)
    checklists = Checklist.objects.select_for_update(of=("self",)).filter(
        appointment__in=Appointment.objects.current(today).filter(
            cycle__body_id=revision.document.body_id
        )
    )
    have = set(
        ChecklistItem.objects.filter(checklist__in=checklists, tor_revision=revision).values_list(
            "checklist_id", flat=True
        )
    )
    added = 0
    for checklist in checklists:
        if checklist.pk in have:
            continue
        item = ChecklistItem.objects.create(
            checklist=checklist,
            position=0,
            title=_("Accept revision %(number)s of the Terms of Reference")
            % {"number": revision.number},
            description=revision.change_summary,
            assignee=Assignee.MEMBER,
            kind=ItemKind.ACCEPT_TOR,
            due_on=due,
            tor_revision=revision,
        )
        _event(item, ItemAction.ADDED, actor, _("Revision %(n)s adopted.") % {"n": revision.number})
        added += 1
    return added


# Evidence ----------------------------------------------------------------------------------


@transaction.atomic
def evidence_file_add(
    *, item: ChecklistItem, upload: UploadedFile[bytes], actor: Actor
) -> EvidenceFile:
    """Keep a document on an upload item, checked by its content (PDF, PNG or JPEG) and size.
    An upload item is done once its document is in. A refused file leaves nothing behind."""
    item = _locked_item(item)
    require(rules.can_act_on(actor, item))
    if item.kind != ItemKind.UPLOAD:
        raise ValidationError(_("This item takes no document."))
    content_type = evidence.check_upload(upload)
    record = EvidenceFile(
        item=item,
        original_name=evidence.safe_name(upload.name or "document"),
        content_type=content_type,
        size=upload.size or 0,
        uploaded_by=actor,
    )
    upload.seek(0)
    record.file.save(upload.name or "document", upload, save=False)
    # Should anything below fail, the stored file goes too: nothing is left behind.
    stored = record.file.name or ""
    try:
        record.save()
        if item.status == ItemStatus.TODO and not _blocked_by(item):
            _settle(item, actor, ItemAction.COMPLETED)
    except Exception:
        record.file.storage.delete(stored)
        raise
    return record


# Calendar feed -----------------------------------------------------------------------------


@transaction.atomic
def calendar_token_rotate(*, actor: Actor) -> CalendarFeedToken:
    """A new secret feed URL for ``actor``; the old URL stops working."""
    CalendarFeedToken.objects.filter(user=actor).delete()
    return CalendarFeedToken.objects.create(user=actor)


@transaction.atomic
def calendar_token_revoke(*, actor: Actor) -> None:
    CalendarFeedToken.objects.filter(user=actor).delete()
