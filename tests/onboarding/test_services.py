"""Onboarding services and their wiring to the roster and the Terms of Reference."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from membership.roster.models import AppointmentStatus
from membership.roster.services import appointment_create, appointment_update
from membership.tor.services import acknowledgement_create, revision_adopt
from onboarding import services
from onboarding.models import (
    Audience,
    Checklist,
    ChecklistItem,
    ItemAction,
    ItemKind,
    ItemStatus,
)
from onboarding.selectors import buddy_checklists, checklist_get, checklist_view, own_checklists
from tests.factories import (
    AppointmentFactory,
    ChecklistTemplateFactory,
    CycleFactory,
    DocumentFactory,
    PersonFactory,
    RevisionFactory,
    TemplateItemFactory,
    checklist_for,
    onboarding_template,
)


def _item(checklist: Checklist, title: str) -> ChecklistItem:
    return checklist.items.get(title=title)


@pytest.fixture
def template(db):
    return onboarding_template()


def test_confirming_an_appointment_makes_its_checklist_with_due_dates(template, chair, member):
    person = PersonFactory(user=member)
    appointment = appointment_create(
        actor=chair,
        person=person,
        cycle=CycleFactory(),
        stakeholder_group="civil_society",
        status=AppointmentStatus.PROPOSED,
    )
    assert not Checklist.objects.filter(appointment=appointment).exists()
    appointment_update(actor=chair, appointment=appointment, status=AppointmentStatus.CONFIRMED)
    checklist = Checklist.objects.get(appointment=appointment)
    assert checklist.template == template
    assert checklist.audience == Audience.NEW
    titles = list(checklist.items.values_list("title", "due_on"))
    assert ("Accept the Terms of Reference", datetime.date(2026, 1, 8)) in titles
    assert ("Choose working groups", datetime.date(2026, 2, 15)) in titles
    assert len(titles) == 5
    # The member owns it through a django-guardian object permission.
    assert member.has_perm("onboarding.view_checklist", checklist)
    assert member.has_perm("onboarding.act_on_checklist", checklist)


def test_appointment_created_confirmed_gets_a_checklist(template, chair):
    appointment = appointment_create(
        actor=chair,
        person=PersonFactory(),
        cycle=CycleFactory(),
        stakeholder_group="government",
        status=AppointmentStatus.CONFIRMED,
    )
    assert appointment.checklist.items.count() == 5


def test_checklist_create_is_idempotent(template, member):
    checklist = checklist_for(member)
    again = services.checklist_create(appointment=checklist.appointment, actor=None)
    assert again.pk == checklist.pk
    assert ChecklistItem.objects.filter(checklist=checklist).count() == 5


def test_proposed_appointment_gets_no_checklist(template):
    appointment = AppointmentFactory(status=AppointmentStatus.PROPOSED)
    with pytest.raises(ValidationError):
        services.checklist_create(appointment=appointment, actor=None)


def test_editing_a_template_never_rewrites_checklists(template, member, secretariat):
    checklist = checklist_for(member)
    source = template.items.get(title="Choose working groups")
    services.template_item_update(
        item=source, actor=secretariat, title="Pick two working groups", due_offset_days=90
    )
    services.template_item_create(template=template, title="A new task", actor=secretariat)
    copy = _item(checklist, "Choose working groups")
    assert copy.due_on == datetime.date(2026, 2, 15)
    assert checklist.items.count() == 5


def test_only_the_secretariat_edits_templates(template, member, chair):
    for actor in (member, chair):
        with pytest.raises(PermissionDenied):
            services.template_item_create(template=template, title="x", actor=actor)


def test_dependencies_block_until_settled(template, member):
    checklist = checklist_for(member)
    groups = _item(checklist, "Choose working groups")
    with pytest.raises(ValidationError, match="waits for: “Orientation call”"):
        services.checklist_item_complete(item=groups, actor=member)
    view = checklist_view(
        member, checklist_get(user=member, body=checklist.template.body, pk=checklist.pk)
    )
    blocked = next(i for i in view.items if i.item.pk == groups.pk)
    assert blocked.is_blocked
    assert [b.title for b in blocked.blockers] == ["Orientation call"]
    services.checklist_item_complete(item=_item(checklist, "Orientation call"), actor=member)
    services.checklist_item_complete(item=groups, actor=member)
    groups.refresh_from_db()
    assert groups.status == ItemStatus.DONE
    assert groups.completed_by == member
    assert groups.completed_at is not None


def test_undo_is_recorded(template, member):
    checklist = checklist_for(member)
    call = _item(checklist, "Orientation call")
    services.checklist_item_complete(item=call, actor=member)
    services.checklist_item_undo(item=call, actor=member, reason="Clicked by mistake")
    call.refresh_from_db()
    assert call.status == ItemStatus.TODO
    assert call.completed_by is None
    actions = list(call.events.values_list("action", "actor", "reason"))
    assert actions == [
        (ItemAction.COMPLETED, member.pk, ""),
        (ItemAction.UNDONE, member.pk, "Clicked by mistake"),
    ]


def test_waiving_is_for_the_secretariat_with_a_reason(template, member, secretariat, chair):
    checklist = checklist_for(member)
    declaration = _item(checklist, "Declaration of interests")
    for actor in (member, chair):
        with pytest.raises(PermissionDenied):
            services.checklist_item_waive(item=declaration, actor=actor, reason="no")
    with pytest.raises(ValidationError):
        services.checklist_item_waive(item=declaration, actor=secretariat, reason="  ")
    services.checklist_item_waive(item=declaration, actor=secretariat, reason="Filed on paper")
    declaration.refresh_from_db()
    assert declaration.status == ItemStatus.WAIVED
    assert declaration.waived_reason == "Filed on paper"
    # The member cannot undo a waiver; the Secretariat can.
    with pytest.raises(PermissionDenied):
        services.checklist_item_undo(item=declaration, actor=member)
    services.checklist_item_undo(item=declaration, actor=secretariat, reason="Paper lost")
    declaration.refresh_from_db()
    assert declaration.status == ItemStatus.TODO


def test_member_cannot_complete_secretariat_or_others_items(template, member, other_member):
    checklist = checklist_for(member)
    checklist_for(other_member)
    with pytest.raises(PermissionDenied):
        services.checklist_item_complete(
            item=_item(checklist, "Add to the MAG mailing list"), actor=member
        )
    with pytest.raises(PermissionDenied):
        services.checklist_item_complete(
            item=_item(checklist, "Orientation call"), actor=other_member
        )


def test_upload_item_needs_its_document(template, member):
    checklist = checklist_for(member)
    with pytest.raises(ValidationError, match="Upload the document first"):
        services.checklist_item_complete(
            item=_item(checklist, "Declaration of interests"), actor=member
        )


def test_returning_member_gets_the_returning_template(template, member, secretariat):
    returning = onboarding_template(Audience.RETURNING)
    past = checklist_for(member, cycle=CycleFactory(year=2025))
    assert past.audience == Audience.NEW
    appointment = AppointmentFactory(person=past.appointment.person, cycle=CycleFactory(year=2026))
    current = services.checklist_create(appointment=appointment, actor=None)
    assert current.audience == Audience.RETURNING
    assert current.template == returning
    assert current.items.count() == 5


def test_recurring_items_come_back_others_do_not(template, member, secretariat):
    past = checklist_for(member, cycle=CycleFactory(year=2025))
    for title in ("Orientation call", "Add to the MAG mailing list"):
        services.checklist_item_complete(item=_item(past, title), actor=secretariat)
    services.checklist_item_waive(
        item=_item(past, "Declaration of interests"), actor=secretariat, reason="On file"
    )
    # No returning template: the same template serves, minus what was done (non-recurring).
    template.audience = Audience.RETURNING
    template.save()
    appointment = AppointmentFactory(person=past.appointment.person, cycle=CycleFactory(year=2026))
    current = services.checklist_create(appointment=appointment, actor=None)
    titles = set(current.items.values_list("title", flat=True))
    assert titles == {
        "Accept the Terms of Reference",
        "Declaration of interests",  # recurs each cycle
        "Choose working groups",
    }
    # Its dependency was done last year, so it is not blocked.
    assert not _item(current, "Choose working groups").blockers()


def test_accepting_the_tor_completes_the_item(template, member, chair):
    checklist = checklist_for(member)
    revision = RevisionFactory(
        document=DocumentFactory(slug="member-tor", is_main=True),
        status="adopted",
        adopted_at=timezone.now(),
        effective_date=datetime.date(2026, 1, 1),
    )
    item = _item(checklist, "Accept the Terms of Reference")
    with pytest.raises(ValidationError):
        services.checklist_item_complete(item=item, actor=member)
    acknowledgement_create(revision=revision, actor=member)
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE
    assert item.events.get().action == ItemAction.AUTO_COMPLETED


def test_member_who_already_accepted_gets_the_item_done(template, member):
    revision = RevisionFactory(
        document=DocumentFactory(slug="member-tor", is_main=True),
        status="adopted",
        adopted_at=timezone.now(),
        effective_date=datetime.date(2026, 1, 1),
    )
    acknowledgement_create(revision=revision, actor=member)
    checklist = checklist_for(member)
    assert _item(checklist, "Accept the Terms of Reference").status == ItemStatus.DONE


def test_adoption_adds_an_acceptance_item_to_current_members(template, member, other_member, chair):
    document = DocumentFactory(slug="member-tor", is_main=True)
    mine = checklist_for(member)
    theirs = checklist_for(other_member)
    past = checklist_for(None, cycle=CycleFactory(year=2024))
    draft = RevisionFactory(document=document, number=1)
    revision_adopt(revision=draft, effective_date=timezone.localdate(), actor=chair)
    for checklist in (mine, theirs):
        added = checklist.items.get(tor_revision=draft)
        assert added.kind == ItemKind.ACCEPT_TOR
        assert added.due_on == timezone.localdate() + datetime.timedelta(days=30)
        assert added.events.get().action == ItemAction.ADDED
    assert not past.items.filter(tor_revision=draft).exists()
    # Accepting it settles both the template's item and the new one.
    acknowledgement_create(revision=draft, actor=member)
    assert not mine.items.filter(kind=ItemKind.ACCEPT_TOR, status=ItemStatus.TODO).exists()
    assert theirs.items.filter(kind=ItemKind.ACCEPT_TOR, status=ItemStatus.TODO).count() == 2


def test_buddy_sees_only_their_members(template, member, other_member, secretariat):
    mine = checklist_for(member)
    checklist_for(other_member)
    assert list(buddy_checklists(secretariat)) == []
    services.checklist_buddy_assign(checklist=mine, buddy=secretariat, actor=secretariat)
    assert [c.pk for c in buddy_checklists(secretariat)] == [mine.pk]
    with pytest.raises(ValidationError):
        services.checklist_buddy_assign(checklist=mine, buddy=other_member, actor=secretariat)
    with pytest.raises(PermissionDenied):
        services.checklist_buddy_assign(checklist=mine, buddy=secretariat, actor=member)


def test_member_sees_own_checklist_only(template, member, other_member, chair, secretariat):
    from django.http import Http404

    mine = checklist_for(member)
    assert own_checklists(member) == [mine]
    with pytest.raises(Http404):
        checklist_get(user=other_member, body=mine.template.body, pk=mine.pk)
    for viewer in (member, chair, secretariat):
        assert checklist_get(user=viewer, body=mine.template.body, pk=mine.pk) == mine


def test_template_item_dependencies_stay_within_the_template(template, secretariat):
    other = TemplateItemFactory(template__is_active=False)
    with pytest.raises(ValidationError):
        services.template_item_create(
            template=template, title="x", actor=secretariat, depends_on=[other]
        )


def test_new_active_template_retires_the_old_one(template, secretariat, panel):
    theirs = ChecklistTemplateFactory(body=panel, audience=Audience.NEW)
    new = services.template_create(
        body=template.body, name="2027", audience=Audience.NEW, actor=secretariat
    )
    template.refresh_from_db()
    theirs.refresh_from_db()
    assert new.is_active
    assert not template.is_active
    assert theirs.is_active  # another body's template in use stays in use


def test_tor_acceptance_cannot_be_undone(template, member, secretariat):
    checklist = checklist_for(member)
    revision = RevisionFactory(
        document=DocumentFactory(slug="member-tor", is_main=True),
        status="adopted",
        adopted_at=timezone.now(),
        effective_date=datetime.date(2026, 1, 1),
    )
    acknowledgement_create(revision=revision, actor=member)
    item = _item(checklist, "Accept the Terms of Reference")
    for actor in (member, secretariat):
        with pytest.raises(ValidationError, match="cannot be undone"):
            services.checklist_item_undo(item=item, actor=actor)


def test_next_item_is_the_viewers_own(template, member, secretariat):
    checklist = checklist_for(member)
    fetched = checklist_get(user=member, body=checklist.template.body, pk=checklist.pk)
    # The Secretariat's mailing-list task is due first, but the member's next step is theirs.
    assert checklist_view(member, fetched).next_item.item.title == "Accept the Terms of Reference"
    assert checklist_view(secretariat, fetched).next_item.item.title == (
        "Add to the MAG mailing list"
    )


def test_accepting_another_document_does_not_complete_the_main_item(template, member):
    checklist = checklist_for(member)
    other = RevisionFactory(
        document=DocumentFactory(slug="chair-tor", is_main=False),
        status="adopted",
        adopted_at=timezone.now(),
        effective_date=datetime.date(2026, 1, 1),
    )
    acknowledgement_create(revision=other, actor=member)
    assert _item(checklist, "Accept the Terms of Reference").status == ItemStatus.TODO
