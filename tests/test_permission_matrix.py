"""Every URL of the project, and what each kind of visitor gets from a GET.

``test_every_url_has_a_row`` enumerates the URL resolver: a URL added without a row here fails
the suite, so nobody ships a page whose access rules were never stated. Rows for the Django
admin's per-model URLs are generated from the admin registry (they all share the admin's one
rule: staff only, and no role here is staff).

Pages of a body are visited in the MAG. ``other_chair`` chairs another body (the Leadership
Panel): in the MAG they are an outsider (``OUTSIDER``: what the public sees of a public page,
403 for the rest), elsewhere they get what the MAG's chair gets, unless a row says otherwise.
``test_rights_stay_in_their_body`` visits the same pages in the Leadership Panel, where the two
chairs swap places.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import login
from tests.paths import BODY_NAMESPACES, reverse

VISITORS = (
    "anonymous",
    "member",
    "other_member",
    "secretariat",
    "chair",
    "chair_without_mfa",
    "other_chair",
)


@dataclass(frozen=True)
class Outcome:
    status: int
    redirect_to: str | None = None  # a URL name; the redirect's path must match it

    def describe(self) -> str:
        return f"{self.status} -> {self.redirect_to}" if self.redirect_to else str(self.status)


OK = Outcome(HTTPStatus.OK)
DENIED = Outcome(HTTPStatus.FORBIDDEN)
NOT_FOUND = Outcome(HTTPStatus.NOT_FOUND)
NOT_ALLOWED = Outcome(HTTPStatus.METHOD_NOT_ALLOWED)
LOGIN = Outcome(HTTPStatus.FOUND, "account_login")
MFA_SETUP = Outcome(HTTPStatus.FOUND, "mfa_activate_totp")
REAUTHENTICATE = Outcome(HTTPStatus.FOUND, "account_reauthenticate")


def redirect(url_name: str) -> Outcome:
    return Outcome(HTTPStatus.FOUND, url_name)


@dataclass(frozen=True)
class World:
    """The people a row's URL arguments may refer to."""

    member: User
    other_member: User
    secretariat: User
    chair: User
    chair_without_mfa: User
    other_chair: User


@dataclass(frozen=True)
class Row:
    anonymous: Outcome
    member: Outcome
    secretariat: Outcome
    chair: Outcome
    chair_without_mfa: Outcome
    other_member: Outcome | None = None  # defaults to what ``member`` gets
    other_chair: Outcome | None = None  # defaults: see the module's docstring
    kwargs: Callable[[World], dict[str, Any]] = field(default=lambda world: {})

    def expected(self, visitor: str, key: str) -> Outcome:
        if visitor == "other_member":
            return self.other_member or self.member
        if visitor == "other_chair":
            if self.other_chair is not None:
                return self.other_chair
            return self.outsider() if key.startswith(BODY_NAMESPACES) else self.chair
        return getattr(self, visitor)

    def outsider(self) -> Outcome:
        """What a signed-in user with no role in the body gets: the public's page where the
        public has one, a refusal where the public is sent to sign in; POST-only stays so."""
        if self.member == NOT_ALLOWED:
            return NOT_ALLOWED
        return DENIED if self.anonymous == LOGIN else self.anonymous


def everyone(outcome: Outcome) -> Row:
    return Row(outcome, outcome, outcome, outcome, outcome)


def signed_in(outcome: Outcome, *, anonymous: Outcome = LOGIN) -> Row:
    """Any signed-in user gets ``outcome``; a chair without MFA is sent to set it up."""
    return Row(anonymous, outcome, outcome, outcome, MFA_SETUP)


# A GET on allauth's POST-only or flow-stage URLs without the flow in progress redirects.
# Django's admin sends every non-staff visitor to its login, which allauth guards.
ADMIN_ONLY = Row(
    anonymous=redirect("admin:login"),
    member=redirect("admin:login"),
    secretariat=redirect("admin:login"),
    chair=redirect("admin:login"),
    chair_without_mfa=MFA_SETUP,
)
ADMIN_LOGIN = Row(
    anonymous=LOGIN,
    member=DENIED,
    secretariat=DENIED,
    chair=DENIED,
    chair_without_mfa=MFA_SETUP,
)


def _body(slug: str = "mag") -> dict[str, Any]:
    from tests.factories import mag

    return {"body": mag().slug if slug == "mag" else slug}


def _body_role(w: World) -> dict[str, Any]:
    from membership.bodies.models import BodyRole

    role = BodyRole.objects.get(user=w.chair, role="Chair")
    return {"body": role.body.slug, "pk": role.pk}


def _tor(world: World, *, number: int | None = None, comment: bool = False) -> dict[str, Any]:
    """The member ToR: revision 1 adopted, 2 in consultation with a comment, 3 a draft."""
    import datetime as dt

    from django.utils import timezone

    from membership.tor.models import Comment, Document, Revision
    from tests.factories import DocumentFactory, RevisionFactory

    document = Document.objects.filter(slug="member-tor").first()
    if document is None:
        document = DocumentFactory(slug="member-tor", is_main=True)
        RevisionFactory(
            document=document,
            number=1,
            status="adopted",
            adopted_at=timezone.now(),
            effective_date=dt.date(2026, 1, 1),
        )
        consultation = RevisionFactory(
            document=document,
            number=2,
            status="consultation",
            consultation_opens_at=timezone.now() - dt.timedelta(days=1),
            consultation_closes_at=timezone.now() + dt.timedelta(days=1),
        )
        RevisionFactory(document=document, number=3, status="draft")
        Comment.objects.create(
            revision=consultation,
            author=world.member,
            section_id="sec-introduction",
            section_title="Introduction",
            body="Clearer, please.",
        )
    kwargs: dict[str, Any] = {"slug": document.slug}
    if number is not None:
        kwargs["number"] = number
    if comment:
        revision = Revision.objects.get(document=document, number=number)
        kwargs["pk"] = revision.comments.get().pk
    return kwargs


# roster: roster objects for the rows above
def _year() -> dict[str, Any]:
    from tests.factories import CycleFactory

    return {"year": CycleFactory(year=2026).year}


def _person_of(w: World) -> dict[str, Any]:
    from membership.roster.models import Person
    from tests.factories import PersonFactory, seat

    person = Person.objects.filter(user=w.member).first()
    if person is None:
        person = PersonFactory(user=w.member)
        seat(w.member)  # a member of the MAG, so the MAG's chair sees the record
    return {"pk": person.pk}


def _appointment() -> dict[str, Any]:
    from tests.factories import AppointmentFactory, CycleFactory

    return {"pk": AppointmentFactory(cycle=CycleFactory(year=2026)).pk}


def _nomination() -> dict[str, Any]:
    from tests.factories import NominationFactory

    return {"pk": NominationFactory().pk}


EXPECTED: dict[str, Row] = {
    # mag_portal
    "home": Row(
        anonymous=OK,
        member=redirect("member_home"),
        secretariat=redirect("secretariat_home"),
        chair=redirect("chair_home"),
        chair_without_mfa=MFA_SETUP,
    ),
    "chair_home": Row(LOGIN, DENIED, DENIED, OK, MFA_SETUP),
    "secretariat_home": Row(LOGIN, DENIED, OK, DENIED, MFA_SETUP),
    "member_home": Row(LOGIN, OK, DENIED, DENIED, MFA_SETUP),
    "healthz": everyone(OK),
    # Addresses from before bodies lead to the same page of the MAG, for everyone.
    "^(?P<area>tor|roster|onboarding)/(?P<rest>.*)$": Row(
        *(4 * [redirect("tor:public")]), MFA_SETUP, other_chair=redirect("tor:public")
    ),
    # bodies: the directory and a body's page are public; managing a body is its
    # Secretariat's (the IGF Secretariat's everywhere); creating one the IGF Secretariat's.
    "bodies:directory": Row(OK, OK, OK, OK, MFA_SETUP),
    "bodies:detail": Row(OK, OK, OK, OK, MFA_SETUP, kwargs=lambda w: _body()),
    "bodies:create": Row(LOGIN, DENIED, OK, DENIED, MFA_SETUP),
    "bodies:edit": Row(LOGIN, DENIED, OK, DENIED, MFA_SETUP, kwargs=lambda w: _body()),
    "bodies:roles": Row(LOGIN, DENIED, OK, DENIED, MFA_SETUP, kwargs=lambda w: _body()),
    "bodies:role_end": Row(LOGIN, *(3 * [NOT_ALLOWED]), MFA_SETUP, kwargs=_body_role),
    # The overview of the bodies one manages: the IGF Secretariat sees them all; a chair of
    # a body only manages its roster, so has none to oversee.
    "bodies:overview": Row(LOGIN, DENIED, OK, DENIED, MFA_SETUP),
    "set_language": Row(
        anonymous=redirect("home"),
        member=redirect("home"),
        secretariat=redirect("home"),
        chair=redirect("home"),
        chair_without_mfa=redirect("home"),
    ),
    # roster: Terms of Reference. Revision 1 is adopted (public), 2 is in consultation
    # (members and staff), 3 is a draft (Secretariat and chair); see ``_tor``.
    "tor:public": Row(OK, OK, OK, OK, MFA_SETUP),
    "tor:document_create": Row(LOGIN, DENIED, OK, DENIED, MFA_SETUP),
    "tor:document": Row(OK, OK, OK, OK, MFA_SETUP, kwargs=lambda w: _tor(w)),
    "tor:history": Row(OK, OK, OK, OK, MFA_SETUP, kwargs=lambda w: _tor(w)),
    "tor:compare": Row(OK, OK, OK, OK, MFA_SETUP, kwargs=lambda w: _tor(w)),
    # In consultation: the body's members and staff; signed-in outsiders are refused, the
    # public does not learn it exists.
    "tor:revision": Row(
        NOT_FOUND, OK, OK, OK, MFA_SETUP, other_chair=DENIED, kwargs=lambda w: _tor(w, number=2)
    ),
    "tor:revision_pdf": Row(OK, OK, OK, OK, MFA_SETUP, kwargs=lambda w: _tor(w, number=1)),
    "tor:edit": Row(LOGIN, DENIED, OK, DENIED, MFA_SETUP, kwargs=lambda w: _tor(w)),
    "tor:policy_edit": Row(LOGIN, DENIED, OK, DENIED, MFA_SETUP, kwargs=lambda w: _tor(w)),
    "tor:acknowledgements": Row(LOGIN, DENIED, OK, OK, MFA_SETUP, kwargs=lambda w: _tor(w)),
    "tor:consultation_open": Row(
        LOGIN, DENIED, OK, DENIED, MFA_SETUP, kwargs=lambda w: _tor(w, number=3)
    ),
    "tor:consultation_close": Row(
        LOGIN, *(3 * [NOT_ALLOWED]), MFA_SETUP, kwargs=lambda w: _tor(w, number=2)
    ),
    "tor:adopt": Row(LOGIN, DENIED, DENIED, OK, MFA_SETUP, kwargs=lambda w: _tor(w, number=3)),
    "tor:withdraw": Row(LOGIN, DENIED, OK, DENIED, MFA_SETUP, kwargs=lambda w: _tor(w, number=3)),
    "tor:comment_create": Row(
        LOGIN, *(3 * [NOT_ALLOWED]), MFA_SETUP, kwargs=lambda w: _tor(w, number=2)
    ),
    "tor:comment_answer": Row(
        LOGIN, DENIED, OK, DENIED, MFA_SETUP, kwargs=lambda w: _tor(w, number=2, comment=True)
    ),
    "tor:summary": Row(LOGIN, DENIED, OK, OK, MFA_SETUP, kwargs=lambda w: _tor(w, number=2)),
    "tor:summary_csv": Row(LOGIN, DENIED, OK, OK, MFA_SETUP, kwargs=lambda w: _tor(w, number=2)),
    "tor:acknowledge": Row(
        LOGIN, *(3 * [NOT_ALLOWED]), MFA_SETUP, kwargs=lambda w: _tor(w, number=1)
    ),
    # roster: roster
    "roster:public": Row(OK, OK, OK, OK, MFA_SETUP),
    "roster:balance_current": Row(LOGIN, DENIED, OK, OK, MFA_SETUP),
    "roster:balance_cycle": Row(LOGIN, DENIED, OK, OK, MFA_SETUP, kwargs=lambda w: _year()),
    "roster:rotation_plan": Row(LOGIN, DENIED, OK, OK, MFA_SETUP, kwargs=lambda w: _year()),
    "roster:cycle_create": Row(LOGIN, DENIED, DENIED, OK, MFA_SETUP),
    "people:list": Row(LOGIN, DENIED, OK, OK, MFA_SETUP),
    "people:create": Row(LOGIN, DENIED, OK, OK, MFA_SETUP),
    "people:me": Row(LOGIN, OK, DENIED, DENIED, MFA_SETUP),
    # A member sees their own record; another member's is out of scope.
    "people:detail": Row(
        LOGIN,
        OK,
        OK,
        OK,
        MFA_SETUP,
        other_member=NOT_FOUND,
        other_chair=NOT_FOUND,
        kwargs=lambda w: _person_of(w),
    ),
    "people:edit": Row(
        LOGIN,
        OK,
        OK,
        OK,
        MFA_SETUP,
        other_member=NOT_FOUND,
        other_chair=NOT_FOUND,
        kwargs=lambda w: _person_of(w),
    ),
    # No photo uploaded: 404 for everyone who may see the person, like another member.
    "people:photo": Row(
        LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, MFA_SETUP, kwargs=lambda w: _person_of(w)
    ),
    "roster:appointment_create": Row(
        LOGIN, DENIED, DENIED, OK, MFA_SETUP, kwargs=lambda w: _year()
    ),
    "roster:appointment_edit": Row(
        LOGIN, DENIED, DENIED, OK, MFA_SETUP, kwargs=lambda w: _appointment()
    ),
    "roster:appointment_end": Row(
        LOGIN, DENIED, DENIED, OK, MFA_SETUP, kwargs=lambda w: _appointment()
    ),
    "roster:nomination_list": Row(LOGIN, DENIED, OK, OK, MFA_SETUP, kwargs=lambda w: _year()),
    "roster:nomination_create": Row(LOGIN, DENIED, OK, DENIED, MFA_SETUP, kwargs=lambda w: _year()),
    "roster:nomination_status": Row(
        LOGIN, *(3 * [NOT_ALLOWED]), MFA_SETUP, kwargs=lambda w: _nomination()
    ),
    "roster:selection_review": Row(LOGIN, DENIED, DENIED, OK, MFA_SETUP, kwargs=lambda w: _year()),
    "roster:selection_accept": Row(
        LOGIN, *(3 * [NOT_ALLOWED]), MFA_SETUP, kwargs=lambda w: _year()
    ),
    "roster:export": Row(LOGIN, DENIED, OK, OK, MFA_SETUP, kwargs=lambda w: _year()),
    "roster:import": Row(LOGIN, DENIED, OK, OK, MFA_SETUP, kwargs=lambda w: _year()),
    # onboarding
    # A member's own checklist; another member's, or an outsider's look, is out of scope.
    "onboarding:checklist_detail": Row(
        LOGIN,
        OK,
        OK,
        OK,
        MFA_SETUP,
        other_member=NOT_FOUND,
        other_chair=NOT_FOUND,
        kwargs=lambda w: _checklist(w),
    ),
    "onboarding:buddy_assign": Row(
        LOGIN, *(3 * [NOT_ALLOWED]), MFA_SETUP, kwargs=lambda w: _checklist(w)
    ),
    "onboarding:item_complete": Row(
        LOGIN, *(3 * [NOT_ALLOWED]), MFA_SETUP, kwargs=lambda w: _item(w)
    ),
    "onboarding:item_undo": Row(LOGIN, *(3 * [NOT_ALLOWED]), MFA_SETUP, kwargs=lambda w: _item(w)),
    "onboarding:item_accept_tor": Row(
        LOGIN, *(3 * [NOT_ALLOWED]), MFA_SETUP, kwargs=lambda w: _item(w)
    ),
    "onboarding:evidence_upload": Row(
        LOGIN, *(3 * [NOT_ALLOWED]), MFA_SETUP, kwargs=lambda w: _item(w)
    ),
    "onboarding:item_waive": Row(LOGIN, DENIED, OK, DENIED, MFA_SETUP, kwargs=lambda w: _item(w)),
    "onboarding:evidence_download": Row(
        LOGIN,
        OK,
        OK,
        OK,
        MFA_SETUP,
        other_member=NOT_FOUND,
        other_chair=NOT_FOUND,
        kwargs=lambda w: _evidence(w),
    ),
    "onboarding:board": Row(LOGIN, DENIED, OK, OK, MFA_SETUP),
    "onboarding:board_csv": Row(LOGIN, DENIED, OK, OK, MFA_SETUP),
    "onboarding:template_list": Row(LOGIN, DENIED, OK, DENIED, MFA_SETUP),
    "onboarding:template_detail": Row(
        LOGIN, DENIED, OK, DENIED, MFA_SETUP, kwargs=lambda w: _template_item(w, "template_id")
    ),
    "onboarding:template_item_edit": Row(
        LOGIN, DENIED, OK, DENIED, MFA_SETUP, kwargs=lambda w: _template_item(w, "pk")
    ),
    "calendar:settings": signed_in(OK),
    # Public (calendar apps cannot sign in): the secret token is the key.
    "calendar:feed": Row(OK, OK, OK, OK, MFA_SETUP, kwargs=lambda w: _feed(w)),
    # allauth: entrance (signed-in users are sent home)
    "account_login": Row(OK, redirect("home"), redirect("home"), redirect("home"), MFA_SETUP),
    "account_signup": Row(OK, redirect("home"), redirect("home"), redirect("home"), MFA_SETUP),
    "account_logout": Row(redirect("home"), OK, OK, OK, OK),
    "account_inactive": Row(OK, OK, OK, OK, MFA_SETUP),
    "account_email_verification_sent": Row(OK, OK, OK, OK, MFA_SETUP),
    # An unknown key shows allauth's "link expired or invalid" page.
    "account_confirm_email": Row(OK, OK, OK, OK, MFA_SETUP, kwargs=lambda w: {"key": "bogus"}),
    "account_reset_password": Row(OK, OK, OK, OK, MFA_SETUP),
    "account_reset_password_done": Row(OK, OK, OK, OK, MFA_SETUP),
    "account_reset_password_from_key": Row(
        OK, OK, OK, OK, MFA_SETUP, kwargs=lambda w: {"uidb36": "0", "key": "set-password"}
    ),
    "account_reset_password_from_key_done": Row(OK, OK, OK, OK, MFA_SETUP),
    "account_confirm_login_code": Row(
        redirect("account_login"), *(3 * [redirect("home")]), MFA_SETUP
    ),
    # allauth: account management
    "account_email": signed_in(OK),
    "account_change_password": signed_in(OK),
    "account_set_password": signed_in(redirect("account_change_password")),
    "account_reauthenticate": Row(LOGIN, OK, OK, OK, OK),
    "account_request_reauthentication_code": signed_in(OK),
    "account_confirm_reauthentication_code": signed_in(
        redirect("account_request_reauthentication_code")
    ),
    # allauth: MFA. A chair without MFA may reach only the set-up pages. Changing MFA settings
    # asks for the password again first (allauth's reauthentication), even right after login.
    "mfa_index": Row(LOGIN, OK, OK, OK, OK),
    "mfa_authenticate": Row(redirect("account_login"), *(3 * [redirect("home")]), MFA_SETUP),
    "mfa_reauthenticate": Row(
        LOGIN, REAUTHENTICATE, OK, OK, REAUTHENTICATE, other_member=REAUTHENTICATE
    ),
    "mfa_activate_totp": Row(LOGIN, *(4 * [REAUTHENTICATE])),
    "mfa_deactivate_totp": Row(LOGIN, NOT_FOUND, REAUTHENTICATE, REAUTHENTICATE, MFA_SETUP),
    "mfa_view_recovery_codes": Row(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "mfa_generate_recovery_codes": Row(LOGIN, *(4 * [REAUTHENTICATE])),
    "mfa_download_recovery_codes": Row(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    # Django admin
    "admin:index": ADMIN_ONLY,
    "admin:login": ADMIN_LOGIN,
    "admin:logout": Row(redirect("admin:login"), *(3 * [redirect("admin:index")]), MFA_SETUP),
    "admin:password_change": ADMIN_ONLY,
    "admin:password_change_done": ADMIN_ONLY,
    "admin:autocomplete": ADMIN_ONLY,
    "admin:jsi18n": ADMIN_ONLY,
    "admin:view_on_site": Row(
        *(4 * [redirect("admin:login")]),
        MFA_SETUP,
        kwargs=lambda w: {"content_type_id": "1", "object_id": "1"},
    ),
    "admin:app_list": Row(
        *(4 * [redirect("admin:login")]), MFA_SETUP, kwargs=lambda w: {"app_label": "auth"}
    ),
    "admin/(?P<url>.*)$": Row(*(4 * [redirect("admin:login")]), MFA_SETUP),
}


def _checklist(w: World) -> dict[str, Any]:
    """The member's checklist, with one plain item and one upload item."""
    from onboarding.models import Checklist
    from tests.factories import TemplateItemFactory, checklist_for

    existing = Checklist.objects.filter(appointment__person__user=w.member).first()
    if existing is None:
        item = TemplateItemFactory(title="Orientation call")
        TemplateItemFactory(template=item.template, title="Declaration", kind="upload")
        existing = checklist_for(w.member)
    return {"pk": existing.pk}


def _item(w: World) -> dict[str, Any]:
    from onboarding.models import ChecklistItem

    checklist_pk = _checklist(w)["pk"]
    return {"pk": ChecklistItem.objects.get(checklist_id=checklist_pk, kind="plain").pk}


def _evidence(w: World) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from onboarding.models import ChecklistItem
    from onboarding.services import evidence_file_add

    item = ChecklistItem.objects.get(checklist_id=_checklist(w)["pk"], kind="upload")
    upload = SimpleUploadedFile("declaration.pdf", b"%PDF-1.4\n%test\n", "application/pdf")
    return {"pk": evidence_file_add(item=item, upload=upload, actor=w.member).pk}


def _template_item(w: World, key: str) -> dict[str, Any]:
    from tests.factories import TemplateItemFactory

    return {"pk": getattr(TemplateItemFactory(), key)}


def _feed(w: World) -> dict[str, Any]:
    from onboarding.services import calendar_token_rotate

    return {"token": calendar_token_rotate(actor=w.member).token}


def _admin_model_rows() -> Iterator[tuple[str, Row]]:
    """Model pages of the admin are not public views, so anonymous visitors meet
    ``LoginRequiredMiddleware`` before the admin's own login redirect."""
    list_row = Row(LOGIN, *(3 * [redirect("admin:login")]), MFA_SETUP)
    object_row = Row(
        LOGIN,
        *(3 * [redirect("admin:login")]),
        MFA_SETUP,
        kwargs=lambda w: {"object_id": str(w.member.pk)},
    )
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        yield f"{prefix}_changelist", list_row
        yield f"{prefix}_add", list_row
        for action in ("history", "delete", "change"):
            yield f"{prefix}_{action}", object_row
        yield (
            f"admin/{model._meta.app_label}/{model._meta.model_name}/<path:object_id>/",
            object_row,
        )
    yield (
        "admin:auth_user_password_change",
        Row(
            LOGIN,
            *(3 * [redirect("admin:login")]),
            MFA_SETUP,
            kwargs=lambda w: {"id": w.member.pk},
        ),
    )


EXPECTED.update(_admin_model_rows())


def _walk(patterns: list[Any], prefix: str = "", namespace: str | None = None) -> Iterator[str]:
    """Yield one key per URL pattern: its namespaced name, or its route when it has none."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            if pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name
            else:
                yield prefix + str(pattern.pattern)


def _url_for(key: str, row: Row, world: World) -> str:
    if key.startswith("^(?P<area>"):  # the redirects from before bodies
        return "/tor/"
    if "/" in key:  # an unnamed pattern, keyed by its route: build a concrete path
        route = key.replace("(?P<url>.*)$", "no-such-page/")
        return "/" + route.replace("<path:object_id>", str(world.member.pk))
    return reverse(key, kwargs=row.kwargs(world))


def test_every_url_has_a_row() -> None:
    keys = list(_walk(get_resolver().url_patterns))
    missing = sorted(set(keys) - EXPECTED.keys())
    stale = sorted(EXPECTED.keys() - set(keys))
    assert not missing, f"URLs without a row in the permission matrix: {missing}"
    assert not stale, f"Rows for URLs that no longer exist: {stale}"


@pytest.fixture
def world(member, other_member, secretariat, chair, chair_without_mfa, other_chair) -> World:
    return World(member, other_member, secretariat, chair, chair_without_mfa, other_chair)


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_access(key: str, world: World) -> None:
    row = EXPECTED[key]
    url = _url_for(key, row, world)
    mismatches = []
    for visitor in VISITORS:
        client = Client()
        if visitor != "anonymous":
            login(client, getattr(world, visitor))
        response = client.get(url)
        got = _outcome_of(response)
        want = row.expected(visitor, key)
        if got != want:
            mismatches.append(f"{visitor}: expected {want.describe()}, got {got.describe()}")
    assert not mismatches, f"GET {url}:\n  " + "\n  ".join(mismatches)


def _outcome_of(response: Any) -> Outcome:
    if response.status_code not in (HTTPStatus.FOUND, HTTPStatus.MOVED_PERMANENTLY):
        return Outcome(response.status_code)
    path = urlsplit(response["Location"]).path
    match = get_resolver().resolve(path)
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    return Outcome(response.status_code, name)


def _plain_body_pages() -> list[str]:
    """Pages of a body that need nothing but the body in their address."""
    default_kwargs = Row.__dataclass_fields__["kwargs"].default
    plain = [
        key
        for key, row in EXPECTED.items()
        if key.startswith(BODY_NAMESPACES) and row.kwargs is default_kwargs
    ]
    return [*sorted(plain), "bodies:edit", "bodies:roles"]


@pytest.mark.parametrize("key", _plain_body_pages())
def test_rights_stay_in_their_body(key: str, world: World, panel) -> None:
    """In the Leadership Panel the two chairs swap places: its chair gets what the MAG's chair
    gets in the MAG, and the MAG's chair is an outsider there."""
    row = EXPECTED[key]
    url = reverse(key, kwargs={"body": panel.slug})
    want = {"other_chair": row.chair, "chair": row.outsider(), "member": row.outsider()}
    if key.startswith("bodies:"):
        want["other_chair"] = DENIED  # a chair manages the roster, not the body
    got = {}
    for visitor in want:
        client = login(Client(), getattr(world, visitor))
        got[visitor] = _outcome_of(client.get(url))
    assert got == want, f"GET {url}"
