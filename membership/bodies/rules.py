"""Who may do what in a body: the one access module for rights held in a body.

``can(user, capability, body)`` is what every service, selector, view and template asks. A
global role (the IGF Secretariat) or a superuser may everywhere; anyone else needs a role held
today in that body (``BodyRole``) whose capabilities include it, *and* the django-guardian
object permission the service granted with the role: a permission left behind by a role that
ended grants nothing, and a role row without its permission neither."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

from mag_portal.roles import ROLE_CAPABILITIES, Capability, Role, has_capability
from mag_portal.types import Viewer

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from membership.bodies.models import Body

_ROLES_ATTR = "_mag_body_roles"
_PERMS_ATTR = "_mag_body_perms"


def active_role_filter(today: object = None) -> Q:
    """Roles held today: started, and not yet ended (``ends_on`` is the day it stopped)."""
    today = today or timezone.localdate()
    return Q(starts_on__lte=today) & (Q(ends_on__isnull=True) | Q(ends_on__gt=today))


def body_roles(user: Viewer) -> dict[int, frozenset[Role]]:
    """The roles ``user`` holds today, by body id (one query, cached on the user)."""
    if not user.is_authenticated:
        return {}
    cached: dict[int, frozenset[Role]] | None = getattr(user, _ROLES_ATTR, None)
    if cached is None:
        from membership.bodies.models import BodyRole

        found: dict[int, set[Role]] = {}
        rows = BodyRole.objects.filter(active_role_filter(), user=user).values_list(
            "body_id", "role"
        )
        for body_id, role in rows:
            found.setdefault(body_id, set()).add(Role(role))
        cached = {body_id: frozenset(roles) for body_id, roles in found.items()}
        setattr(user, _ROLES_ATTR, cached)
    return cached


def roles_in(user: Viewer, body: Body) -> frozenset[Role]:
    return body_roles(user).get(body.pk, frozenset())


def roles_in_any_body(user: Viewer) -> frozenset[Role]:
    held: set[Role] = set()
    for roles in body_roles(user).values():
        held |= roles
    return frozenset(held)


def body_ids_with(user: Viewer, *roles: Role) -> set[int]:
    """Ids of the bodies where ``user`` holds one of ``roles`` today."""
    wanted = set(roles)
    return {body_id for body_id, held in body_roles(user).items() if held & wanted}


def body_permissions(user: User) -> dict[int, frozenset[str]]:
    """The django-guardian permissions ``user`` holds on the bodies where they hold a role,
    by body id: one query for every body (none for a user without roles), cached on the user.
    Body permissions are granted to users, never to groups (``services._sync_permissions``)."""
    cached: dict[int, frozenset[str]] | None = getattr(user, _PERMS_ATTR, None)
    if cached is None:
        from django.contrib.contenttypes.models import ContentType
        from guardian.models import UserObjectPermission

        from membership.bodies.models import Body

        found: dict[int, set[str]] = {}
        body_ids = [str(pk) for pk in body_roles(user)]
        if body_ids:
            rows = UserObjectPermission.objects.filter(
                user=user,
                content_type=ContentType.objects.get_for_model(Body),
                object_pk__in=body_ids,
            ).values_list("object_pk", "permission__codename")
            for object_pk, codename in rows:
                found.setdefault(int(object_pk), set()).add(codename)
        cached = {body_id: frozenset(codes) for body_id, codes in found.items()}
        setattr(user, _PERMS_ATTR, cached)
    return cached


def can(user: Viewer, capability: Capability, body: Body) -> bool:
    """Whether ``user`` may do ``capability`` in ``body``."""
    if has_capability(user, capability):
        return True
    if not user.is_authenticated:
        return False
    by_role = any(capability in ROLE_CAPABILITIES[role] for role in roles_in(user, body))
    return by_role and capability.value in body_permissions(user).get(body.pk, frozenset())


def can_manage(user: Viewer, body: Body) -> bool:
    """Edit the body's page and who holds a role in it: the Secretariat (the IGF Secretariat
    in every body, a body secretariat in its own)."""
    return can(user, Capability.MANAGE_BODIES, body)


def can_create_bodies(user: Viewer) -> bool:
    """Create a body (a working group, an initiative): the IGF Secretariat."""
    return has_capability(user, Capability.MANAGE_BODIES)


def is_member(user: Viewer, body: Body) -> bool:
    return Role.MEMBER in roles_in(user, body)
