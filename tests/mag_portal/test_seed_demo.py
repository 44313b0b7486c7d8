"""``seed_demo`` is idempotent, refuses to run in production, and its logins work."""

from __future__ import annotations

from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from mag_portal.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, current_totp_code
from mag_portal.roles import Capability, Role, has_capability, user_roles
from membership.bodies.models import Body, BodyRole
from membership.bodies.rules import roles_in

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", "--allow-without-debug", stdout=out)
    return out.getvalue()


def test_seed_demo_is_idempotent() -> None:
    _seed()
    _seed()
    emails = {a.email for a in DEMO_ACCOUNTS}
    assert User.objects.filter(email__in=emails).count() == len(DEMO_ACCOUNTS) == 6
    with_mfa = sum(1 for a in DEMO_ACCOUNTS if a.mfa)
    assert Authenticator.objects.filter(type=Authenticator.Type.TOTP).count() == with_mfa == 4
    assert Authenticator.objects.filter(type=Authenticator.Type.RECOVERY_CODES).count() == 4
    assert BodyRole.objects.count() == 10  # each role granted once, not once per run


def test_demo_accounts_have_their_roles_and_the_documented_password() -> None:
    _seed()
    # The role each account is for, in its body, and every body it serves (the roles a seat
    # brings follow the appointments the demo roster gives them).
    expected = {
        "chair@demo.example": ("mag", Role.CHAIR, {"mag", "lp", "wg-strategy"}),
        "member@demo.example": ("mag", Role.MEMBER, {"mag", "wg-hybrid"}),
        "newmember@demo.example": ("mag", Role.MEMBER, {"mag"}),
        "panel.chair@demo.example": ("lp", Role.CHAIR, {"lp"}),
        "coordinator@demo.example": ("kigf", Role.SECRETARIAT, {"kigf"}),
    }
    for email, (slug, role, bodies) in expected.items():
        user = User.objects.get(email=email)
        assert user.check_password(DEMO_PASSWORD)
        assert role in roles_in(user, Body.objects.get(slug=slug))
        assert not has_capability(user, Capability.MANAGE_BODIES)  # no global role
        assert set(user.body_roles.values_list("body__slug", flat=True)) == bodies
        assert user.emailaddress_set.get(primary=True).verified
    secretariat = User.objects.get(email="secretariat@demo.example")
    assert user_roles(secretariat) == {Role.SECRETARIAT}
    assert has_capability(secretariat, Capability.MANAGE_BODIES)


def test_printed_totp_code_is_accepted_by_allauth() -> None:
    output = _seed()
    assert "chair@demo.example" in output
    assert f"code right now: {current_totp_code()}" in output
    chair_totp = Authenticator.objects.get(
        user__email="chair@demo.example", type=Authenticator.Type.TOTP
    )
    assert TOTP(chair_totp).validate_code(current_totp_code())


def test_seed_demo_refuses_to_run_without_debug(settings) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only with DEBUG=1"):
        call_command("seed_demo")
    assert not User.objects.filter(email="chair@demo.example").exists()


def test_demo_totp_command_prints_the_current_code() -> None:
    out = StringIO()
    call_command("demo_totp", stdout=out)
    assert out.getvalue().strip() == current_totp_code()


def test_seed_demo_adds_the_member_terms_of_reference() -> None:
    from membership.tor.models import Comment, Revision
    from membership.tor.selectors import policy_in_force

    _seed()
    _seed()
    statuses = dict(
        Revision.objects.filter(document__slug="member-tor").values_list("number", "status")
    )
    assert statuses == {1: "adopted", 2: "consultation", 3: "draft"}
    assert Comment.objects.count() == 3
    assert policy_in_force(Body.objects.get(slug="mag")).seat_count == 40
