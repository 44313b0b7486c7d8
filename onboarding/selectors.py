"""Reads of onboarding with their permission checks. An object the user may not see is a 404
(it is out of their scope); an action the user may see but not take is a 403."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from guardian.models import UserObjectPermission
from guardian.shortcuts import get_users_with_perms

from mag_portal.permissions import require
from mag_portal.roles import Role, global_roles, has_role
from mag_portal.types import Viewer
from membership.bodies.models import Body
from membership.bodies.rules import body_ids_with
from membership.choices import Region, StakeholderGroup
from membership.countries import countries, region_of
from membership.files import csv_safe
from membership.roster.models import Appointment, Cycle
from membership.tor.models import Revision
from membership.tor.selectors import main_revision_in_force
from onboarding import rules
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

# Items due within this many days count as "due soon" in reminders and on the home page.
DUE_SOON_DAYS = 7


def _checklists() -> QuerySet[Checklist]:
    return Checklist.objects.select_related("appointment__person__user", "appointment__cycle__body")


def _with_items(qs: QuerySet[Checklist]) -> QuerySet[Checklist]:
    items = ChecklistItem.objects.prefetch_related(
        Prefetch("depends_on", queryset=ChecklistItem.objects.only("pk", "title", "status")),
        "evidence",
    )
    return qs.prefetch_related(Prefetch("items", queryset=items))


def checklist_get(*, user: Viewer, body: Body, pk: int) -> Checklist:
    """A checklist of ``body`` with its items, for someone who may see it (else 404)."""
    checklist = _with_items(_checklists()).filter(pk=pk, appointment__cycle__body=body).first()
    if checklist is None or not rules.can_view_checklist(user, checklist):
        raise Http404
    return checklist


def item_get(*, user: Viewer, body: Body, pk: int) -> ChecklistItem:
    """An item of a checklist the user may see (else 404)."""
    item = (
        ChecklistItem.objects.select_related(
            "checklist__appointment__person__user", "checklist__appointment__cycle__body"
        )
        .filter(pk=pk, checklist__appointment__cycle__body=body)
        .first()
    )
    if item is None or not rules.can_view_checklist(user, item.checklist):
        raise Http404
    return item


def item_get_for_action(*, user: Viewer, body: Body, pk: int) -> ChecklistItem:
    """An item the user may act on: 404 out of scope, 403 in scope but not theirs to do."""
    item = item_get(user=user, body=body, pk=pk)
    require(rules.can_act_on(user, item))
    return item


def evidence_get(*, user: Viewer, body: Body, pk: int) -> EvidenceFile:
    """An evidence file, only for those who may see its checklist (else 404)."""
    record = (
        EvidenceFile.objects.select_related(
            "item__checklist__appointment__person__user",
            "item__checklist__appointment__cycle__body",
        )
        .filter(pk=pk, item__checklist__appointment__cycle__body=body)
        .first()
    )
    if record is None or not rules.can_view_checklist(user, record.item.checklist):
        raise Http404
    return record


@dataclass
class ItemView:
    """An item as a page shows it: what blocks it, whether it is overdue, and what the viewer
    may do with it (each flag asked of ``onboarding.rules``)."""

    item: ChecklistItem
    blockers: list[ChecklistItem]
    overdue: bool
    due_soon: bool
    can_act: bool
    can_complete: bool = False
    can_accept_tor: bool = False
    can_upload: bool = False
    can_undo: bool = False
    can_waive: bool = False

    @property
    def is_blocked(self) -> bool:
        return self.item.is_open and bool(self.blockers)


@dataclass
class ChecklistView:
    checklist: Checklist
    items: list[ItemView] = field(default_factory=list)
    can_manage: bool = False
    tor_in_force: Revision | None = None

    @property
    def body(self) -> Body:
        return self.checklist.appointment.cycle.body

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
    user: Viewer, checklist: Checklist, *, today: datetime.date | None = None
) -> ChecklistView:
    """Decorate a checklist (fetched with ``checklist_get``) for display."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    view = ChecklistView(checklist, can_manage=rules.can_manage(user, rules.body_of(checklist)))
    for item in checklist.items.all():
        blockers = item.blockers()
        blocked = bool(blockers) and item.is_open
        view.items.append(
            ItemView(
                item=item,
                blockers=blockers,
                overdue=item.is_open and item.due_on < today,
                due_soon=item.is_open and today <= item.due_on <= soon,
                can_act=rules.can_act_on(user, item),
                can_complete=rules.can_complete(user, item, blocked=blocked),
                can_accept_tor=rules.can_accept_tor(user, item, blocked=blocked),
                can_upload=rules.can_upload(user, item, blocked=blocked),
                can_undo=rules.can_undo(user, item),
                can_waive=rules.can_waive(user, item),
            )
        )
    return view


def own_checklists(user: Viewer) -> list[Checklist]:
    """The member's checklist in each body they serve today or are about to: for each body,
    the one of their latest ongoing appointment, when it has items (a body without a template
    asks nothing) and their account has rights on it."""
    if not user.is_authenticated:
        return []
    latest: dict[int, Checklist] = {}
    for checklist in (
        _with_items(_checklists())
        .filter(
            appointment__person__user=user,
            appointment__in=Appointment.objects.ongoing(),
        )
        .order_by("appointment__cycle__body__name", "-appointment__starts_on")
    ):
        latest.setdefault(checklist.appointment.cycle.body_id, checklist)
    return [c for c in latest.values() if len(c.items.all()) and rules.can_view_checklist(user, c)]


def own_checklist_views(user: Viewer) -> list[ChecklistView]:
    """The member's checklists, decorated for their home page, each with its body's ToR in
    force (one query for them all)."""
    views = [checklist_view(user, checklist) for checklist in own_checklists(user)]
    in_force = {
        r.document.body_id: r
        for r in Revision.objects.in_force()
        .filter(document__is_main=True, document__body__in=[v.body for v in views])
        .select_related("document__body")
    }
    for view in views:
        view.tor_in_force = in_force.get(view.body.pk)
    return views


def buddy_checklists(user: Viewer) -> list[Checklist]:
    """Checklists a Secretariat person was made the onboarding buddy of."""
    if not user.is_authenticated or not has_role(user, Role.SECRETARIAT):
        return []
    # The buddy's own object permissions (granted to the user, never to a group): a short
    # list of ids first, so the annotations run on those checklists only.
    ids = [
        int(pk)
        for pk in UserObjectPermission.objects.filter(
            user=user,
            content_type=ContentType.objects.get_for_model(Checklist),
            permission__codename=rules.VIEW.split(".")[-1],
        ).values_list("object_pk", flat=True)
    ]
    if not ids:
        return []
    return list(_annotate(_checklists().filter(pk__in=ids)).order_by("appointment__person__name"))


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
    body: Body
    cycle: Cycle | None
    status: str = ""
    stakeholder_group: str = ""
    region: str = ""


def board_cycles(body: Body) -> list[Cycle]:
    return list(Cycle.objects.filter(body=body).order_by("-year"))


def default_cycle(cycles: Iterable[Cycle]) -> Cycle | None:
    cycles = list(cycles)
    today = timezone.localdate()
    return next((c for c in cycles if c.is_current(today)), cycles[0] if cycles else None)


def board_rows(*, user: Viewer, filters: BoardFilters) -> QuerySet[Checklist]:
    """Every checklist of a cycle with progress, overdue count and next item due; one query
    whatever the number of checklists. Secretariat and chair only."""
    require(rules.can_see_all(user, filters.body))
    today = timezone.localdate()
    qs = _checklists().filter(appointment__cycle__body=filters.body)
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
    ordered: QuerySet[Checklist] = rows.order_by("appointment__person__name", "pk")
    return ordered


def board_page(rows: QuerySet[Checklist]) -> tuple[list[Any], int]:
    """The board's rows (``board_rows``, annotated), each with its member's region label, and
    how many have overdue items."""
    page: list[Any] = list(rows)
    for row in page:
        row.region_label = region_label(row)
    return page, sum(1 for row in page if row.item_overdue)


BOARD_CSV_COLUMNS = (
    "member",
    "stakeholder_group",
    "region",
    "cycle",
    "items",
    "settled",
    "overdue",
    "next_item",
    "next_item_for",
    "next_due",
)


def board_csv_rows(rows: QuerySet[Checklist]) -> list[list[str]]:
    """The board as CSV rows (with ``board_rows``' annotations), neutralised for spreadsheets."""
    groups = dict(StakeholderGroup.choices)
    out = [list(BOARD_CSV_COLUMNS)]
    for row in rows:
        annotated: Any = row
        appointment = row.appointment
        out.append(
            [
                csv_safe(v)
                for v in (
                    appointment.person.name,
                    groups.get(appointment.stakeholder_group, appointment.stakeholder_group),
                    region_label(row),
                    appointment.cycle.year,
                    annotated.item_total,
                    annotated.item_settled,
                    annotated.item_overdue,
                    annotated.next_title or "",
                    annotated.next_assignee or "",
                    annotated.next_due_on.isoformat() if annotated.next_due_on else "",
                )
            ]
        )
    return out


def region_label(checklist: Checklist) -> str:
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


def _responsibilities(user: User) -> list[Q]:
    """Which items ``user`` answers for, one condition per part: their own member items, and
    items for their role on the checklists of the bodies they hold it in (the IGF
    Secretariat's in every body)."""
    parts = [Q(assignee=Assignee.MEMBER, checklist__appointment__person__user=user)]
    if Role.SECRETARIAT in global_roles(user):
        parts.append(Q(assignee=Assignee.SECRETARIAT))
    else:
        secretariat_of = body_ids_with(user, Role.SECRETARIAT)
        if secretariat_of:
            parts.append(
                Q(
                    assignee=Assignee.SECRETARIAT,
                    checklist__appointment__cycle__body_id__in=secretariat_of,
                )
            )
    chair_of = body_ids_with(user, Role.CHAIR, Role.VICE_CHAIR)
    if chair_of:
        parts.append(
            Q(assignee=Assignee.CHAIR, checklist__appointment__cycle__body_id__in=chair_of)
        )
    return parts


def _open_items(who: Q) -> QuerySet[ChecklistItem]:
    return (
        ChecklistItem.objects.open()
        .filter(who, checklist__appointment__in=Appointment.objects.ongoing())
        .select_related("checklist__appointment__person", "checklist__appointment__cycle__body")
        .order_by("due_on", "pk")
    )


def items_for_person(user: User) -> QuerySet[ChecklistItem]:
    """Open items ``user`` is responsible for (``_responsibilities``), on ongoing
    appointments, soonest first."""
    who = Q()
    for part in _responsibilities(user):
        who |= part
    return _open_items(who)


def feed_user(token: str) -> User | None:
    """The user whose calendar feed ``token`` opens, or None (unknown or revoked)."""
    if not token or len(token) > 64:
        return None
    row = CalendarFeedToken.objects.select_related("user").filter(token=token).first()
    if row is None or not row.user.is_active:
        return None
    return row.user


def feed_token_of(user: User) -> CalendarFeedToken | None:
    return CalendarFeedToken.objects.filter(user=user).first()


def tor_in_force(body: Body) -> Revision | None:
    """The body's main Terms of Reference revision in force, if one was adopted."""
    return main_revision_in_force(body)


ROLE_ITEMS_COUNTED = 100


@dataclass
class RoleItems:
    """Open items for the user's role, the first ``limit`` by due date, and how many in all
    (counted up to ``ROLE_ITEMS_COUNTED``: past that, ``more`` says there are more)."""

    items: list[ChecklistItem]
    total: int
    today: datetime.date
    more: bool = False


def role_items(user: User, limit: int = 10) -> RoleItems:
    """The home page's list: each part of the user's responsibilities read apart (each then
    follows an index, where one query joining them with OR scans every checklist), merged by
    due date. Two queries per part, at most eight."""
    items: list[ChecklistItem] = []
    counted = 0
    for part in _responsibilities(user):
        found = _open_items(part)
        items += list(found[:limit])
        counted += found[: ROLE_ITEMS_COUNTED + 1].count()
    items.sort(key=lambda item: (item.due_on, item.pk))
    return RoleItems(
        items[:limit],
        min(counted, ROLE_ITEMS_COUNTED),
        timezone.localdate(),
        more=counted > ROLE_ITEMS_COUNTED,
    )


def checklist_buddies(checklist: Checklist) -> list[User]:
    """Secretariat people who were made this checklist's onboarding buddy."""
    users: Any = get_users_with_perms(
        checklist, only_with_perms_in=["view_checklist"], with_superusers=False
    )
    return [u for u in users if has_role(u, Role.SECRETARIAT)]


def templates_list(*, user: Viewer, body: Body) -> QuerySet[ChecklistTemplate]:
    require(rules.can_manage_templates(user, body))
    return (
        ChecklistTemplate.objects.filter(body=body)
        .annotate(item_count=Count("items"))
        .order_by("-is_active", "audience", "-updated_at")
    )


def template_get(*, user: Viewer, body: Body, pk: int) -> ChecklistTemplate:
    """A template of ``body`` with its items and their dependencies (its Secretariat)."""
    require(rules.can_manage_templates(user, body))
    template = (
        ChecklistTemplate.objects.prefetch_related(
            Prefetch(
                "items",
                queryset=TemplateItem.objects.order_by("position", "pk").prefetch_related(
                    "depends_on"
                ),
            )
        )
        .filter(pk=pk, body=body)
        .first()
    )
    if template is None:
        raise Http404
    return template


def template_item_get(*, user: Viewer, body: Body, pk: int) -> TemplateItem:
    require(rules.can_manage_templates(user, body))
    item = (
        TemplateItem.objects.select_related("template").filter(pk=pk, template__body=body).first()
    )
    if item is None:
        raise Http404
    return item


def overdue_by_body(bodies: list[Body], today: datetime.date | None = None) -> dict[int, int]:
    """For each body: how many checklists of ongoing appointments have an overdue item (one
    query)."""
    today = today or timezone.localdate()
    rows = (
        ChecklistItem.objects.open()
        .filter(
            due_on__lt=today,
            checklist__appointment__in=Appointment.objects.ongoing(today),
            checklist__appointment__cycle__body__in=bodies,
        )
        .values("checklist__appointment__cycle__body_id")
        .annotate(checklists=Count("checklist_id", distinct=True))
        .values_list("checklist__appointment__cycle__body_id", "checklists")
    )
    return dict(rows)
