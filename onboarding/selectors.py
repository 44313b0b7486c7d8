"""Reads of onboarding with their permission checks. An object the user may not see is a 404
(it is out of their scope); an action the user may see but not take is a 403."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from mag_portal.roles import Capability, Role, has_capability, has_role
from membership.countries import countries, region_of
from membership.roster.models import Appointment, Cycle
from membership.tor.models import Revision, RevisionStatus
from onboarding.models import (
    SETTLED,
    Assignee,
    CalendarFeedToken,
    Checklist,
    ChecklistItem,
    ChecklistTemplate,
    EvidenceFile,
    ItemStatus,
    TemplateItem,
)
from onboarding.services import VIEW, can_act

# Items due within this many days count as "due soon" in reminders and on the home page.
DUE_SOON_DAYS = 7


def can_see_all(user: Any) -> bool:
    return has_capability(user, Capability.VIEW_ALL_ONBOARDING)


def _checklists() -> QuerySet[Checklist]:
    return Checklist.objects.select_related("appointment__person__user", "appointment__cycle")


def _with_items(qs: QuerySet[Checklist]) -> QuerySet[Checklist]:
    items = ChecklistItem.objects.prefetch_related(
        Prefetch("depends_on", queryset=ChecklistItem.objects.only("pk", "title", "status")),
        "evidence",
    )
    return qs.prefetch_related(Prefetch("items", queryset=items))


def checklist_visible(user: Any, checklist: Checklist) -> bool:
    return can_see_all(user) or user.has_perm(VIEW, checklist)


def checklist_get(*, user: Any, pk: int) -> Checklist:
    """A checklist with its items, for someone who may see it (else 404)."""
    checklist = _with_items(_checklists()).filter(pk=pk).first()
    if checklist is None or not checklist_visible(user, checklist):
        raise Http404
    return checklist


def item_get(*, user: Any, pk: int) -> ChecklistItem:
    """An item of a checklist the user may see (else 404)."""
    item = (
        ChecklistItem.objects.select_related("checklist__appointment__person__user")
        .filter(pk=pk)
        .first()
    )
    if item is None or not checklist_visible(user, item.checklist):
        raise Http404
    return item


def item_get_for_action(*, user: Any, pk: int) -> ChecklistItem:
    """An item the user may act on: 404 out of scope, 403 in scope but not theirs to do."""
    item = item_get(user=user, pk=pk)
    if not can_act(user, item):
        raise PermissionDenied
    return item


def evidence_get(*, user: Any, pk: int) -> EvidenceFile:
    """An evidence file, only for those who may see its checklist (else 404)."""
    record = (
        EvidenceFile.objects.select_related("item__checklist__appointment__person__user")
        .filter(pk=pk)
        .first()
    )
    if record is None or not checklist_visible(user, record.item.checklist):
        raise Http404
    return record


@dataclass
class ItemView:
    """An item as a page shows it: with what blocks it and whether it is overdue."""

    item: ChecklistItem
    blockers: list[ChecklistItem]
    overdue: bool
    due_soon: bool
    can_act: bool

    @property
    def is_blocked(self) -> bool:
        return self.item.status == ItemStatus.TODO and bool(self.blockers)


@dataclass
class ChecklistView:
    checklist: Checklist
    items: list[ItemView] = field(default_factory=list)
    can_manage: bool = False

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def settled(self) -> int:
        return sum(1 for i in self.items if i.item.status in SETTLED)

    @property
    def percent(self) -> int:
        return round(100 * self.settled / self.total) if self.total else 100

    @property
    def next_item(self) -> ItemView | None:
        """The open, unblocked item due first, among those the viewer can do if any (a member's
        next step is theirs, not the Secretariat's)."""
        open_items = [i for i in self.items if i.item.is_open and not i.blockers]
        own = [i for i in open_items if i.can_act] or open_items
        return min(own, key=lambda i: (i.item.due_on, i.item.position), default=None)

    @property
    def overdue_count(self) -> int:
        return sum(1 for i in self.items if i.overdue)


def checklist_view(
    user: Any, checklist: Checklist, *, today: datetime.date | None = None
) -> ChecklistView:
    """Decorate a checklist (fetched with ``checklist_get``) for display."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    can_manage = has_capability(user, Capability.MANAGE_ONBOARDING)
    owner_can_act = user.has_perm("onboarding.act_on_checklist", checklist)
    is_chair = has_role(user, Role.CHAIR)
    view = ChecklistView(checklist, can_manage=can_manage)
    for item in checklist.items.all():
        blockers = [d for d in item.depends_on.all() if d.status not in SETTLED]
        if can_manage:
            allowed = True
        elif item.assignee == Assignee.MEMBER:
            allowed = owner_can_act
        else:
            allowed = item.assignee == Assignee.CHAIR and is_chair
        view.items.append(
            ItemView(
                item=item,
                blockers=blockers,
                overdue=item.is_open and item.due_on < today,
                due_soon=item.is_open and today <= item.due_on <= soon,
                can_act=allowed,
            )
        )
    return view


def own_checklist(user: Any) -> Checklist | None:
    """The member's checklist for their latest confirmed appointment."""
    if not getattr(user, "is_authenticated", False):
        return None
    own = (
        _with_items(_checklists())
        .filter(appointment__person__user=user)
        .order_by("-appointment__cycle__year")
        .first()
    )
    return own


def buddy_checklists(user: Any) -> QuerySet[Checklist]:
    """Checklists a Secretariat person was made the onboarding buddy of."""
    qs = get_objects_for_user(
        user, VIEW, klass=_checklists(), accept_global_perms=False, with_superuser=False
    )
    return _annotate(qs).order_by("appointment__person__name")


# Board -------------------------------------------------------------------------------------


class BoardStatus:
    COMPLETE = "complete"
    OVERDUE = "overdue"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"


def _annotate(qs: QuerySet[Checklist], today: datetime.date | None = None) -> QuerySet[Checklist]:
    today = today or timezone.localdate()
    open_items = ChecklistItem.objects.filter(checklist=OuterRef("pk"), status=ItemStatus.TODO)
    next_item = open_items.order_by("due_on", "position", "pk")
    return qs.annotate(
        item_total=Count("items", distinct=True),
        item_settled=Count("items", filter=Q(items__status__in=SETTLED), distinct=True),
        item_overdue=Count(
            "items", filter=Q(items__status=ItemStatus.TODO, items__due_on__lt=today), distinct=True
        ),
        next_due_on=Min("items__due_on", filter=Q(items__status=ItemStatus.TODO)),
        next_title=Subquery(next_item.values("title")[:1]),
        next_assignee=Subquery(next_item.values("assignee")[:1]),
    )


@dataclass(frozen=True)
class BoardFilters:
    cycle: Cycle | None
    status: str = ""
    stakeholder_group: str = ""
    region: str = ""


def board_cycles() -> list[Cycle]:
    return list(Cycle.objects.order_by("-year"))


def default_cycle(cycles: Iterable[Cycle]) -> Cycle | None:
    cycles = list(cycles)
    today = timezone.localdate()
    return next((c for c in cycles if c.is_current(today)), cycles[0] if cycles else None)


def board_rows(*, user: Any, filters: BoardFilters) -> QuerySet[Checklist]:
    """Every checklist of a cycle with progress, overdue count and next item due; one query
    whatever the number of checklists. Secretariat and chair only."""
    if not can_see_all(user):
        raise PermissionDenied
    today = timezone.localdate()
    qs = _checklists()
    if filters.cycle is not None:
        qs = qs.filter(appointment__cycle=filters.cycle)
    if filters.stakeholder_group:
        qs = qs.filter(appointment__stakeholder_group=filters.stakeholder_group)
    if filters.region:
        codes = [c.code for c in countries().values() if c.region == filters.region]
        if filters.region == "none":
            qs = qs.filter(
                Q(appointment__person__country="") | Q(appointment__person__is_organisation=True)
            )
        else:
            qs = qs.filter(appointment__person__country__in=codes)
    # Typed loosely: the annotations are unknown to django-stubs.
    rows: Any = _annotate(qs, today)
    if filters.status == BoardStatus.COMPLETE:
        rows = rows.filter(item_settled=F("item_total"))
    elif filters.status == BoardStatus.OVERDUE:
        rows = rows.filter(item_overdue__gt=0)
    elif filters.status == BoardStatus.IN_PROGRESS:
        rows = rows.filter(item_settled__gt=0, item_settled__lt=F("item_total"))
    elif filters.status == BoardStatus.NOT_STARTED:
        rows = rows.filter(item_settled=0, item_total__gt=0)
    return rows.order_by("appointment__person__name", "pk")


def region_label(checklist: Checklist) -> str:
    from membership.choices import Region

    code = region_of(
        None
        if checklist.appointment.person.is_organisation
        else checklist.appointment.person.country
    )
    try:
        return str(Region(code).label)
    except ValueError:
        return code


# Reminders and calendar --------------------------------------------------------------------


def items_for_person(user: User) -> QuerySet[ChecklistItem]:
    """Open items ``user`` is responsible for: their own member items, and items for their
    role (Secretariat, chair) on any checklist of a current appointment."""
    today = timezone.localdate()
    current = Appointment.objects.filter(ends_on__gte=today)
    who = Q(assignee=Assignee.MEMBER, checklist__appointment__person__user=user)
    if has_role(user, Role.SECRETARIAT):
        who |= Q(assignee=Assignee.SECRETARIAT)
    if has_role(user, Role.CHAIR):
        who |= Q(assignee=Assignee.CHAIR)
    return (
        ChecklistItem.objects.open()
        .filter(who, checklist__appointment__in=current)
        .select_related("checklist__appointment__person")
        .order_by("due_on", "pk")
    )


def feed_user(token: str) -> User | None:
    """The user whose calendar feed ``token`` opens, or None (unknown or revoked)."""
    if not token or len(token) > 64:
        return None
    row = CalendarFeedToken.objects.select_related("user").filter(token=token).first()
    if row is None or not row.user.is_active:
        return None
    return row.user


def feed_token_of(user: Any) -> CalendarFeedToken | None:
    return CalendarFeedToken.objects.filter(user=user).first()


def tor_in_force() -> Revision | None:
    """The main Terms of Reference revision in force, if one was adopted."""
    return (
        Revision.objects.filter(document__is_main=True, status=RevisionStatus.ADOPTED)
        .select_related("document")
        .first()
    )


def checklist_buddies(checklist: Checklist) -> list[User]:
    """Secretariat people who were made this checklist's onboarding buddy."""
    from guardian.shortcuts import get_users_with_perms

    users: Any = get_users_with_perms(
        checklist, only_with_perms_in=["view_checklist"], with_superusers=False
    )
    return [u for u in users if has_role(u, Role.SECRETARIAT)]


def templates_list(*, user: Any) -> QuerySet[ChecklistTemplate]:
    if not has_capability(user, Capability.MANAGE_CHECKLIST_TEMPLATES):
        raise PermissionDenied
    return ChecklistTemplate.objects.annotate(item_count=Count("items")).order_by(
        "-is_active", "audience", "-updated_at"
    )


def template_get(*, user: Any, pk: int) -> ChecklistTemplate:
    """A template with its items and their dependencies (Secretariat)."""
    if not has_capability(user, Capability.MANAGE_CHECKLIST_TEMPLATES):
        raise PermissionDenied
    template = (
        ChecklistTemplate.objects.prefetch_related(
            Prefetch(
                "items",
                queryset=TemplateItem.objects.order_by("position", "pk").prefetch_related(
                    "depends_on"
                ),
            )
        )
        .filter(pk=pk)
        .first()
    )
    if template is None:
        raise Http404
    return template


def template_item_get(*, user: Any, pk: int) -> TemplateItem:
    if not has_capability(user, Capability.MANAGE_CHECKLIST_TEMPLATES):
        raise PermissionDenied
    item = TemplateItem.objects.select_related("template").filter(pk=pk).first()
    if item is None:
        raise Http404
    return item
