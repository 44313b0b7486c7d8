"""Reads of bodies: the default body, one body by its address, the public directory, the
bodies a person serves, and who holds which role."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from mag_portal.permissions import require
from mag_portal.types import Viewer
from membership.bodies import rules
from membership.bodies.models import Body, BodyRole
from membership.bodies.rules import active_role_filter


def default_body() -> Body | None:
    """The body today's /roster/ and /tor/ serve (the MAG)."""
    return Body.objects.filter(is_default=True).first()


def body_get(*, slug: str) -> Body:
    """The body at ``/b/<slug>/`` (404 when there is none)."""
    body = Body.objects.select_related("parent").filter(slug=slug).first()
    if body is None:
        raise Http404("No such body")
    return body


def filtered(bodies: QuerySet[Body], *, q: str = "", kind: str = "") -> QuerySet[Body]:
    """``bodies`` whose name or short name contains ``q``, of ``kind`` (each when given)."""
    if q:
        bodies = bodies.filter(Q(name__icontains=q) | Q(short_name__icontains=q))
    if kind:
        bodies = bodies.filter(kind=kind)
    return bodies


def bodies_directory(*, q: str = "", kind: str = "") -> QuerySet[Body]:
    """Every body (those matching ``q`` and ``kind``), with its parent and how many bodies it
    holds (one query)."""
    bodies = Body.objects.select_related("parent").annotate(child_count=Count("children"))
    return filtered(bodies, q=q, kind=kind)


def bodies_all(*, q: str = "", kind: str = "") -> list[Body]:
    bodies = Body.objects.select_related("parent").order_by("-is_default", "name")
    return list(filtered(bodies, q=q, kind=kind))


def roles_of(*, user: Viewer, body: Body, include_ended: bool = False) -> list[BodyRole]:
    """Who holds which role in ``body`` (its Secretariat)."""
    require(rules.can_manage(user, body))
    roles = BodyRole.objects.filter(body=body).select_related("user")
    if not include_ended:
        roles = roles.filter(active_role_filter())
    return list(roles.order_by("role", "user__last_name", "user__first_name", "pk"))


def role_get(*, user: Viewer, body: Body, pk: int) -> BodyRole:
    require(rules.can_manage(user, body))
    role = BodyRole.objects.select_related("user", "body").filter(pk=pk, body=body).first()
    if role is None:
        raise Http404
    return role


def bodies_of(user: Viewer) -> list[Body]:
    """The bodies where ``user`` holds a role today, the default body first."""
    ids = list(rules.body_roles(user))
    if not ids:
        return []
    return list(Body.objects.filter(pk__in=ids).select_related("parent"))


def children_of(body: Body) -> list[Body]:
    return list(body.children.order_by("name"))


def with_children(bodies: QuerySet[Body]) -> QuerySet[Body]:
    return bodies.prefetch_related(Prefetch("children", queryset=Body.objects.order_by("name")))


def bodies_where_member(user: Viewer) -> list[Body]:
    """The bodies where ``user`` is a member today."""
    from mag_portal.roles import Role

    ids = rules.body_ids_with(user, Role.MEMBER)
    return list(Body.objects.filter(pk__in=ids)) if ids else []
