"""Writes of bodies and of the roles held in them. Each service runs in one transaction, takes
the acting user as ``actor=``, checks what the actor may do, and records who and why.

Granting or ending a role is the one place that assigns or removes the django-guardian object
permissions on the body for the role's capabilities, so a permission never outlives its role.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from mag_portal.permissions import require
from mag_portal.roles import ROLE_CAPABILITIES, Role, clear_role_cache
from mag_portal.types import Actor
from membership.bodies import rules
from membership.bodies.models import BODY_ROLES, Body, BodyKind, BodyRole

BODY_FIELDS = (
    "name",
    "short_name",
    "slug",
    "kind",
    "parent",
    "description",
    "languages",
    "roster_is_public",
)


def _record(instance: Body | BodyRole, actor: Actor | None, reason: str) -> None:
    instance._history_user = actor  # type: ignore[union-attr]
    instance._change_reason = reason[:100]  # type: ignore[union-attr]


def _check_parent(body: Body) -> None:
    """A working group belongs to a body; no body is its own ancestor."""
    if body.kind == BodyKind.WORKING_GROUP and body.parent_id is None:
        raise ValidationError({"parent": _("A working group belongs to a body: choose which.")})
    seen = {body.pk}
    parent = body.parent
    while parent is not None:
        if parent.pk in seen:
            raise ValidationError({"parent": _("A body cannot be part of itself.")})
        seen.add(parent.pk)
        parent = parent.parent


@transaction.atomic
def body_create(*, actor: Actor, **fields: Any) -> Body:
    """A new body (a working group under the MAG, an initiative, a panel); the IGF
    Secretariat."""
    require(rules.can_create_bodies(actor))
    unknown = set(fields) - set(BODY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    body = Body(**fields)
    body.full_clean()
    _check_parent(body)
    _record(body, actor, "Created")
    body.save()
    return body


@transaction.atomic
def body_update(*, actor: Actor, body: Body, **fields: Any) -> Body:
    """Change a body's page (name, description, languages, ...); its Secretariat."""
    require(rules.can_manage(actor, body))
    unknown = set(fields) - set(BODY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    body = Body.objects.select_for_update().get(pk=body.pk)
    for name, value in fields.items():
        setattr(body, name, value)
    body.full_clean()
    _check_parent(body)
    _record(body, actor, "Updated")
    body.save()
    return body


def _sync_permissions(user: User, body: Body) -> None:
    """Give ``user`` exactly the object permissions on ``body`` that their roles there grant,
    held today or to come (``rules.can`` asks for the role held today as well, so a
    permission of a role that has not started, or has just ended, grants nothing)."""
    today = timezone.localdate()
    held = {
        Role(role)
        for role in BodyRole.objects.filter(user=user, body=body)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today))
        .values_list("role", flat=True)
    }
    wanted = {cap.value for role in held for cap in ROLE_CAPABILITIES[role]}
    have = set(
        user.userobjectpermission_set.filter(
            content_type__app_label="bodies", object_pk=str(body.pk)
        ).values_list("permission__codename", flat=True)
    )
    for codename in sorted(wanted - have):
        assign_perm(f"bodies.{codename}", user, body)
    for codename in sorted(have - wanted):
        remove_perm(f"bodies.{codename}", user, body)
    clear_role_cache(user)


@transaction.atomic
def body_role_grant(
    *,
    actor: Actor | None,
    body: Body,
    user: User,
    role: Role,
    starts_on: datetime.date | None = None,
    reason: str = "",
) -> BodyRole:
    """Give ``user`` a role in ``body`` (idempotent: an open assignment is returned as it is)
    and the object permissions it grants. The body's Secretariat; ``actor=None`` for the
    services that grant a member's role with their appointment."""
    if actor is not None:
        require(rules.can_manage(actor, body))
    if role not in BODY_ROLES:
        raise ValidationError(_("Choose a role a body has."))
    Body.objects.select_for_update().get(pk=body.pk)
    existing = (
        BodyRole.objects.filter(body=body, user=user, role=role)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=timezone.localdate()))
        .first()
    )
    if existing is not None:
        return existing
    assignment = BodyRole(
        body=body, user=user, role=role.value, starts_on=starts_on or timezone.localdate()
    )
    assignment.full_clean(validate_constraints=False)
    _record(assignment, actor, reason or "Role granted")
    assignment.save()
    _sync_permissions(user, body)
    return assignment


@transaction.atomic
def body_role_end(
    *,
    actor: Actor | None,
    assignment: BodyRole,
    reason: str,
    ends_on: datetime.date | None = None,
) -> BodyRole:
    """End a role (from ``ends_on``, default today) and take away the object permissions no
    other role of the user in that body still grants. The body's Secretariat; ``actor=None``
    for the services that end a member's role with their appointment."""
    if actor is not None:
        require(rules.can_manage(actor, assignment.body))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the role ends.")})
    current = (
        BodyRole.objects.select_for_update().select_related("body", "user").get(pk=assignment.pk)
    )
    if current.ends_on is not None:
        raise ValidationError(_("This role has already ended."))
    current.ends_on = max(ends_on or timezone.localdate(), current.starts_on)
    current.end_reason = reason.strip()[:500]
    _record(current, actor, f"Role ended: {reason.strip()}")
    current.save()
    _sync_permissions(current.user, current.body)
    return current


@transaction.atomic
def member_role_follow(
    *, body: Body, user: User, until: datetime.date | None, reason: str
) -> BodyRole | None:
    """Make ``user``'s member role in ``body`` follow their terms there: held from today until
    ``until`` (the day after their last ongoing term ends), ended today when ``until`` is None
    (no ongoing term left). Called with the appointments' changes (``receivers``); a term that
    runs out ends the role on its own, with nothing to run."""
    Body.objects.select_for_update().get(pk=body.pk)
    today = timezone.localdate()
    role = (
        BodyRole.objects.filter(body=body, user=user, role=Role.MEMBER)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today))
        .order_by("-starts_on")
        .first()
    )
    if until is None:
        if role is not None:
            role.ends_on = max(today, role.starts_on)
            role.end_reason = reason[:500]
            _record(role, None, f"Role ended: {reason}")
            role.save()
            _sync_permissions(user, body)
        return None
    if role is None:
        role = BodyRole(body=body, user=user, role=Role.MEMBER.value, starts_on=today)
    elif role.ends_on == until:
        return role
    role.ends_on = until
    role.end_reason = ""
    _record(role, None, reason)
    role.save()
    _sync_permissions(user, body)
    return role


def body_version_bump(body_ids: set[int]) -> None:
    """Note that what the overview shows of ``body_ids`` changed (``Body.version``); the
    apps' model receivers call it on every write."""
    body_ids = {pk for pk in body_ids if pk is not None}
    if body_ids:
        Body.objects.filter(pk__in=body_ids).update(version=uuid.uuid4())
